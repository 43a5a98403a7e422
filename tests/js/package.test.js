// The npm package, imported by name exactly as a Node user does.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { acceptKey, init } from "upgrade-handshake";

test("rfc6455_1_3_example_accept_key", () => {
  assert.equal(acceptKey("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
});

test("rfc6455_4_2_2_accept_key_matches_node_crypto_oracle", () => {
  for (let i = 0; i < 200; i++) {
    const key = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
    const expected = createHash("sha1").update(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest("base64");
    assert.equal(acceptKey(key), expected);
  }
});

test("acceptKey throws TypeError for a non-string", () => {
  for (const bad of [undefined, null, 42, {}, new Uint8Array(2)]) {
    assert.throws(() => acceptKey(bad), TypeError);
  }
});

test("init is an idempotent async no-op once imported", async () => {
  await init();
  await init();
  assert.equal(acceptKey("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
});
