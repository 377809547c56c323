// First paint without waiting for wasm: the server dehydrates the decisions
// a page needs; the browser's gate answers from them until its wasm has
// loaded, then the engine answers: the same, for every role and member.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { brotliCompressSync, constants } from "node:zlib";
import { Gate, presetDocument } from "../../pkg/node.js";
import * as lite from "../../pkg/lite.js"; // the browser entry: not ready until init
import { policies, scopeValues } from "./policies.mjs";

/** Every (who, number) a page can be rendered for: each role, on the defaults and in each number; each member in each number. */
function viewers(server) {
  const out = [];
  for (const role of server.roles) for (const number of [undefined, ...server.numbers]) out.push({ role, number });
  for (const m of server.policy().members ?? []) for (const number of server.numbers) out.push({ member: m.id, number });
  return out;
}

function ask(gate, v, action, scope) {
  return v.member === undefined
    ? [gate.can(v.role, action, scope, v.number), gate.explain(v.role, action, scope, v.number)]
    : [gate.canMember(v.member, v.number, action, scope), gate.explainMember(v.member, v.number, action, scope)];
}

// Built while lite's wasm is not loaded, checked before and after it is.
const cases = [];
for (const [name, doc] of policies(presetDocument)) {
  const server = new Gate(doc);
  const snapshot = server.snapshot();
  viewers(server).forEach((v, i) => {
    // Through JSON, as it travels in the page.
    const decisions = JSON.parse(JSON.stringify(server.dehydrate(v)));
    // Given to the constructor, or to `hydrate` afterwards: the same.
    let browser;
    if (i % 2 === 0) browser = new lite.Gate(snapshot, { decisions });
    else {
      browser = new lite.Gate(snapshot);
      browser.hydrate(decisions);
    }
    cases.push({ name, server, v, browser });
  });
}

function compare(label) {
  let n = 0;
  for (const { name, server, v, browser } of cases) {
    for (const action of server.actions) {
      for (const scope of scopeValues(server).slice(0, -1)) {
        const [can, e] = ask(server, v, action, scope);
        const [bCan, bE] = ask(browser, v, action, scope);
        const where = `${label}: ${name} ${JSON.stringify(v)} ${action} ${scope}`;
        assert.equal(bCan, can, where);
        const scoped = server.capabilities(server.roles[0]).actions.find((a) => a.action === action).scoped;
        const usage = scoped ? scope === undefined : scope !== undefined;
        if (label === "dehydrated" && usage) {
          // A chat action without a scope, a console action with one: asked
          // as no page asks; the decisions leave it to the engine.
          assert.equal(bE.code, "not_ready", where);
        } else {
          assert.deepEqual(bE, e, where);
        }
        n += 1;
      }
    }
    if (v.member === undefined) {
      for (const action of server.actions) assert.deepEqual(browser.allowedScopes(v.role, action, v.number), server.allowedScopes(v.role, action, v.number));
    } else {
      for (const action of server.actions) assert.deepEqual(browser.memberAllowedScopes(v.member, v.number, action), server.memberAllowedScopes(v.member, v.number, action));
    }
  }
  return n;
}

test("before wasm: a hydrated gate answers every question of its role or member exactly as the server", () => {
  assert.equal(lite.isReady(), false);
  const n = compare("dehydrated");
  assert.ok(n > 10_000, `compared ${n}`);
  const roles = new Set(cases.filter((c) => c.v.role).map((c) => `${c.name}/${c.v.role}`));
  assert.ok(roles.size >= 40, "every role of every policy");
  assert.ok(cases.some((c) => c.v.member), "members too");
});

test("before wasm: questions the decisions were not made for are not answered from them", () => {
  const { browser } = cases.find((c) => c.v.role === "agent" && c.v.number === "main");
  assert.equal(browser.can("admin", "analytics.view", undefined, "main"), false, "another role");
  assert.equal(browser.explain("admin", "analytics.view", undefined, "main").code, "not_ready");
  assert.equal(browser.can("agent", "files.view"), false, "another number (the role defaults)");
  assert.equal(browser.checkLimit("custom_roles", 0).code, "not_ready");
  assert.equal(browser.version, 0);
});

