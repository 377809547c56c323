// Policies to ask many questions of, shared by the message-catalog and
// hydration tests: every golden-vector policy (a preset with its patch:
// members, grants, team permissions), under each of its plans.
import { readFileSync } from "node:fs";
import { VECTOR_FILES } from "./run-vectors.mjs";

/** `[name, document]` for every vector policy under every plan it declares. */
export function policies(presetDocument) {
  const out = [];
  for (const file of VECTOR_FILES) {
    const v = JSON.parse(readFileSync(new URL(`../../tests/vectors/${file}`, import.meta.url), "utf8"));
    const doc = { ...presetDocument(v.preset), ...(v.patch || {}) };
    for (const plan of (doc.plans ?? []).map((p) => p.id)) out.push([`${file} on ${plan}`, { ...doc, plan }]);
  }
  // Custom roles holding some scopes only, and a lead who assigns roles
  // holding more than the lead does (scope_not_granted, escalation).
  const inbox = presetDocument("team-inbox");
  inbox.roles.push(
    { id: "lead", rank: 150, grants: ["team.change_roles", "chats.read:mine"] },
    { id: "trainee", rank: 50, grants: ["chats.read:mine", "chats.reply:mine", "files.view"] },
  );
  inbox.members = [{ id: "tia", roles: { main: "trainee" }, grants: ["chats.read:pending"] }];
  out.push(["team-inbox with custom roles", inbox]);
  return out;
}

/** Every scope value a question can take: none, each declared scope, `all`, and an unknown one. */
export function scopeValues(gate) {
  return [undefined, ...gate.scopes, "all", "nope"];
}

/** Every kind of explained question about `gate`, as `[label, () => answer]`. */
export function* questions(gate) {
  const members = (gate.policy().members ?? []).map((m) => m.id);
  const numbers = [undefined, ...gate.numbers, "nowhere"];
  for (const role of [...gate.roles, "agnet"]) {
    for (const action of [...gate.actions, "chats.raed"]) {
      for (const scope of scopeValues(gate)) {
        for (const number of numbers) yield [`explain ${role} ${action} ${scope} ${number}`, () => gate.explain(role, action, scope, number)];
      }
    }
    for (const target of [...gate.roles, "nobody"]) {
      yield [`edit ${role} ${target}`, () => gate.explainEditPermissions(role, target)];
      yield [`assign ${role} ${target}`, () => gate.explainAssignRole(role, target)];
    }
  }
  for (const member of [...members, "stranger"]) {
    for (const number of gate.numbers) {
      for (const action of gate.actions) {
        for (const scope of scopeValues(gate)) yield [`member ${member} ${number} ${action} ${scope}`, () => gate.explainMember(member, number, action, scope)];
      }
    }
  }
  for (const limit of ["custom_roles", "seats", "numbers", "custom_rolse"]) {
    for (const used of [0, 1, 2, 3, 9, 10, 1000]) yield [`limit ${limit} ${used}`, () => gate.checkLimit(limit, used)];
  }
}
