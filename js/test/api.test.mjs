// The JS API of the built package, in Node.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Gate, PolicyError, EditError, presetDocument, presetNames, DEFAULT_PRESET, isReady } from "../../pkg/node.js";

test("the package is ready on import in Node and defaults to team-inbox", () => {
  assert.equal(isReady(), true);
  const gate = new Gate();
  assert.equal(gate.policy().id, DEFAULT_PRESET);
  assert.deepEqual(presetNames(), ["team-inbox", "owner-admin-agent", "helpdesk", "custom-roles"]);
  assert.equal(gate.can("agent", "chats.reply", "mine"), true);
  assert.equal(gate.can("agent", "billing.payment"), false);
  assert.equal(gate.version, 1);
  assert.deepEqual(gate.scopes, ["pending", "mine", "others"]);
  assert.equal(gate.plan, "premium");
});

test("can never throws and denies anything odd", () => {
  const gate = new Gate();
  const odd = [undefined, null, 0, 1, {}, [], "", "x".repeat(10000), "chats.read\u0000", Symbol.iterator, NaN];
  for (const a of odd) {
    for (const b of odd) {
      assert.equal(gate.can(a, b, "mine"), false);
      assert.equal(gate.can("agent", a, b), false);
    }
  }
  assert.equal(gate.can("agent", "chats.read"), false, "a chat action needs a scope");
  assert.equal(gate.can("agent", "files.view", "mine"), false, "a console action takes none");
  assert.equal(gate.explain("agnet", "chats.read", "mine").hint, "did you mean `agent`?");
});

test("a bad document throws one PolicyError with every problem as data", () => {
  const doc = presetDocument();
  doc.roles[2].inherits = "agnet";
  doc.plan = "gold";
  assert.throws(
    () => new Gate(doc),
    (err) => {
      assert.ok(err instanceof PolicyError);
      assert.equal(err.name, "PolicyError");
      assert.deepEqual(
        err.problems.map((p) => [p.code, p.path]),
        [
          ["unknown_plan", "$.plan"],
          ["unknown_role", "$.roles[2].inherits"],
        ],
      );
      assert.equal(err.problems[1].hint, "did you mean `agent`?");
      return true;
    },
  );
  assert.throws(() => new Gate("{ not json"), (e) => e instanceof PolicyError && e.code === "json_syntax");
  assert.throws(() => new Gate("team_inbox"), (e) => e.code === "unknown_preset" && /team-inbox/.test(e.problems[0].hint));
  assert.throws(() => new Gate({ version: 9 }), (e) => e.code === "unsupported_version");
  assert.throws(() => new Gate({ ...doc, plan: "premium", roles: 5 }), (e) => e.problems[0].code === "invalid_type");
});

test("JSON text and objects give the same gate; two gates live side by side", () => {
  const doc = presetDocument("helpdesk");
  const a = new Gate(JSON.stringify(doc));
  const b = new Gate("team-inbox");
  assert.equal(a.can("support", "inbox.view"), true);
  assert.equal(b.can("support", "inbox.view"), false);
  assert.equal(b.can("agent", "chats.read", "all"), true);
  assert.equal(a.can("agent", "chats.read", "all"), false);
});

test("update() notifies subscribers, bumps the version, and keeps the old policy on error", () => {
  const gate = new Gate();
  const seen = [];
  const off = gate.subscribe((g) => seen.push(g.version));
  gate.setTeamPermission("admin", "main", "agent", "chats.read", ["mine"]);
  assert.equal(gate.can("agent", "chats.read", "others", "main"), false);
  assert.equal(gate.can("agent", "chats.read", "mine", "main"), true);
  assert.deepEqual(seen, [2]);
  assert.throws(() => gate.update({ version: 1 }), PolicyError);
  assert.equal(gate.version, 2, "nothing changed");
  assert.equal(gate.can("agent", "chats.read", "mine", "main"), true);
  gate.update("team-inbox");
  assert.equal(gate.can("agent", "chats.read", "others", "main"), true);
  assert.deepEqual(seen, [2, 3]);
  off();
  gate.setPlan("basic");
  assert.deepEqual(seen, [2, 3], "unsubscribed");
  assert.equal(gate.plan, "basic");
});

