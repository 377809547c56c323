// teamgate/review in Node: change previews, policy tests, invariants and
// the edit guard, with the engine's answers (the Rust suite tests the
// engine; these test what crosses into JS and the wrapper's checks).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Gate, EditError, PolicyError } from "../../pkg/node.js";
import { Gate as LiteGate } from "../../pkg/lite-node.js";
import {
  assertInvariants,
  assertPolicyTests,
  effectOf,
  guard,
  isReady,
  preview,
  PolicyTestError,
  runTests,
  verify,
} from "../../pkg/review-node.js";

const file = (path) => JSON.parse(readFileSync(new URL(`../../${path}`, import.meta.url), "utf8"));
const restricted = () => new Gate(file("examples/policy-review/restricted.json"));

test("the review entry is ready on import in Node", () => {
  assert.equal(isReady(), true);
});

test("S004.6 effectOf: who loses what, in words and as data", () => {
  const before = restricted();
  const after = new Gate(before);
  after.setTeamPermission("admin", "main", "agent", "chats.delete", []);
  const effect = effectOf(before, after);
  assert.deepEqual(effect.summary, ["Bea (Agent) on Main number loses “Delete chats” for their own chats", "Agent on Main number loses “Delete chats” for their own chats"]);
  assert.equal(effect.grantsAccess, false);
  assert.equal(effect.members[0].member, "bea");
  assert.equal(effect.members[0].code, "loses");
  assert.deepEqual(effect.members[0].scopes, ["mine"]);
  assert.equal(effect.members[0].params.action, "chats.delete");
  assert.deepEqual(effectOf(after, before).members.map((c) => c.code), ["gains"]);
});

test("D3 preview: a downgrade, on a copy, with usage; the gate is unchanged", () => {
  const gate = restricted();
  const effect = preview(gate, (draft) => draft.setPlan("basic"), { seats: 5 });
  assert.deepEqual(effect.featuresOff, ["team_permissions"]);
  assert.ok(effect.summary.includes("plan `basic` allows 3 `seats`, 5 used"), effect.summary.join("\n"));
  assert.ok(effect.summary.includes("Bea (Agent) on Main number gains “Read chats” for others' chats"), effect.summary.join("\n"));
  assert.equal(gate.plan, "premium");
  // A refused edit throws as the edit itself would.
  assert.throws(() => preview(gate, (draft) => draft.setTeamPermission("agent", "main", "supervisor", "chats.read", [])), (e) => e instanceof EditError && e.code === "role_lacks_action");
});

test("runTests and assertPolicyTests run the engine's cases", () => {
  const tests = file("examples/policy-review/inbox.tests.json");
  const report = runTests(restricted(), tests);
  assert.deepEqual([report.passed, report.failed], [6, 0]);
  assert.equal(assertPolicyTests(restricted(), JSON.stringify(tests)).passed, 6);
  // Against the preset: Bea is unknown, agents read others' chats.
  const err = (() => {
    try {
      assertPolicyTests(new Gate(), tests);
    } catch (e) {
      return e;
    }
  })();
  assert.ok(err instanceof PolicyTestError);
  assert.equal(err.failures.length, 2);
  assert.match(err.failures[0], /^Bea replies to her own chats: the case names something the policy does not have: unknown member `bea`/);
  assert.match(err.message, /^2 of 6 policy tests failed/);
  // Every preset passes the tests it ships with.
  for (const name of ["team-inbox", "owner-admin-agent", "helpdesk", "custom-roles"]) {
    assert.equal(runTests(new Gate(name), file(`presets/${name}.tests.json`)).failed, 0, name);
  }
  assert.throws(() => runTests(new Gate(), { cases: [{ name: "x", role: "agent", expct: "allow" }] }), (e) => e instanceof PolicyError && e.problems[0].path === "$.cases[0].expct");
});

test("verify proves rules or gives the counterexample; assertInvariants throws it", () => {
  const rules = file("examples/policy-review/rules.json");
  const results = verify(restricted(), rules);
  assert.deepEqual(results.map((r) => r.holds), [true, true, true, true, true]);
  assert.equal(results[4].message, "holds in all 1,512 cases");
  const broken = verify(new Gate(), rules)[3];
  assert.equal(broken.holds, false);
  assert.deepEqual(broken.counterexample, { plan: "premium", number: "main", role: "agent", action: "chats.read", scope: "others", code: "granted_by_role", explanation: "role `agent` holds `chats.read`" });
  assert.throws(() => assertInvariants(new Gate(), rules), (e) => e instanceof PolicyTestError && e.failures.length === 1);
});

