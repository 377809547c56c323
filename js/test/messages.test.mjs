// Reasons in the user's language (teamgate/messages): every explanation
// carries its code and named params, from which a catalog writes the message.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Gate, presetDocument } from "../../pkg/node.js";
import { de, en, formatTemplate, translate } from "../../pkg/messages.js";
import { policies, questions } from "./policies.mjs";

/** The reason codes, read from the types generated from the Rust enum. */
const CODES = readFileSync(new URL("../src/generated.d.ts", import.meta.url), "utf8")
  .match(/export type ReasonCode = ([^;]+);/)[1]
  .match(/"([a-z_]+)"/g)
  .map((c) => c.slice(1, -1));

test("the English catalog writes exactly the engine's message and hint, from code and params alone", () => {
  let asked = 0;
  const codes = new Set();
  for (const [name, doc] of policies(presetDocument)) {
    const gate = new Gate(doc);
    for (const [label, ask] of questions(gate)) {
      const e = ask();
      asked += 1;
      codes.add(e.code);
      assert.ok(e.params && typeof e.params === "object", `${name}: ${label}: no params`);
      const t = translate(e, en);
      assert.equal(t.message, e.message, `${name}: ${label}: ${JSON.stringify(e)}`);
      assert.equal(t.hint, e.hint, `${name}: ${label}: hint of ${JSON.stringify(e)}`);
      assert.equal(t.allowed, e.allowed);
      assert.equal(t.code, e.code);
    }
  }
  assert.ok(asked > 40_000, `asked ${asked}`);
  // Edit-only codes (not_a_team_permission) are not answers to questions.
  const missing = CODES.filter((c) => !codes.has(c) && c !== "not_a_team_permission");
  assert.deepEqual(missing, [], "every reason a question can give was seen");
});

test("the template language fills the shared cases as the engine's filler does", () => {
  const { params, cases } = JSON.parse(readFileSync(new URL("../../tests/fixtures/templates.json", import.meta.url), "utf8"));
  assert.ok(cases.length >= 20);
  for (const [template, expect] of cases) assert.equal(formatTemplate(template, params), expect, template);
  // A million nested choices: one walk, no stack overflow.
  const deep = "{role?".repeat(1_000_000) + "x" + "}".repeat(1_000_000);
  assert.ok(formatTemplate(deep, params).startsWith("{role?{role?"));
});

test("the template language: a megabyte template of any shape fills in one walk", () => {
  // Shapes that made an earlier filler search to the template's end at each
  // field (seconds for `{a=` without a `?`) or slice at each brace.
  const n = 1 << 20;
  const shapes = { text: "x".repeat(n), braces: "{".repeat(n), unended: "{role=".repeat(n / 6), names: "{ab".repeat(n / 3), choices: "{role?x|".repeat(n / 8) + "}".repeat(n / 8), bars: "{role?" + "|}".repeat(n / 2) };
  for (const [shape, template] of Object.entries(shapes)) {
    const t0 = performance.now();
    const out = formatTemplate(template, { role: "agent" });
    const ms = performance.now() - t0;
    assert.equal(typeof out, "string", shape);
    // Linear here is tens of ms; the quadratic shape took seconds.
    assert.ok(ms < 500, `${shape}: ${ms.toFixed(0)} ms`);
  }
  assert.equal(formatTemplate("{role=".repeat(3), { role: "agent" }), "{role=".repeat(3));
  assert.equal(formatTemplate("{{ab{role}{", { role: "agent" }), "{{abagent{");
});

test("the template language: random templates fill as the engine's filler fills them", () => {
  const { params, cases } = JSON.parse(readFileSync(new URL("../../tests/fixtures/templates-random.json", import.meta.url), "utf8"));
  assert.ok(cases.length >= 600);
  for (const [template, expect] of cases) assert.equal(formatTemplate(template, params), expect, template);
});

test("the English catalog is the engine's, generated from the Rust one", async () => {
  const generated = await import("../../pkg/catalog-en.js");
  for (const [code, template] of Object.entries(generated.messages)) assert.equal(en.messages[code], template, code);
  for (const [code, template] of Object.entries(generated.hints)) assert.equal(en.hints[code], template, code);
});

test("every catalog has a template for every reason code, and not_ready", () => {
  assert.deepEqual(CODES.filter((c) => !(c in en.messages)), []);
  assert.deepEqual(CODES.filter((c) => !(c in de.messages)), []);
  assert.ok("not_ready" in en.messages && "not_ready" in de.messages);
});

