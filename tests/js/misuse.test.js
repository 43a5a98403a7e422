// Every misuse message: a wrong type is a TypeError and an out-of-range number a RangeError, each
// naming the argument or option and what it got. serde-wasm-bindgen's own wording ("invalid type",
// "Reflect.get called on non-object"...) never reaches the caller.
import { test } from "node:test";
import assert from "node:assert/strict";
import { acceptKey, createRequest, negotiate, negotiateFetch, verifyResponse } from "upgrade-handshake";

const R = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
const KEY = "dGhlIHNhbXBsZSBub25jZQ==";

// [call, error type, exact message]
const CASES = [
  [() => negotiate(42), TypeError, "input must be a string, a Uint8Array or a Request, got number"],
  [() => negotiate(undefined), TypeError, "input must be a string, a Uint8Array or a Request, got undefined"],
  [() => negotiate(null), TypeError, "input must be a string, a Uint8Array or a Request, got null"],
  [() => negotiate([]), TypeError, "input must be a string, a Uint8Array or a Request, got an array"],
  [() => negotiate(new ArrayBuffer(4)), TypeError, "input must be a string, a Uint8Array or a Request, got object"],
  [() => negotiate(R, 42), TypeError, "options must be an object, got number"],
  [() => negotiate(R, "websocket"), TypeError, "options must be an object, got string"],
  [() => negotiate(R, []), TypeError, "options must be an object, got an array"],
  [() => negotiate(R, { upgrades: "websocket" }), TypeError, "options.upgrades must be an array of strings, got string"],
  [() => negotiate(R, { upgrades: [1] }), TypeError, "options.upgrades[0] must be a string, got number"],
  [() => negotiate(R, { protocols: "chat" }), TypeError, "options.protocols must be an array of strings, got string"],
  [() => negotiate(R, { protocols: ["chat", null] }), TypeError, "options.protocols[1] must be a string, got null"],
  [() => negotiate(R, { protocols: ["chat", Symbol("x")] }), TypeError, "options.protocols[1] must be a string, got symbol"],
  [() => negotiate(R, { origins: {} }), TypeError, "options.origins must be an array of strings, got object"],
  [() => negotiate(R, { permessageDeflate: "yes" }), TypeError, "options.permessageDeflate must be a boolean or an object, got string"],
  [() => negotiate(R, { permessageDeflate: null }), TypeError, "options.permessageDeflate must be a boolean or an object, got null"],
  [() => negotiate(R, { permessageDeflate: [] }), TypeError, "options.permessageDeflate must be a boolean or an object, got an array"],
  [() => negotiate(R, { permessageDeflate: { serverNoContextTakeover: 1 } }), TypeError, "options.permessageDeflate.serverNoContextTakeover must be a boolean, got number"],
  [() => negotiate(R, { permessageDeflate: { clientNoContextTakeover: "yes" } }), TypeError, "options.permessageDeflate.clientNoContextTakeover must be a boolean, got string"],
  [() => negotiate(R, { permessageDeflate: { serverMaxWindowBits: "10" } }), TypeError, "options.permessageDeflate.serverMaxWindowBits must be a number, got string"],
  [() => negotiate(R, { permessageDeflate: { serverMaxWindowBits: 7 } }), RangeError, "options.permessageDeflate.serverMaxWindowBits must be an integer from 8 to 15, got 7"],
  [() => negotiate(R, { permessageDeflate: { clientMaxWindowBits: 16 } }), RangeError, "options.permessageDeflate.clientMaxWindowBits must be an integer from 8 to 15, got 16"],
  [() => negotiate(R, { permessageDeflate: { clientMaxWindowBits: 9.5 } }), RangeError, "options.permessageDeflate.clientMaxWindowBits must be an integer from 8 to 15, got 9.5"],
  [() => negotiate(R, { requireTls: "true" }), TypeError, "options.requireTls must be a boolean, got string"],
  [() => negotiate(R, { requireUpgrade: 1 }), TypeError, "options.requireUpgrade must be a boolean, got number"],
  [() => negotiate(R, { edge: null }), TypeError, "options.edge must be a boolean, got null"],
  [() => negotiate(R, { trail: "no" }), TypeError, "options.trail must be a boolean, got string"],
  [() => negotiate(R, { maxHeadBytes: "1" }), TypeError, "options.maxHeadBytes must be a number, got string"],
  [() => negotiate(R, { maxHeadBytes: 0 }), RangeError, "options.maxHeadBytes must be a positive integer, got 0"],
  [() => negotiate(R, { maxHeadBytes: 1.5 }), RangeError, "options.maxHeadBytes must be a positive integer, got 1.5"],
  [() => negotiate(R, { maxHeaders: -1 }), RangeError, "options.maxHeaders must be a positive integer, got -1"],
  [() => negotiate(R, { maxHeaders: NaN }), RangeError, "options.maxHeaders must be a positive integer, got NaN"],
  [() => negotiateFetch("GET / HTTP/1.1"), TypeError, "request must be a Request, got string"],
  [() => negotiateFetch(new Request("http://a/"), { edge: "yes" }), TypeError, "options.edge must be a boolean, got string"],
  [() => verifyResponse(1, { key: KEY }), TypeError, "input must be a string, a Uint8Array or a Response, got number"],
  [() => verifyResponse(new Request("http://a/"), { key: KEY }), TypeError, "input must be a string, a Uint8Array or a Response, got object"],
  [() => verifyResponse({ status: 1.5, headers: new Headers() }, { key: KEY }), RangeError, "response.status must be an integer from 0 to 999, got 1.5"],
  [() => verifyResponse(R, undefined), TypeError, "offer must be an object, got undefined"],
  [() => verifyResponse(R, "key"), TypeError, "offer must be an object, got string"],
  [() => verifyResponse(R, {}), TypeError, "offer.key must be a string, got undefined"],
  [() => verifyResponse(R, { key: 1 }), TypeError, "offer.key must be a string, got number"],
  [() => verifyResponse(R, { key: KEY, protocols: "chat" }), TypeError, "offer.protocols must be an array of strings, got string"],
  [() => verifyResponse(R, { key: KEY, protocols: [1] }), TypeError, "offer.protocols[0] must be a string, got number"],
  [() => verifyResponse(R, { key: KEY, extensions: 1 }), TypeError, "offer.extensions must be a string, got number"],
  [() => createRequest(undefined), TypeError, "options must be an object, got undefined"],
  [() => createRequest("ws://h/"), TypeError, "options must be an object, got string"],
  [() => createRequest({}), TypeError, "options.url must be a string, got undefined"],
  [() => createRequest({ url: 1 }), TypeError, "options.url must be a string, got number"],
  [() => createRequest({ url: "ws://h/", protocols: ["a", 2] }), TypeError, "options.protocols[1] must be a string, got number"],
  [() => createRequest({ url: "ws://h/", origin: 1 }), TypeError, "options.origin must be a string, got number"],
  [() => createRequest({ url: "ws://h/", extensions: true }), TypeError, "options.extensions must be a string, got boolean"],
  [() => createRequest({ url: "ws://h/", key: new Uint8Array(16) }), TypeError, "options.key must be a string, got object"],
  [() => createRequest({ url: "ws://h/", key: "short" }), TypeError, "createRequest: the key must be the base64 encoding of exactly 16 bytes (key)"],
  [() => createRequest({ url: "ftp://h/" }), TypeError, "createRequest: the URL must be ws://, wss://, http:// or https:// with a host and no fragment or userinfo (url)"],
  [() => acceptKey(7), TypeError, "key must be a string, got number"],
  [() => acceptKey(), TypeError, "key must be a string, got undefined"],
];

for (const [call, type, message] of CASES) {
  test(`${type.name}: ${message}`, () => {
    assert.throws(call, (e) => {
      assert.equal(e.constructor, type);
      assert.equal(e.message, message);
      return true;
    });
  });
}

test("no message carries serde's or the runtime's own wording", () => {
  for (const [call] of CASES) {
    try {
      call();
    } catch (e) {
      assert.doesNotMatch(e.message, /invalid type|expected|Reflect|non-object|undefined is not|serde/i, e.message);
    }
  }
});

test("a wrong type throws before any state changes: the next call with good options works", () => {
  const options = { protocols: ["chat"] };
  assert.throws(() => negotiate(R, { ...options, edge: 1 }), TypeError);
  assert.equal(negotiate(R, options).kind, "pass");
});