test("guard refuses an edit that breaks an invariant, with the counterexample, and keeps the gate", () => {
  const gate = restricted();
  const rules = { invariants: [{ name: "agents never read others' chats on main", never: { roles: ["agent"], actions: ["chats.read"], scopes: ["others"], numbers: ["main"], plans: ["premium"] } }] };
  guard(gate, rules);
  const err = (() => {
    try {
      gate.setTeamPermission("admin", "main", "agent", "chats.read", ["all"]);
    } catch (e) {
      return e;
    }
  })();
  assert.ok(err instanceof EditError, String(err));
  assert.equal(err.code, "invariant_broken");
  assert.equal(err.invariant, "agents never read others' chats on main");
  assert.equal(err.counterexample.scope, "others");
  assert.equal(gate.can("agent", "chats.read", "others", "main"), false, "the gate is unchanged");
  // Edits that keep the rule go through; preview says the same as the edit.
  gate.setTeamPermission("admin", "main", "agent", "chats.read", ["mine"]);
  assert.throws(() => preview(gate, (d) => d.setTeamPermission("admin", "main", "agent", "chats.read", ["all"])), (e) => e.code === "invariant_broken");
  // A rule that does not hold now cannot guard; null removes the guard.
  assert.throws(() => guard(new Gate(), rules), (e) => e.code === "invariant_broken" && e.counterexample.role === "agent");
  guard(gate, null);
  gate.setTeamPermission("admin", "main", "agent", "chats.read", ["all"]);
  assert.equal(gate.can("agent", "chats.read", "others", "main"), true);
});

test("arguments of any other kind are TypeErrors, never traps, and change nothing", () => {
  const gate = new Gate();
  const odd = [undefined, null, 0, "team-inbox", {}, [], new LiteGate(), Symbol.iterator, new Proxy({}, { get() { throw new Error("trap"); } })];
  for (const x of odd) {
    assert.throws(() => effectOf(x, gate), TypeError);
    assert.throws(() => effectOf(gate, x), TypeError);
    assert.throws(() => runTests(x, { cases: [] }), TypeError);
    assert.throws(() => verify(x, { invariants: [] }), TypeError);
    assert.throws(() => preview(gate, x), TypeError);
  }
  for (const usage of [null, [], { seats: -1 }, { seats: 1.5 }, { seats: "5" }, { ["x".repeat(300)]: 1 }]) {
    assert.throws(() => effectOf(gate, gate, usage), TypeError);
  }
  for (const tests of [null, 5, "not json", { cases: 5 }, [], { cases: [5] }]) {
    assert.throws(() => runTests(gate, tests), PolicyError);
  }
  assert.equal(effectOf(gate, gate).summary.length, 0);
  assert.equal(runTests(gate, { cases: [{ name: "ok", role: "agent", action: "files.view", expect: "allow" }] }).passed, 1);
});

test("the message catalogs write a change's line from its code and params: English exactly as the engine, and German", async () => {
  const { en, de, translate } = await import("../../pkg/messages.js");
  const base = restricted();
  const edits = [
    (d) => d.setTeamPermission("admin", "main", "agent", "chats.delete", []),
    (d) => d.setTeamPermission("admin", "main", "agent", "chats.read", ["all"]),
    (d) => d.setPlan("basic"),
    (d) => d.setMemberRole("owner", "bea", "main", "supervisor"),
    (d) => d.addCustomRole("owner", { id: "sales", rank: 150, grants: ["contacts.view", "chats.read:mine"] }),
  ];
  let lines = 0;
  for (const edit of edits) {
    const effect = preview(base, edit);
    for (const change of [...effect.members, ...effect.roles]) {
      assert.equal(translate(change, en).message, change.message);
      lines += 1;
    }
  }
  assert.ok(lines > 20, `${lines} lines`);
  const one = preview(base, edits[0]).members[0];
  assert.equal(translate(one, de).message, "Bea (Agent) in Main number verliert „Delete chats“ für eigene Chats");
  const moved = preview(base, edits[3]).members.find((c) => c.code === "gains");
  assert.match(translate(moved, de).message, /^Bea \(Agent → Supervisor\) in Main number erhält /);
});

test("usage given as a typed array is refused as arrays are, before its elements are listed", () => {
  const gate = restricted();
  const t0 = performance.now();
  assert.throws(() => effectOf(gate, gate, new Uint8Array(1_000_000)), TypeError);
  // Listing a million elements as entries takes hundreds of ms; refusing them, a few.
  assert.ok(performance.now() - t0 < 100, `${performance.now() - t0} ms`);
});
