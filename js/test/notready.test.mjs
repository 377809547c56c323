// The browser entry before and after initialisation (run in Node).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Gate, initSync, isReady, NotReadyError } from "../../pkg/index.js";

test("a gate made before init denies everything, then works once initialised", () => {
  assert.equal(isReady(), false);
  const gate = new Gate();
  assert.equal(gate.can("owner", "billing.payment"), false);
  assert.equal(gate.explain("owner", "billing.payment").code, "not_ready");
  assert.equal(gate.version, 0);
  assert.throws(() => gate.policy(), NotReadyError);
  // Subscribers (React's and Vue's adapters) are told when init finishes.
  const seen = [];
  gate.subscribe((g) => seen.push(g.version));
  initSync(readFileSync(new URL("../../pkg/teamgate_wasm_bg.wasm", import.meta.url)));
  assert.deepEqual(seen, [1], "initialising notifies the gate's subscribers once");
  assert.equal(gate.can("owner", "billing.payment"), true);
  assert.equal(gate.version, 1);
});

test("teamgate/lite: a gate made before its own init denies everything, then works", async () => {
  const lite = await import("../../pkg/lite.js");
  assert.equal(lite.isReady(), false);
  const gate = new lite.Gate();
  assert.equal(gate.can("owner", "billing.payment"), false);
  assert.equal(gate.explain("owner", "billing.payment").code, "not_ready");
  let told = 0;
  gate.subscribe(() => {
    told += 1;
  });
  await lite.init(readFileSync(new URL("../../pkg/teamgate_lite_bg.wasm", import.meta.url)));
  assert.equal(told, 1, "the asynchronous init notifies too");
  assert.equal(gate.can("owner", "billing.payment"), true);
  assert.equal(gate.version, 1);
});
