// The Node entries survive a server bundler: esbuild bundles a script that
// imports `teamgate` and `teamgate/lite` (as Next.js, Nitro or webpack do
// for server code) into one file, which runs from another directory with no
// package and no .wasm file beside it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

test("a server bundle of teamgate and teamgate/lite runs with nothing beside it", async () => {
  const project = mkdtempSync(join(tmpdir(), "teamgate-bundle-"));
  const elsewhere = mkdtempSync(join(tmpdir(), "teamgate-run-"));
  try {
    mkdirSync(join(project, "node_modules"));
    symlinkSync(fileURLToPath(new URL("../../pkg", import.meta.url)), join(project, "node_modules", "teamgate"), "dir");
    writeFileSync(
      join(project, "server.mjs"),
      [
        'import { Gate } from "teamgate";',
        'import { Gate as LiteGate } from "teamgate/lite";',
        "const full = new Gate();",
        "const lite = new LiteGate(full.snapshot());",
        'console.log(JSON.stringify([full.can("agent", "chats.reply", "mine"), lite.explain("agent", "billing.payment").code]));',
      ].join("\n"),
    );
    await build({
      entryPoints: [join(project, "server.mjs")],
      bundle: true,
      platform: "node",
      format: "esm",
      conditions: ["node"],
      outfile: join(elsewhere, "server.bundle.mjs"),
      logLevel: "silent",
    });
    const out = execFileSync(process.execPath, ["server.bundle.mjs"], { cwd: elsewhere, encoding: "utf8" });
    assert.deepEqual(JSON.parse(out), [true, "role_lacks_action"]);
  } finally {
    rmSync(project, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  }
});

test("a browser bundle of the adapters carries no message catalog; one that imports `de` carries only it", async () => {
  const project = mkdtempSync(join(tmpdir(), "teamgate-browser-bundle-"));
  try {
    mkdirSync(join(project, "node_modules"));
    symlinkSync(fileURLToPath(new URL("../../pkg", import.meta.url)), join(project, "node_modules", "teamgate"), "dir");
    const bundle = async (code) => {
      writeFileSync(join(project, "app.mjs"), code);
      const out = await build({
        entryPoints: [join(project, "app.mjs")],
        bundle: true,
        minify: true,
        format: "esm",
        write: false,
        platform: "browser",
        external: ["react", "vue"],
        logLevel: "silent",
      });
      return out.outputFiles[0].text;
    };
    const adapters = await bundle('export { GateProvider } from "teamgate/react"; export { createGate } from "teamgate/vue";');
    assert.ok(!adapters.includes("Tarif") && !adapters.includes("is the owner and holds"), "no catalog in the adapters");
    const german = await bundle('export { de } from "teamgate/messages"; export { GateProvider } from "teamgate/react";');
    assert.ok(german.includes("Tarif"));
    assert.ok(!german.includes("is the owner and holds"), "not the English one");
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});

test("the package's wasm names no path of the machine that built it", () => {
  const pkg = fileURLToPath(new URL("../../pkg/", import.meta.url));
  const checkout = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");
  const wasms = readdirSync(pkg).filter((f) => f.endsWith(".wasm"));
  assert.ok(wasms.length >= 3);
  for (const f of wasms) {
    const text = readFileSync(join(pkg, f)).toString("latin1");
    for (const path of [checkout, homedir(), "/registry/src/"].filter((p) => p.length > 1)) {
      assert.ok(!text.includes(path), `${f} contains ${path}`);
    }
  }
});