test("German: denial and upgrade reasons are translated, with the plan to upgrade to", () => {
  const doc = { ...presetDocument("team-inbox"), plan: "basic" };
  const gate = new Gate(doc);
  const plan = translate(gate.explain("admin", "team.edit_permissions"), de);
  assert.equal(plan.code, "plan_lacks_feature");
  assert.equal(plan.message, "`team.edit_permissions` braucht die Funktion `team_permissions`, die der Tarif `basic` nicht enthält");
  assert.equal(plan.hint, "Wechseln Sie zum Tarif `premium`");
  assert.equal(plan.upgradeTo, "premium");
  const lacks = translate(gate.explain("agent", "billing.payment"), de);
  assert.equal(lacks.message, "Der Rolle `agent` fehlt `billing.payment`");
  const scoped = [];
  for (const [, d] of policies(presetDocument)) {
    for (const [, ask] of questions(new Gate(d))) {
      const e = ask();
      if (e.code === "scope_not_granted" || e.code === "restricted_in_number") scoped.push(e);
    }
  }
  assert.ok(scoped.length > 0);
  for (const e of scoped) {
    const t = translate(e, de).message;
    if (e.code === "scope_not_granted") assert.match(t, /^Die Rolle `[a-z]+` hat `[a-z._]+` nur für `[a-z]+`(, `[a-z]+`)*, nicht für `[a-z]+`$/);
    else assert.match(t, /^Die Teamberechtigungen der Nummer `[a-z]+` beschränken `[a-z._]+` für die Rolle `[a-z]+` auf (keine Chats|`[a-z]+`(, `[a-z]+`)*)$/);
  }
  const limit = translate(gate.checkLimit("custom_roles", 0), de);
  assert.equal(limit.allowed, false);
  assert.match(limit.message, /^Der Tarif `basic` erlaubt 0 `custom_roles`, 0 belegt; der Tarif `[a-z]+` erlaubt mehr$/);
  // "Did you mean": in the hint of an unknown id, in the message of an unknown limit (a limit check has no hint).
  assert.equal(translate(gate.explain("agnet", "chats.read", "mine"), de).hint, "Meinten Sie `agent`?");
  assert.equal(translate(gate.explain("agent", "chats.read", "mien"), de).hint, "Meinten Sie `mine`?");
  assert.equal(translate(gate.explain("agent", "chats.read", "mine", "mian"), de).hint, "Meinten Sie `main`?");
  assert.match(translate(gate.checkLimit("custom_role", 0), de).message, /^Unbekannte Grenze `custom_role` \(Meinten Sie `custom_roles`\?\)$/);
  assert.match(gate.checkLimit("custom_role", 0).message, /\(did you mean `custom_roles`\?\)$/);
  for (const [name, d] of policies(presetDocument).slice(0, 6)) {
    const g = new Gate(d);
    for (const [label, ask] of questions(g)) {
      const t = translate(ask(), de);
      assert.ok(!/\{[A-Za-z]+\}|undefined/.test(t.message), `${name}: ${label}: ${t.message}`);
    }
  }
});

test("string templates fill named params; lists are written as the engine writes them", () => {
  assert.equal(formatTemplate("{role} may {action} in {scopes}", { role: "agent", action: "chats.read", scopes: ["mine", "pending"] }), "agent may chats.read in `mine`, `pending`");
  assert.equal(formatTemplate("{missing}!", {}), "!");
  const e = new Gate().explain("agent", "billing.payment");
  assert.equal(translate(e, { locale: "x", messages: {} }).message, e.message, "a code the catalog lacks keeps the engine's words");
  assert.equal(translate(e, undefined), e);
});

test("docs/messages.md: each expression of the templates example gives what its comment says", () => {
  const page = readFileSync(new URL("../../docs/messages.md", import.meta.url), "utf8");
  const block = /```ts\n([\s\S]*?)```/.exec(page.slice(page.indexOf("## Templates")))[1];
  const lines = block.split("\n");
  let checked = 0;
  for (let i = 1; i < lines.length; i++) {
    const said = /^\/\/ (".*")$/.exec(lines[i]);
    if (!said) continue;
    const expr = lines[i - 1].replace(/;$/, "");
    const value = new Function("en", "formatTemplate", `return (${expr});`)(en, formatTemplate);
    assert.equal(value, JSON.parse(said[1]), expr);
    checked += 1;
  }
  assert.equal(checked, 3);
});

