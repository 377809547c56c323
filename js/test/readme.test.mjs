// The README's JavaScript example runs as written, against the built package.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

test("the README's JS example runs against pkg/", () => {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const section = readme.slice(readme.indexOf("## JavaScript: browsers and Node"));
  const code = /```js\n([\s\S]*?)```/.exec(section)[1];
  assert.match(code, /from "teamgate"/);
  const file = fileURLToPath(new URL("../readme-example.tmp.mjs", import.meta.url));
  writeFileSync(file, code.replace('from "teamgate"', 'from "../pkg/node.js"'));
  try {
    const out = execFileSync(process.execPath, [file], { encoding: "utf8" });
    assert.match(out, /policy version 2/);
    assert.match(out, /missing_field/);
  } finally {
    rmSync(file, { force: true });
  }
});

test("the README's teamgate/lite example runs against pkg/", () => {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const section = readme.slice(readme.indexOf("### teamgate/lite: decisions from a snapshot"));
  const code = /```js\n([\s\S]*?)```/.exec(section)[1];
  assert.match(code, /from "teamgate\/lite"/);
  const file = fileURLToPath(new URL("../readme-lite.tmp.mjs", import.meta.url));
  writeFileSync(file, code.replace('from "teamgate/lite"', 'from "../pkg/lite-node.js"').replace('from "teamgate"', 'from "../pkg/node.js"'));
  try {
    const out = execFileSync(process.execPath, [file], { encoding: "utf8" });
    assert.match(out, /lite version 2/);
    assert.match(out, /invalid_snapshot build the gate on the server/);
  } finally {
    rmSync(file, { force: true });
  }
});
