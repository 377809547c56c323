// Resources: hot loops and churn leave the wasm memory and the JS heap flat.
import { test } from "node:test";
import assert from "node:assert/strict";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Gate, memoryBytes } from "../../pkg/node.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc");
const heap = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

test("calls that cross into wasm, millions of them, leave wasm memory and the JS heap flat", () => {
  const gate = new Gate();
  const roles = gate.roles;
  const actions = gate.actions;
  const scopes = [undefined, "pending", "mine", "others", "all"];
  const ask = (i) => [roles[i & 3], actions[i % actions.length], scopes[i % 5], i & 1 ? "main" : undefined];
  // A screen of 350 decisions, each run one call into wasm (no JS cache).
  const batch = gate.prepare(Array.from({ length: 350 }, (_, i) => ask(i)));
  let allowed = 0;
  const round = (n) => {
    for (let i = 0; i < n; i++) {
      for (const a of batch.run()) if (a) allowed++;
      // explain crosses too, and brings back a fresh object with strings.
      if (gate.explain(...ask(i)).allowed) allowed++;
      // can() after an update asks the engine again (its cache starts afresh).
      if (i % 1000 === 0) gate.update(i % 2000 ? "team-inbox" : gate);
      if (gate.can(...ask(i))) allowed++;
    }
  };
  round(2_000);
  const wasm0 = memoryBytes();
  const heap0 = heap();
  round(30_000); // 10.5 million decisions in wasm, 30,000 explanations, 30 updates
  assert.ok(allowed > 3_000_000, `the loop really decided (${allowed} allowed)`);
  assert.equal(memoryBytes(), wasm0, "wasm memory grew");
  const grown = heap() - heap0;
  assert.ok(grown < 2 * 1024 * 1024, `JS heap grew by ${grown} bytes`);
});

test("loading and dropping 10,000 gates leaks nothing", () => {
  for (let i = 0; i < 200; i++) new Gate("helpdesk").dispose();
  const wasm0 = memoryBytes();
  const heap0 = heap();
  for (let i = 0; i < 10_000; i++) {
    const g = new Gate(i % 2 ? "helpdesk" : "team-inbox");
    if (!g.can(g.roles[0], g.actions[0], g.scopes.length ? "all" : undefined)) throw new Error("top role denied");
    g.dispose();
  }
  assert.equal(memoryBytes(), wasm0, "wasm memory grew");
  const grown = heap() - heap0;
  assert.ok(grown < 2 * 1024 * 1024, `JS heap grew by ${grown} bytes`);
});

test("10,000 updates of one gate free every replaced policy", () => {
  const gate = new Gate();
  for (let i = 0; i < 100; i++) gate.update(i % 2 ? "team-inbox" : "helpdesk");
  const wasm0 = memoryBytes();
  for (let i = 0; i < 10_000; i++) gate.update(i % 2 ? "team-inbox" : "helpdesk");
  assert.equal(memoryBytes(), wasm0, "wasm memory grew");
});