test("edits enforce S004.7, D3 and D5 with EditError codes", () => {
  const gate = new Gate();
  assert.throws(
    () => gate.setTeamPermission("supervisor", "main", "admin", "chats.read", ["mine"]),
    (e) => e instanceof EditError && e.code === "not_subordinate",
  );
  gate.setTeamPermission("admin", "main", "supervisor", "chats.delete", ["mine"]);
  assert.throws(() => gate.setTeamPermission("supervisor", "main", "agent", "chats.delete", ["others"]), (e) => e.code === "escalation");
  gate.setPlan("pro");
  assert.throws(
    () => gate.setTeamPermission("owner", "main", "agent", "chats.read", ["mine"]),
    (e) => e.code === "plan_lacks_feature" && e.upgradeTo === "premium",
  );
  assert.throws(() => gate.setPlan("gold"), (e) => e instanceof EditError && e.code === "invalid_policy" && e.problems[0].code === "unknown_plan");
});

test("custom roles respect the plan limit (S002.4)", () => {
  const gate = new Gate("helpdesk");
  assert.deepEqual(gate.checkLimit("custom_roles", 0), {
    allowed: true,
    code: "within_limit",
    message: "0 of 1 `custom_roles` used on plan `pro`",
    limit: 1,
    used: 0,
    remaining: 1,
    params: { plan: "pro", limit: "custom_roles", used: 0, max: 1 },
  });
  gate.addCustomRole("admin", { id: "sales", rank: 150, grants: ["inbox.*", "contacts.*"], except: ["contacts.export"] });
  assert.equal(gate.can("sales", "contacts.view"), true);
  assert.equal(gate.can("sales", "contacts.export"), false);
  assert.throws(
    () => gate.addCustomRole("admin", { id: "temp", rank: 120, grants: ["inbox.view"] }),
    (e) => e.code === "limit_reached" && e.upgradeTo === "unlimited",
  );
  // A role that is not a role definition is an edit refused too (EditError), with the document's problems.
  assert.throws(() => gate.addCustomRole("admin", { id: "bad", rank: "x" }), (e) => e instanceof EditError && e.code === "invalid_policy" && e.problems[0].path === "$.rank");
  assert.equal(gate.checkLimit("custom_roles", 1).upgradeTo, "unlimited");
  assert.equal(gate.checkLimit("custom_roles", -1).allowed, false);
});

test("capabilities give a whole screen with S004.8 counts", () => {
  const gate = new Gate();
  gate.setTeamPermission("admin", "main", "agent", "chats.read", ["pending", "mine"]);
  const caps = gate.capabilities("agent", "main");
  const read = caps.actions.find((a) => a.action === "chats.read");
  assert.deepEqual(read, { action: "chats.read", scoped: true, allowed: false, scopes: ["pending", "mine"], granted: 2, total: 3 });
  assert.equal(gate.capabilities("nobody"), null);
  for (const a of caps.actions) {
    if (a.scoped) assert.equal(gate.can("agent", a.action, "all", "main"), a.allowed);
    else assert.equal(gate.can("agent", a.action, undefined, "main"), a.allowed);
  }
});

test("members: extra grants, roles per number, warnings", () => {
  const doc = presetDocument();
  doc.members = [{ id: "ana", roles: { main: "agent" }, grants: ["analytics.view"] }];
  const gate = new Gate(doc);
  assert.equal(gate.canMember("ana", "main", "analytics.view"), true);
  assert.equal(gate.explainMember("ana", "main", "analytics.view").code, "granted_to_member");
  assert.deepEqual(gate.membersWithRole("agent"), ["ana"]);
  assert.equal(gate.teamWarnings()[0].code, "no_supervisor");
  gate.setMemberRole("admin", "ana", "main", "supervisor");
  assert.equal(gate.memberRole("ana", "main"), "supervisor");
  assert.deepEqual(gate.teamWarnings(), []);
});