test("an edit's denial carries its params: a catalog writes it in its words", () => {
  const gate = new Gate(presetDocument("team-inbox"));
  let err;
  try {
    gate.setTeamPermission("admin", "main", "agent", "files.view", ["all"]);
  } catch (e) {
    err = e;
  }
  assert.equal(err?.name, "EditError");
  assert.equal(err.code, "not_a_team_permission");
  assert.deepEqual(err.params, { role: "admin", target: "agent", action: "files.view", number: "main", task: "edit_permissions" });
  assert.equal(translate(err, en).message, err.message);
  assert.equal(translate(err, en).hint, err.hint);
  assert.equal(translate(err, de).message, "`files.view` ist keine Chat-Aktion");
  try {
    gate.setTeamPermission("admin", "main", 42, "chats.read", ["all"]);
  } catch (e) {
    err = e;
  }
  assert.equal(err.code, "invalid_argument");
  assert.equal(translate(err, en).message, err.message);
  // A code no catalog has keeps the engine's message (an Error's is not enumerable).
  try {
    gate.addCustomRole("admin", { id: "Bad Id", rank: 1, grants: [] });
  } catch (e) {
    err = e;
  }
  assert.equal(err.code, "invalid_policy");
  assert.equal(translate(err, de).message, err.message);
});

test("German: an edit's denial in its own words (choices on the edit's task)", () => {
  const gate = new Gate(presetDocument("team-inbox"));
  const refused = (edit) => {
    try {
      edit();
    } catch (e) {
      return translate(e, de);
    }
    assert.fail("the edit was allowed");
  };
  const rank = refused(() => gate.addCustomRole("admin", { id: "custom", rank: 300, grants: [] }));
  assert.equal(rank.message, "Die Rolle `admin` (Rang 300) kann nur Rollen mit niedrigerem Rang anlegen, nicht Rang 300");
  assert.equal(rank.hint, "Wählen Sie einen Rang unter 300");
  gate.setTeamPermission("owner", "main", "admin", "chats.delete", ["mine"]);
  const grant = refused(() => gate.setTeamPermission("admin", "main", "agent", "chats.delete", ["mine", "others"]));
  assert.equal(grant.message, "Die Rolle `admin` kann `chats.delete` für `others` in der Nummer `main` nicht vergeben, sie hat es selbst nicht");
  // Giving a member another role: the role the member holds now decides too.
  const doc = presetDocument("team-inbox");
  doc.members = [
    { id: "ann", roles: { main: "admin" } },
    { id: "oz", roles: { main: "owner" } },
  ];
  const team = new Gate(doc);
  const above = refused(() => team.setMemberRole("supervisor", "ann", "main", "agent"));
  assert.equal(above.message, "Die Rolle `supervisor` kann nur Mitglieder mit niedrigeren Rollen neu zuweisen, `admin` ist es nicht");
  assert.equal(above.hint, "Fragen Sie jemanden mit höherem Rang");
  const owner = refused(() => team.setMemberRole("admin", "oz", "main", "agent"));
  assert.equal(owner.message, "Ein Mitglied mit der Inhaberrolle `owner` kann niemand neu zuweisen");
  assert.equal(owner.hint, "Der Inhaber hat immer jede Berechtigung");
  // The engine's wording for an editor lacking the actions to reassign (its catalog has one).
  const lacks = translate({ code: "role_lacks_action", allowed: false, params: { role: "agent", task: "reassign_member", actions: ["team.change_roles"] } }, de);
  assert.equal(lacks.message, "Der Rolle `agent` fehlt `team.change_roles`, um ein Mitglied mit einer anderen Rolle neu zuzuweisen");
});

test("German: a hint for every code the engine gives a hint for, so no German answer carries an English hint", () => {
  for (const code of Object.keys(en.hints)) assert.ok(code in de.hints, `de.hints lacks ${code}`);
  for (const code of Object.keys(en.messages)) assert.ok(code in de.messages, `de.messages lacks ${code}`);
  const gate = new Gate(presetDocument("team-inbox"));
  const hint = translate(gate.explain("agent", "team.edit_permissions", "mine"), de).hint;
  assert.equal(hint, "Geben Sie für Konsolen-Aktionen keinen Bereich an");
});
