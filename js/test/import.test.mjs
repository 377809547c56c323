// A fresh Node project imports the built package by name.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

test('`import { Gate } from "teamgate"` works in a plain .mjs file', () => {
  const dir = mkdtempSync(join(tmpdir(), "teamgate-"));
  try {
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(fileURLToPath(new URL("../../pkg", import.meta.url)), join(dir, "node_modules", "teamgate"), "dir");
    writeFileSync(
      join(dir, "main.mjs"),
      'import { Gate } from "teamgate";\nconst g = new Gate();\nconsole.log(JSON.stringify([g.can("agent", "chats.reply", "mine"), g.explain("agent", "billing.payment").code]));\n',
    );
    const out = execFileSync(process.execPath, ["main.mjs"], { cwd: dir, encoding: "utf8" });
    assert.deepEqual(JSON.parse(out), [true, "role_lacks_action"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('`import { Gate } from "teamgate/lite"` resolves to the lite entry in Node and reads a snapshot', () => {
  const dir = mkdtempSync(join(tmpdir(), "teamgate-"));
  try {
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(fileURLToPath(new URL("../../pkg", import.meta.url)), join(dir, "node_modules", "teamgate"), "dir");
    writeFileSync(
      join(dir, "main.mjs"),
      [
        'import { Gate as ServerGate } from "teamgate";',
        'import { Gate } from "teamgate/lite";',
        'const g = new Gate(new ServerGate("helpdesk").snapshot());',
        'console.log(JSON.stringify([g.can("support", "inbox.view"), typeof g.setPlan, new Gate().can("agent", "chats.reply", "mine")]));',
      ].join("\n"),
    );
    const out = execFileSync(process.execPath, ["main.mjs"], { cwd: dir, encoding: "utf8" });
    assert.deepEqual(JSON.parse(out), [true, "undefined", true]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