test("cached decisions follow every update and edit", () => {
  const gate = new Gate();
  assert.equal(gate.can("agent", "chats.read", "others", "main"), true);
  assert.equal(gate.can("agent", "chats.read", "all", "main"), true);
  gate.setTeamPermission("admin", "main", "agent", "chats.read", ["pending", "mine"]);
  assert.equal(gate.can("agent", "chats.read", "others", "main"), false, "S004.7: the cache is per policy version");
  assert.equal(gate.can("agent", "chats.read", "all", "main"), false);
  assert.equal(gate.can("agent", "chats.read", "mine", "main"), true);
  assert.equal(gate.can("agent", "chats.read", "others"), true, "role defaults outside the number are untouched");
  gate.update("team-inbox");
  assert.equal(gate.can("agent", "chats.read", "others", "main"), true);
  assert.equal(gate.can("agent", "chats.read", "others", "nowhere"), false);
  assert.equal(gate.can("agent", "chats.read", "__proto__"), false);
  assert.equal(gate.can("agent", "chats.read", "toString"), false);
});

test("resolved ids and prepared batches agree with can, across updates", () => {
  const gate = new Gate();
  const ids = gate.resolve("agent", "chats.read", "others", "main");
  assert.equal(gate.canIds(ids), true);
  assert.equal(gate.resolve("agnet", "chats.read"), null);
  assert.equal(gate.canIds(null), false);
  const requests = [];
  for (const role of gate.roles) for (const action of gate.actions) for (const scope of [undefined, ...gate.scopes, "all"]) requests.push([role, action, scope, "main"]);
  requests.push(["nobody", "chats.read", "mine"], ["agent", "chats.read", "mine", "nowhere"]);
  const batch = gate.prepare(requests);
  assert.equal(batch.length, requests.length);
  assert.deepEqual(batch.run(), requests.map((q) => gate.can(...q)));
  gate.setTeamPermission("admin", "main", "agent", "chats.read", ["pending", "mine"]);
  assert.equal(gate.canIds(ids), false, "ids resolved before an edit are resolved again");
  const after = batch.run();
  assert.deepEqual(after, requests.map((q) => gate.can(...q)));
  assert.equal(after.filter(Boolean).length > 0, true);
});

test("canMany answers each request as can does, in runs of one role and across an update", () => {
  const gate = new Gate();
  // Runs of one role (what canMany keeps from request to request), odd
  // values in every place, no scope, null and numbers mixed in.
  const odd = [undefined, null, "", "ghost", 7, {}, ["agent"], "__proto__", "toString"];
  const roles = [...gate.roles, ...odd];
  const actions = [...gate.actions, ...odd];
  const scopes = [undefined, ...gate.scopes, "all", ...odd];
  const numbers = [undefined, undefined, undefined, null, ...gate.numbers, "nowhere", 3];
  let seed = 7;
  const pick = (xs) => xs[(seed = (seed * 1103515245 + 12345) >>> 0) % xs.length];
  const requests = [];
  for (let run = 0; run < 400; run++) {
    const role = pick(roles);
    for (let k = 0, n = 1 + (seed % 12); k < n; k++) requests.push([role, pick(actions), pick(scopes), pick(numbers)]);
    if (run % 50 === 0) requests.push(null, "agent", [role]);
  }
  const expected = requests.map((q) => Array.isArray(q) && gate.can(q[0], q[1], q[2], q[3]));
  assert.equal(expected.filter(Boolean).length > 50, true, "some are allowed");
  assert.deepEqual(gate.canMany(requests), expected);
  assert.deepEqual(gate.canMany(requests), expected, "again, from the cache");

  // An update made by a request's own getter: the requests after it are
  // answered on the new policy (here agents lose chats.read outside their own).
  const doc = presetDocument("team-inbox");
  doc.roles.find((r) => r.id === "agent").grants = ["chats.read:mine", "files.view"];
  const g2 = new Gate();
  const others = ["agent", "chats.read", "others"];
  const trigger = [];
  Object.defineProperty(trigger, 0, { get: () => (g2.update(doc), "agent") });
  trigger[1] = "chats.read";
  trigger[2] = "mine";
  const list = [others, others, ["agent", "files.view"], trigger, others, ["agent", "chats.read", "mine"], ["agent", "files.view"]];
  assert.deepEqual(g2.canMany(list), [true, true, true, true, false, true, true]);
});

