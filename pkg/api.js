// The package's API: the module's exports, and what wasm-bindgen cannot express: one converted
// policy per options object, and a `checks` trail built when first read.
import * as wasm from "./gen/upgrade_handshake.js";

// ---- traps: the core never panics, but a call can exhaust the module's memory --------------------

/** How many times the module was instantiated again; a negotiator of an older one is stale. */
let generation = 0;

/**
 * `f(a, b)`. A trap leaves the instance unusable: wasm-bindgen's glue instantiates the module
 * again (its memory starts afresh), the policies are converted again on their next use, and
 * the trap is rethrown to the call that caused it.
 */
function guard(f, a, b) {
  try {
    return f(a, b);
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) {
      wasm.__wbg_reset_state();
      generation++;
      defaults = last = undefined;
      byObject = new WeakMap();
    }
    throw error;
  }
}

export const acceptKey = (key) => guard(wasm.acceptKey, key);
export const generateKey = () => guard(wasm.generateKey);
export const createRequest = (options) => guard(wasm.createRequest, options);
export const verifyResponse = (input, offer) => guard(wasm.verifyResponse, input, offer);

// ---- the policy cache: an options object is converted again only when its contents change ----

/** A deep copy of plain option data (arrays and objects; other values as they are). */
function copy(value) {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map(copy);
  const out = {};
  for (const key of Object.keys(value)) out[key] = copy(value[key]);
  return out;
}

/** Whether `value` holds what `saved` (a copy) held. */
function same(value, saved) {
  if (typeof value !== "object" || value === null || typeof saved !== "object" || saved === null) return Object.is(value, saved);
  if (Array.isArray(value) !== Array.isArray(saved)) return false;
  const keys = Object.keys(value);
  if (keys.length !== Object.keys(saved).length) return false;
  for (const key of keys) if (!Object.hasOwn(saved, key) || !same(value[key], saved[key])) return false;
  return true;
}

/** Each converted policy: `{ options, negotiator, generation }`, options a copy of the object. */
let defaults;
/** The options objects seen, each with its policy as it was converted. */
let byObject = new WeakMap();
/** The last policy converted: a fresh object literal with the same contents reuses it. */
let last;

function policyFor(options) {
  if (options === undefined || options === null) {
    return (defaults ??= { options, negotiator: new wasm.Negotiator(options), generation });
  }
  const seen = (typeof options === "object" && byObject.get(options)) || last;
  if (seen !== undefined && same(options, seen.options)) return seen;
  last = { options: copy(options), negotiator: new wasm.Negotiator(options), generation };
  byObject.set(options, last);
  return last;
}

// ---- the lazy trail ----------------------------------------------------------------------------

// What a lazy outcome needs for its trail (the negotiator and the request) sits in a
// non-enumerable symbol property: no key listing, JSON, spread or deep-equality check sees it,
// and a Proxy or an object inheriting from the outcome still reaches it.
const AGAIN = Symbol("upgrade-handshake: the request behind a lazy checks trail");

/** Makes `checks` a plain data property; false when it cannot (a frozen outcome). */
function setChecks(outcome, checks) {
  return Reflect.defineProperty(outcome, "checks", { value: checks, writable: true, enumerable: true, configurable: true });
}

/** Lets go of the request (overwritten, not deleted: deleting makes a slow dictionary object). */
function release(outcome) {
  if (Object.hasOwn(outcome, AGAIN)) outcome[AGAIN] = undefined;
}

const lazyChecks = {
  get() {
    const again = this[AGAIN];
    if (again === undefined) return [];
    // A trap since the outcome was made renewed the module: its policy is converted again.
    const policy = again.policy.generation === generation ? again.policy : policyFor(again.policy.options);
    const checks = guard((input) => policy.negotiator.checks(input), again.input);
    // A frozen outcome keeps the accessor and builds the trail again on each read.
    if (setChecks(this, checks)) release(this);
    return checks;
  },
  set(checks) {
    if (!setChecks(this, checks)) throw new TypeError("Cannot assign to checks: the outcome is frozen");
    release(this);
  },
  enumerable: true,
  configurable: true,
};

/**
 * A copy of what the core reads of `input`, so that a caller reusing its buffer or changing a
 * Request's headers cannot change the trail.
 */
function keep(input, limit) {
  if (typeof input === "string") return input;
  if (input instanceof Uint8Array) return Uint8Array.prototype.slice.call(input, 0, limit);
  const fields = [];
  input.headers.forEach((value, name) => fields.push([name, value]));
  const headers = { forEach: (f) => fields.forEach(([name, value]) => f(value, name)) };
  return { method: input.method, url: input.url, headers, body: input.body == null ? null : true };
}

function lazy(outcome, policy, input) {
  if (outcome.checks !== undefined) return outcome;
  const again = { policy, input: keep(input, policy.negotiator.maxHeadBytes) };
  Object.defineProperty(outcome, AGAIN, { value: again, writable: true, enumerable: false, configurable: true });
  return Object.defineProperty(outcome, "checks", lazyChecks);
}

// ---- the API -------------------------------------------------------------------------------------

/**
 * Decide a server's answer to an upgrade request (RFC 9110 §7.8, RFC 6455 §4.2, RFC 7540 §3.2,
 * RFC 2817). Malformed input is an outcome (400, 431...), never an exception.
 * @param {string | Uint8Array | Request} input
 * @param {import("./index.d.ts").Policy} [options]
 * @returns {import("./index.d.ts").Outcome}
 */
export function negotiate(input, options) {
  return guard((input, policy) => lazy(policy.negotiator.negotiate(input), policy, input), input, guard(policyFor, options));
}

/**
 * The Fetch-server helper (Cloudflare Workers and other Fetch servers): negotiate a Request and
 * get what to answer with. See index.d.ts for the full contract.
 * @param {Request} request
 * @param {import("./index.d.ts").Policy} [options]
 * @returns {import("./index.d.ts").FetchDecision}
 */
export function negotiateFetch(request, options) {
  const policy = guard(policyFor, options);
  const decision = guard((request) => policy.negotiator.negotiateFetch(request), request);
  lazy(decision.outcome, policy, request);
  return decision;
}