test("dehydrated decisions of another shape are refused with where and why", () => {
  const server = new Gate();
  const good = server.dehydrate({ role: "agent", number: "main", actions: ["chats.read", "files.view"] });
  const bad = [
    ["decisions", "$"],
    [{ ...good, format: "teamgate.decisions/0" }, "$.format"],
    [{ ...good, scopes: "pending" }, "$.scopes"],
    [{ ...good, decisions: { "chats.read": [0, 1] } }, "$.decisions.chats.read"],
    [{ ...good, decisions: { "chats.read": [0, 0, 0, 99] } }, "$.decisions.chats.read"],
    [{ ...good, decisions: { "files.view": -1 } }, "$.decisions.files.view"],
    [{ ...good, decisions: { "files.view": "0" } }, "$.decisions.files.view"],
    [{ ...good, explanations: [{ allowed: "yes", code: "owner", message: "" }] }, "$.explanations[0]"],
    [{ ...good, role: null, member: null }, "$.role"],
  ];
  for (const [data, path] of bad) {
    assert.throws(
      () => new lite.Gate(undefined, { decisions: data }),
      (err) => err instanceof lite.DecisionsError && err.code === "invalid_decisions" && err.path === path && err.hint.length > 0,
      path,
    );
  }
  assert.throws(() => server.dehydrate({}), TypeError);
  assert.throws(() => server.dehydrate({ member: "ana" }), TypeError);
});

test("decisions a Rust server dehydrated (tests/dehydrated/) are what the npm package writes, and lite hydrates from them", () => {
  const doc = { ...presetDocument("team-inbox"), members: [{ id: "ana", roles: { main: "agent" }, grants: ["team.edit_permissions"] }] };
  const server = new Gate(doc);
  const snapshot = server.snapshot();
  for (const [name, viewer] of [
    ["agent-main", { role: "agent", number: "main" }],
    ["owner", { role: "owner" }],
    ["member-ana-main", { member: "ana", number: "main" }],
  ]) {
    const native = JSON.parse(readFileSync(new URL(`../../tests/dehydrated/${name}.json`, import.meta.url), "utf8"));
    assert.deepEqual(server.dehydrate(viewer), native, `${name}: the npm package writes what the Rust crate writes`);
    assert.equal(lite.isReady(), false, "asked of the dehydrated data, before the wasm has loaded");
    const browser = new lite.Gate(snapshot, { decisions: native });
    for (const action of server.actions) {
      for (const scope of scopeValues(server).slice(0, -1)) {
        const want = viewer.member ? server.canMember(viewer.member, viewer.number, action, scope) : server.can(viewer.role, action, scope, viewer.number);
        const got = viewer.member ? browser.canMember(viewer.member, viewer.number, action, scope) : browser.can(viewer.role, action, scope, viewer.number);
        assert.equal(got, want, `${name} ${action} ${scope}`);
      }
    }
  }
});

test("once wasm has loaded the engine answers: the same answers, and forged decisions no longer count", async () => {
  const forged = new Gate().dehydrate({ role: "agent" });
  for (const e of forged.explanations) Object.assign(e, { allowed: true, code: "granted_by_role" });
  const fooled = new lite.Gate(undefined, { decisions: forged });
  assert.equal(fooled.can("agent", "billing.payment"), true, "before wasm only the page's own data answers");
  let told = 0;
  const { browser } = cases[0];
  browser.subscribe(() => {
    told += 1;
  });
  await lite.init(readFileSync(new URL("../../pkg/teamgate_lite_bg.wasm", import.meta.url)));
  assert.equal(told, 1, "subscribers re-render once the engine answers");
  assert.equal(fooled.can("agent", "billing.payment"), false, "the engine decides, not the data");
  const n = compare("engine");
  assert.ok(n > 10_000);
  assert.equal(browser.version, 1);
});

test("a page's decisions are small: every action of the default preset, for any role or member, under 1 KB brotli", () => {
  const doc = presetDocument("team-inbox");
  doc.members = [{ id: "ana", roles: { main: "agent" }, grants: ["developers.docs"] }];
  const gate = new Gate(doc);
  const requests = [...gate.roles.map((role) => ({ role, number: "main" })), { role: "agent" }, { member: "ana", number: "main" }];
  for (const request of requests) {
    const json = JSON.stringify(gate.dehydrate(request));
    const size = brotliCompressSync(json, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    assert.ok(size < 1024, `${JSON.stringify(request)}: ${size} bytes brotli`);
    assert.ok(size > 200, `${JSON.stringify(request)}: ${size} bytes is every action?`);
  }
});