test("capabilities are frozen and shared until the policy changes", () => {
  const gate = new Gate();
  const a = gate.capabilities("agent", "main");
  assert.equal(gate.capabilities("agent", "main"), a);
  assert.notEqual(gate.capabilities("agent"), a);
  assert.equal(Object.isFrozen(a) && Object.isFrozen(a.actions[0]) && Object.isFrozen(a.actions[0].scopes), true);
  gate.setTeamPermission("admin", "main", "agent", "chats.read", ["mine"]);
  const b = gate.capabilities("agent", "main");
  assert.notEqual(b, a);
  assert.deepEqual(b.actions.find((x) => x.action === "chats.read").scopes, ["mine"]);
});

test("a document that is not JSON data is a json_syntax PolicyError, and the gate keeps its policy", () => {
  const gate = new Gate();
  const cyclic = { ...presetDocument() };
  cyclic.self = cyclic;
  for (const bad of [cyclic, { version: 1n }]) {
    assert.throws(
      () => gate.update(bad),
      (e) => e instanceof PolicyError && e.code === "json_syntax" && e.problems[0].path === "$" && e.problems[0].hint.length > 0,
    );
  }
  assert.equal(gate.policy().id, "team-inbox");
  assert.throws(() => gate.addCustomRole("admin", { id: "x", rank: 1n }), (e) => e instanceof EditError && e.code === "invalid_policy" && e.problems[0].code === "json_syntax");
});

test("allowedScopes lists exactly the scopes can allows: a list agrees with its items", () => {
  const doc = presetDocument();
  doc.members = [{ id: "ana", roles: { main: "agent" }, grants: ["chats.delete:others"] }];
  const gate = new Gate(doc);
  gate.setTeamPermission("owner", "main", "agent", "chats.read", ["pending", "mine"]);
  gate.setTeamPermission("owner", "main", "agent", "chats.delete", ["mine"]);
  assert.deepEqual(gate.allowedScopes("agent", "chats.read", "main"), ["pending", "mine"]);
  assert.deepEqual(gate.allowedScopes("agent", "chats.read"), ["pending", "mine", "others"]);
  assert.deepEqual(gate.memberAllowedScopes("ana", "main", "chats.delete"), ["mine", "others"]);
  for (const number of [undefined, "main"]) {
    for (const role of [...gate.roles, "ghost"]) {
      for (const action of [...gate.actions, "chats.ghost"]) {
        const want = gate.scopes.filter((s) => gate.can(role, action, s, number));
        assert.deepEqual(gate.allowedScopes(role, action, number), want, `${role} ${action} ${number}`);
      }
    }
  }
  assert.deepEqual(gate.allowedScopes("agent", "files.view"), [], "console actions have no scopes");
});

test("Gate.load: the wasm (already loaded in Node), then the gate", async () => {
  const gate = await Gate.load("helpdesk");
  assert.ok(gate instanceof Gate);
  assert.ok(gate.can("support", "inbox.view"));
  assert.equal((await Gate.load()).can("agent", "chats.reply", "mine"), true, "the default preset");
  await assert.rejects(Gate.load("no_such_preset"), (e) => e instanceof PolicyError && e.code === "unknown_preset");
  const lite = await import("../../pkg/lite-node.js");
  const fromBytes = await lite.Gate.load(gate.snapshot());
  assert.equal(fromBytes.can("support", "inbox.view"), true);
});
