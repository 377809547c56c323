// The golden-vector runner for the JS API, shared by Node (vectors.test.mjs)
// and the browser page (page.html). Same files, same answers as the native
// runner (tests/common/mod.rs).
import { chatFilterToSql } from "../../pkg/filters.js";

/** Names of the vector files in tests/vectors/. */
export const VECTOR_FILES = [
  "team-inbox.json",
  "team-inbox-restricted.json",
  "team-inbox-basic.json",
  "owner-admin-agent.json",
  "owner-admin-agent-starter.json",
  "helpdesk.json",
  "helpdesk-plans.json",
  "custom-roles.json",
  "chat-filters.json",
];

const CHAT_SCOPES = ["pending", "mine", "others"];

/** Runs one parsed vector file; returns { cases, failures }. */
export function runVectorFile(name, file, { Gate, presetDocument }) {
  const doc = { ...presetDocument(file.preset), ...(file.patch || {}) };
  const gate = new Gate(doc);
  const failures = [];
  file.cases.forEach((c, i) => {
    let got;
    if (c.scopes) {
      const [role, action] = c.scopes;
      const scopes = gate.allowedScopes(role, action, c.number);
      const oneByOne = gate.scopes.filter((s) => gate.can(role, action, s, c.number));
      if (JSON.stringify(scopes) !== JSON.stringify(c.want) || JSON.stringify(oneByOne) !== JSON.stringify(c.want)) {
        failures.push(`${name} case ${i} ${JSON.stringify(c)}: allowedScopes=${JSON.stringify(scopes)} can one by one=${JSON.stringify(oneByOne)}`);
      }
      return;
    }
    if (c.filter || c.role_filter) {
      // Chat filters are the server's (`teamgate`); a lite gate has none.
      if (typeof gate.chatFilter !== "function") return;
      const [who, second, third] = c.filter ?? c.role_filter;
      const f = c.filter ? gate.memberChatFilter(who, second, third) : gate.chatFilter(who, second, c.number);
      const action = c.filter ? third : second;
      const each = CHAT_SCOPES.map((s) => (c.filter ? gate.canMember(who, second, action, s) : gate.can(who, action, s, c.number)));
      const scoped = gate.capabilities(gate.roles[0], undefined)?.actions.find((a) => a.action === action)?.scoped === true;
      const got = { pending: f.pending, mine: f.mine, others: f.others };
      const sql = chatFilterToSql(f, { column: "assignee", me: c.filter ? who : "me" });
      if (JSON.stringify(got) !== JSON.stringify(c.want) || JSON.stringify(sql) !== JSON.stringify(c.sql) || (scoped && JSON.stringify(each) !== JSON.stringify(CHAT_SCOPES.map((s) => got[s])))) {
        failures.push(`${name} case ${i} ${JSON.stringify(c)}: chatFilter=${JSON.stringify(got)} sql=${JSON.stringify(sql)} can one by one=${JSON.stringify(each)}`);
      }
      return;
    }
    if (c.can) {
      const [role, action, scope] = c.can;
      got = gate.explain(role, action, scope, c.number);
      const fast = gate.can(role, action, scope, c.number);
      const [batch] = gate.canMany([[role, action, scope, c.number]]);
      if (fast !== got.allowed || batch !== got.allowed) {
        failures.push(`${name} case ${i}: can=${fast} canMany=${batch} explain=${got.allowed}`);
      }
    } else if (c.member) {
      const [member, number, action, scope] = c.member;
      got = gate.explainMember(member, number, action, scope);
      if (gate.canMember(member, number, action, scope) !== got.allowed) failures.push(`${name} case ${i}: canMember disagrees`);
    } else if (c.edit) {
      got = gate.explainEditPermissions(...c.edit);
      if (gate.canEditPermissions(...c.edit) !== got.allowed) failures.push(`${name} case ${i}: canEditPermissions disagrees`);
    } else if (c.assign) {
      got = gate.explainAssignRole(...c.assign);
      if (gate.canAssignRole(...c.assign) !== got.allowed) failures.push(`${name} case ${i}: canAssignRole disagrees`);
    } else if (c.limit) {
      got = gate.checkLimit(c.limit[0], c.limit[1]);
    } else {
      failures.push(`${name} case ${i}: no request`);
      return;
    }
    const bad =
      got.allowed !== c.allowed ||
      (c.code !== undefined && got.code !== c.code) ||
      (c.upgrade_to !== undefined && got.upgradeTo !== c.upgrade_to);
    if (bad) {
      failures.push(`${name} case ${i} ${JSON.stringify(c)}: got allowed=${got.allowed} code=${got.code} upgradeTo=${got.upgradeTo}`);
    }
  });
  gate.dispose();
  return { cases: file.cases.length, failures };
}

/** Runs every vector file; `load(name)` returns the parsed file. */
export async function runAllVectors(load, api) {
  let cases = 0;
  const failures = [];
  for (const name of VECTOR_FILES) {
    const r = runVectorFile(name, await load(name), api);
    cases += r.cases;
    failures.push(...r.failures);
  }
  return { cases, failures };
}

/**
 * The runner's API for `teamgate/lite`: every gate is a lite gate made from
 * the snapshot of the full package's gate (as a server would send it).
 */
export function liteApi(full, lite) {
  return {
    presetDocument: full.presetDocument,
    Gate: class {
      constructor(doc) {
        return new lite.Gate(new full.Gate(doc).snapshot());
      }
    },
  };
}
