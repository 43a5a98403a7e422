// The shared vectors (tests/vectors.json, also run by `cargo test` in tests/vectors.rs) through
// the npm package, so the core and the package cannot drift apart. Every expect key present must
// match exactly. JSON has no "absent", so: null = the key is absent from the JS object; an
// expected `versions: []` or `incomplete: false` is the JS object's absent key too (the package
// leaves out an empty versions list and a false incomplete flag).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { acceptKey, negotiate, verifyResponse } from "upgrade-handshake";

const vectors = JSON.parse(readFileSync(new URL("../vectors.json", import.meta.url), "utf8"));

function expectKey(actual, key, expected, label) {
  const value = actual[key];
  if (expected === null) {
    assert.ok(!(key in actual), `${label}: ${key} should be absent, got ${JSON.stringify(value)}`);
  } else if (key === "warn") {
    // check ids the trail must hold as warnings
    for (const id of expected) {
      assert.ok(actual.checks.some((c) => c.id === id && c.result === "warn"), `${label}: no warning ${id}`);
    }
  } else if (key === "error") {
    // the vectors name the error by its code
    assert.equal(value?.code, expected, `${label}: error ${JSON.stringify(value)}`);
  } else if (key === "versions" && Array.isArray(expected) && expected.length === 0) {
    assert.ok(!(key in actual), `${label}: versions should be absent, got ${JSON.stringify(value)}`);
  } else if (key === "incomplete" && expected === false) {
    assert.ok(!(key in actual), `${label}: incomplete should be absent`);
  } else {
    assert.deepEqual(value, expected, `${label}: ${key}`);
  }
}

test("the vector file has every section", () => {
  assert.ok(vectors.acceptKey.length > 0);
  assert.ok(vectors.negotiate.length > 0);
  assert.ok(vectors.verify.length > 0);
});

test("acceptKey vectors", () => {
  for (const { key, accept } of vectors.acceptKey) assert.equal(acceptKey(key), accept, key);
});

for (const v of vectors.negotiate) {
  test(`negotiate: ${v.name} (${v.section})`, () => {
    const strOut = negotiate(v.request, v.policy ?? undefined);
    for (const [key, expected] of Object.entries(v.expect)) expectKey(strOut, key, expected, v.name);
    // bytes in, same outcome; the trail off, same decision
    assert.deepEqual(negotiate(new TextEncoder().encode(v.request), v.policy ?? undefined), strOut);
    const quiet = negotiate(v.request, { ...(v.policy ?? {}), trail: false });
    assert.deepEqual(quiet.checks, []);
    assert.deepEqual({ ...quiet, checks: strOut.checks }, strOut);
  });
}

for (const v of vectors.verify) {
  test(`verifyResponse: ${v.name} (${v.section})`, () => {
    const out = verifyResponse(v.response, v.offer);
    for (const [key, expected] of Object.entries(v.expect)) expectKey(out, key, expected, v.name);
    assert.deepEqual(verifyResponse(new TextEncoder().encode(v.response), v.offer), out);
  });
}
