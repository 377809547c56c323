// A fresh Node project imports the built package by name.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Runs `lines` as main.mjs of a fresh project with pkg/ installed as `teamgate`; returns its JSON output. */
function runInFreshProject(lines) {
  const dir = mkdtempSync(join(tmpdir(), "teamgate-"));
  try {
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(fileURLToPath(new URL("../../pkg", import.meta.url)), join(dir, "node_modules", "teamgate"), "dir");
    writeFileSync(join(dir, "main.mjs"), lines.join("\n"));
    return JSON.parse(execFileSync(process.execPath, ["main.mjs"], { cwd: dir, encoding: "utf8" }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('`import { Gate } from "teamgate"` works in a plain .mjs file', () => {
  const out = runInFreshProject([
    'import { Gate } from "teamgate";',
    "const g = new Gate();",
    'console.log(JSON.stringify([g.can("agent", "chats.reply", "mine"), g.explain("agent", "billing.payment").code]));',
  ]);
  assert.deepEqual(out, [true, "role_lacks_action"]);
});

test('`import { Gate } from "teamgate/lite"` resolves to the lite entry in Node and reads a snapshot', () => {
  const out = runInFreshProject([
    'import { Gate as ServerGate } from "teamgate";',
    'import { Gate } from "teamgate/lite";',
    'const g = new Gate(new ServerGate("helpdesk").snapshot());',
    'console.log(JSON.stringify([g.can("support", "inbox.view"), typeof g.setPlan, new Gate().can("agent", "chats.reply", "mine")]));',
  ]);
  assert.deepEqual(out, [true, "undefined", true]);
});

test('`import ... from "teamgate/review"` and `require("teamgate/review")` resolve in Node and share the gates of "teamgate"', () => {
  const out = runInFreshProject([
    'import { Gate } from "teamgate";',
    'import { effectOf, runTests } from "teamgate/review";',
    'import { createRequire } from "node:module";',
    'const cjs = createRequire(import.meta.url)("teamgate/review");',
    'const before = new Gate();',
    'const after = new Gate(before);',
    'after.setPlan("basic");',
    'const tests = { cases: [{ name: "x", role: "agent", action: "files.view", expect: "allow" }] };',
    'console.log(JSON.stringify([effectOf(before, after).featuresOff, runTests(after, tests).passed, cjs.runTests(after, tests).passed]));',
  ]);
  assert.deepEqual(out, [["team_permissions"], 1, 1]);
});
