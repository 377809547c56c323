// The boundary property (boundary-property.mjs) in Node, against the built
// package: random values of every JS type to every export, each call
// followed by answers equal to a fresh gate's. The same runs in headless
// Chromium (page.test.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import * as full from "../../pkg/node.js";
import * as lite from "../../pkg/lite-node.js";
import * as filters from "../../pkg/filters.js";
import * as messages from "../../pkg/messages.js";
import * as review from "../../pkg/review-node.js";
import { runBoundaryProperty } from "./boundary-property.mjs";

for (const seed of [1, 2, 3]) {
  test(`random arguments of every JS type never trap, hang or change a later answer (seed ${seed})`, () => {
    const r = runBoundaryProperty({ full, lite, filters, messages, review }, { seed, calls: 4000 });
    console.log(`# seed ${seed}: ${r.calls} calls, slowest ${r.slowest.toFixed(1)} ms`);
    assert.deepEqual(r.failures, []);
  });
}

test("the cases the issue names: wrong types answer as documented and leave the gate as it was", () => {
  for (const mod of [full, lite]) {
    const g = new mod.Gate();
    for (let i = 0; i < 3; i++) {
      const e = g.explain("agent", "chats.reply", 1, "main");
      assert.equal(e.code, "invalid_argument");
      assert.equal(e.allowed, false);
      assert.match(e.message, /^scope must be an id/);
      assert.equal(e.params.argument, "scope");
      assert.equal(g.capabilities("agent", 7), null);
      assert.equal(g.explain("agent", "chats.reply", 0, "main").code, "invalid_argument");
      assert.equal(g.capabilities("agent", 0), null);
    }
    assert.equal(g.can("agent", "chats.reply", { toString() { throw new Error("boom"); } }), false);
    assert.equal(g.explain("agent", "chats.reply", "mine", "main").allowed, true, "later answers are the engine's");
  }
  // null and undefined are not the ids "null" and "undefined".
  const doc = full.presetDocument();
  doc.roles.push({ id: "null", rank: 10, grants: ["*"] }, { id: "undefined", rank: 11, grants: ["*"] });
  doc.members = [{ id: "null", roles: { main: "agent" } }];
  const g = new full.Gate(doc);
  assert.equal(g.can("null", "files.view"), true, "the role named null");
  assert.equal(g.can(null, "files.view"), false);
  assert.equal(g.explain(null, "files.view").allowed, false);
  assert.equal(g.explain(null, "files.view").code, "invalid_argument");
  assert.equal(g.canMember(null, "main", "files.view"), false);
  assert.equal(g.canEditPermissions(null, "agent"), false);
  assert.equal(g.canAssignRole(undefined, "agent"), false);
  // checkLimit: only whole numbers from 0 to 2^32 - 1 are counts.
  for (const used of [-1, 1.5, NaN, 2 ** 32, Infinity, "3", null, 3n]) {
    const l = g.checkLimit("custom_roles", used);
    assert.equal(l.code, "invalid_argument", String(used));
    assert.equal(l.allowed, false);
    assert.equal(l.used, 0);
  }
  assert.equal(g.checkLimit("custom_roles", 0).code, "within_limit");
  // Edits refuse with an EditError naming the argument.
  assert.throws(() => g.setTeamPermission("admin", 7, "agent", "chats.read", ["mine"]), (e) => e.name === "EditError" && e.code === "invalid_argument" && /number/.test(e.message));
  assert.throws(() => g.setTeamPermission("admin", "main", "agent", "chats.read", "mine"), (e) => e.name === "EditError" && e.code === "invalid_argument");
  assert.throws(() => g.subscribe(42), TypeError);
});
