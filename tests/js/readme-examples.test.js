// The runtime sections of README.md and pkg/README.md are the files of examples/: every block marked
// `<!-- examples/<file> -->` is that file, byte for byte, and both READMEs show every example.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";

const root = new URL("../../", import.meta.url);
const examples = readdirSync(new URL("examples/", root)).filter((f) => /\.(mjs|js|ts|toml)$/.test(f)).sort();

for (const readme of ["README.md", "pkg/README.md"]) {
  test(`${readme}: each example block is its file`, () => {
    const text = readFileSync(new URL(readme, root), "utf8");
    const blocks = [...text.matchAll(/<!-- (examples\/[^ ]+) -->\n```\w*\n([\s\S]*?)```\n/g)];
    assert.deepEqual(blocks.map((m) => m[1].slice("examples/".length)).sort(), examples);
    for (const [, path, body] of blocks) assert.equal(body, readFileSync(new URL(path, root), "utf8"), `${readme}: ${path}`);
  });
}

test("the examples are the issue's, plus Hono on Node", () => {
  assert.deepEqual(examples, ["bun.ts", "crossws.mjs", "deno.ts", "hono-node.mjs", "hono-worker.js", "hono-worker.wrangler.toml", "node-ws.mjs"]);
});
