// The README's JavaScript examples run as written, against the built package.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Runs the first ```js block after `heading`, importing pkg/'s Node entries; returns its output. */
function runExample(heading) {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  assert.ok(readme.includes(heading), heading);
  const code = /```js\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf(heading)))[1];
  assert.match(code, /from "teamgate(\/lite)?"/);
  const file = fileURLToPath(new URL("../readme-example.tmp.mjs", import.meta.url));
  writeFileSync(file, code.replace('from "teamgate/lite"', 'from "../pkg/lite-node.js"').replace('from "teamgate"', 'from "../pkg/node.js"'));
  try {
    return execFileSync(process.execPath, [file], { encoding: "utf8" });
  } finally {
    rmSync(file, { force: true });
  }
}

test("the README's JS example runs against pkg/", () => {
  const out = runExample("## JavaScript: browsers and Node");
  assert.match(out, /policy version 2/);
  assert.match(out, /missing_field/);
});

test("the README's teamgate/lite example runs against pkg/", () => {
  const out = runExample("### teamgate/lite: decisions from a snapshot");
  assert.match(out, /lite version 2/);
  assert.match(out, /invalid_snapshot build the gate on the server/);
});
