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

test("10 million can() calls leave wasm memory and the JS heap flat", () => {
  const gate = new Gate();
  const roles = gate.roles;
  const actions = gate.actions;
  const scopes = [undefined, "pending", "mine", "others", "all"];
  let allowed = 0;
  for (let i = 0; i < 100_000; i++) allowed += gate.can(roles[i & 3], actions[i % actions.length], scopes[i % 5], i & 1 ? "main" : undefined);
  const wasm0 = memoryBytes();
  const heap0 = heap();
  for (let i = 0; i < 10_000_000; i++) {
    if (gate.can(roles[i & 3], actions[i % actions.length], scopes[i % 5], i & 1 ? "main" : undefined)) allowed++;
  }
  assert.ok(allowed > 1_000_000, "the loop really decided");
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
