// The package's API (index.d.ts): the module's exports, plus what wasm-bindgen cannot express:
// a policy converted once per options object, the lazy `checks` trail, renewal after a trap.
import * as wasm from "./gen/upgrade_handshake.js";

let generation = 0; // instantiations since the first: a policy of an older one is stale

/** `f(a, b)`. A trap (the core never panics, but memory can run out) leaves the instance unusable:
 * the glue instantiates the module again, policies are converted again, and the trap is rethrown. */
function guard(f, a, b) {
  try {
    return f(a, b);
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) {
      wasm.__wbg_reset_state();
      generation++;
      byObject = new WeakMap();
      defaults = last = undefined;
    }
    throw error;
  }
}

const copy = (v) => (typeof v !== "object" || v === null ? v : Array.isArray(v) ? v.map(copy) : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)])));

/** Whether `v` holds what `saved` (a copy) held. */
function same(v, saved) {
  if (typeof v !== "object" || v === null || typeof saved !== "object" || saved === null) return Object.is(v, saved);
  const keys = Object.keys(v);
  if (Array.isArray(v) !== Array.isArray(saved) || keys.length !== Object.keys(saved).length) return false;
  return keys.every((k) => Object.hasOwn(saved, k) && same(v[k], saved[k]));
}

// Policies are `{ options (a copy), negotiator, generation }`; `last` serves a fresh equal literal.
let defaults, last;
let byObject = new WeakMap();

function policyFor(options) {
  if (options === undefined || options === null) return (defaults ??= { options, negotiator: new wasm.Negotiator(options), generation });
  const seen = (typeof options === "object" && byObject.get(options)) || last;
  if (seen !== undefined && same(options, seen.options)) return seen;
  last = { options: copy(options), negotiator: new wasm.Negotiator(options), generation };
  byObject.set(options, last);
  return last;
}

// A lazy outcome keeps its policy and request in a non-enumerable symbol property: no key
// listing, JSON, spread or deep-equality check sees it, and a Proxy or an heir still reaches it.
const AGAIN = Symbol("upgrade-handshake: the request behind a lazy checks trail");
const setChecks = (o, checks) => Reflect.defineProperty(o, "checks", { value: checks, writable: true, enumerable: true, configurable: true });
// Overwritten, not deleted: deleting a property makes a slow dictionary-mode object.
const release = (o) => Object.hasOwn(o, AGAIN) && (o[AGAIN] = undefined);

const lazyChecks = {
  get() {
    const again = this[AGAIN];
    if (again === undefined) return [];
    // After a trap, the policy is converted again for the new instance.
    const policy = again.policy.generation === generation ? again.policy : guard(policyFor, again.policy.options);
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

/** A copy of what the core reads of `input`: reusing a buffer or changing a Request afterwards changes no trail. */
function keep(input, limit) {
  if (typeof input === "string") return input;
  if (input instanceof Uint8Array) return Uint8Array.prototype.slice.call(input, 0, limit);
  const fields = [];
  input.headers.forEach((value, name) => fields.push([name, value]));
  const headers = { forEach: (f) => fields.forEach(([name, value]) => f(value, name)) };
  return { method: input.method, url: input.url, headers, body: input.body == null ? null : true };
}

/** Gives `outcome` its `checks`: as the module sent them, `[]` with the trail off, or lazily. */
function withChecks(outcome, policy, input) {
  if (outcome.checks !== undefined) return outcome;
  if (policy.options?.trail === false) return Object.assign(outcome, { checks: [] });
  const again = { policy, input: keep(input, policy.negotiator.maxHeadBytes) };
  Object.defineProperty(outcome, AGAIN, { value: again, writable: true, enumerable: false, configurable: true });
  return Object.defineProperty(outcome, "checks", lazyChecks);
}

export const acceptKey = (key) => guard(wasm.acceptKey, key);
export const generateKey = () => guard(wasm.generateKey);
export const createRequest = (options) => guard(wasm.createRequest, options);
export const verifyResponse = (input, offer) => guard(wasm.verifyResponse, input, offer);

const run = (input, policy) => withChecks(policy.negotiator.negotiate(input), policy, input);
export const negotiate = (input, options) => guard(run, input, guard(policyFor, options));

function runFetch(request, policy) {
  const decision = policy.negotiator.negotiateFetch(request);
  return withChecks(decision.outcome, policy, request) && decision;
}
export const negotiateFetch = (request, options) => guard(runFetch, request, guard(policyFor, options));
