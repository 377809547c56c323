// teamgate/lite in Node: the decision-only wasm, gates from snapshots made by
// the full package; the same answers as `teamgate` for the golden vectors.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as full from "../../pkg/node.js";
import * as lite from "../../pkg/lite-node.js";
import { liteApi, runAllVectors } from "./run-vectors.mjs";

const dir = new URL("../../tests/vectors/", import.meta.url);
const load = (name) => JSON.parse(readFileSync(new URL(name, dir), "utf8"));

test("golden vectors give the native answers through teamgate/lite (snapshots of the full gates)", async () => {
  const { cases, failures } = await runAllVectors(load, liteApi(full, lite));
  assert.ok(cases > 200, `only ${cases} cases ran`);
  assert.deepEqual(failures, []);
});

test("the lite entry is ready on import in Node and embeds the default preset", () => {
  assert.equal(lite.isReady(), true);
  const gate = new lite.Gate();
  assert.equal(gate.can("agent", "chats.reply", "mine"), true);
  assert.equal(gate.can("agent", "billing.payment"), false);
  assert.deepEqual(gate.roles, new full.Gate().roles);
  assert.deepEqual(gate.scopes, ["pending", "mine", "others"]);
  assert.equal(gate.plan, "premium");
  assert.equal(gate.version, 1);
  assert.equal(new lite.Gate(lite.DEFAULT_PRESET).can("owner", "billing.payment"), true);
  // Every answer equals the full engine's, for every role, action and scope.
  const reference = new full.Gate();
  for (const role of reference.roles) {
    assert.deepEqual(gate.capabilities(role), reference.capabilities(role));
    for (const action of reference.actions) {
      for (const scope of [undefined, "pending", "mine", "others", "all"]) {
        assert.deepEqual(gate.explain(role, action, scope), reference.explain(role, action, scope), `${role} ${action} ${scope}`);
      }
    }
  }
  assert.deepEqual(gate.teamWarnings(), reference.teamWarnings());
  assert.deepEqual(gate.checkLimit("custom_roles", 2), reference.checkLimit("custom_roles", 2));
});

test("a lite gate from a snapshot answers as the full gate it was made from", () => {
  const source = new full.Gate("helpdesk");
  const bytes = source.snapshot();
  assert.ok(bytes instanceof Uint8Array);
  for (const input of [bytes, bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)]) {
    const gate = new lite.Gate(input);
    assert.deepEqual(gate.roles, source.roles);
    for (const role of source.roles) assert.deepEqual(gate.capabilities(role), source.capabilities(role));
    assert.deepEqual(gate.explainAssignRole("admin", "support"), source.explainAssignRole("admin", "support"));
  }
  // The full package reads snapshots too, and a lite gate copies another.
  assert.deepEqual(new full.Gate(bytes).policy(), source.policy());
  const copy = new lite.Gate(new lite.Gate(bytes));
  assert.deepEqual(copy.roles, source.roles);
});

test("update takes a snapshot, tells subscribers, and a bad one changes nothing", () => {
  const gate = new lite.Gate();
  const seen = [];
  gate.subscribe((g) => seen.push(g.version));
  const before = gate.can("agent", "chats.reply", "mine");
  const restricted = new full.Gate();
  restricted.setTeamPermission("admin", "main", "agent", "chats.reply", ["pending"]);
  gate.update(restricted.snapshot());
  assert.deepEqual(seen, [2]);
  assert.equal(before, true);
  assert.equal(gate.can("agent", "chats.reply", "mine", "main"), false);
  assert.equal(gate.can("agent", "chats.reply", "pending", "main"), true);
  const damaged = restricted.snapshot().slice(0, 40);
  assert.throws(
    () => gate.update(damaged),
    (err) => err instanceof lite.PolicyError && err.code === "invalid_snapshot" && err.problems[0].hint.includes("snapshot"),
  );
  assert.equal(gate.version, 2);
  assert.equal(gate.can("agent", "chats.reply", "pending", "main"), true);
});

test("lite refuses documents and other presets with a PolicyError that says what to do", () => {
  const cases = [
    [full.presetDocument(), "invalid_snapshot"],
    [JSON.stringify(full.presetDocument()), "invalid_snapshot"],
    [42, "invalid_snapshot"],
    [new Uint8Array([1, 2, 3]), "invalid_snapshot"],
    ["helpdesk", "unknown_preset"],
  ];
  for (const [source, code] of cases) {
    assert.throws(
      () => new lite.Gate(source),
      (err) => err instanceof lite.PolicyError && err.code === code && err.problems[0].path === "$" && err.problems[0].hint.length > 0,
      String(source).slice(0, 30),
    );
  }
  // Lite has no edits, no document reader and no chat filters (a server's).
  const gate = new lite.Gate();
  assert.equal(gate.setPlan, undefined);
  assert.equal(gate.policy, undefined);
  assert.equal(gate.chatFilter, undefined);
  assert.equal(gate.memberChatFilter, undefined);
  // Suggestions are left out of teamgate/lite (teamgate-core alone); the answer is the same.
  const typo = gate.explain("agnet", "chats.read", "mine");
  assert.equal(typo.code, "unknown_role");
  assert.equal(typo.hint, undefined);
});
