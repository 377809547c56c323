// The engines compared, each built from the same model: the role defaults of
// teamgate's `team-inbox` preset (4 roles, 28 actions, 3 scopes), exported
// from teamgate's own decisions so that every engine encodes the same rules.
// A request is [role, action, scope]; scope is undefined for console actions
// and "all" means every scope (engines without that notion check all three).

export const SCOPES = ["pending", "mine", "others"];

/** The model: which (role, action, scope) are allowed, from teamgate. */
export function modelFrom(gate) {
  const rules = [];
  for (const role of gate.roles) {
    for (const a of gate.capabilities(role).actions) {
      if (a.scoped) for (const s of a.scopes) rules.push([role, a.action, s]);
      else if (a.allowed) rules.push([role, a.action, undefined]);
    }
  }
  return { roles: gate.roles, actions: gate.actions, rules };
}

/** 10,000 mixed requests, seeded. */
export function decisionSet(gate, n = 10_000) {
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const scoped = new Set(gate.capabilities(gate.roles[0]).actions.filter((a) => a.scoped).map((a) => a.action));
  return Array.from({ length: n }, () => {
    const action = pick(gate.actions);
    return [pick(gate.roles), action, scoped.has(action) ? pick([...SCOPES, "all"]) : undefined];
  });
}

/**
 * A function that runs every request once through engine `e` (its `check`, or
 * `checkPrepared` on what `prepare` made) and counts the allowed ones. Each
 * call makes a fresh copy of the loop (new Function), so that V8's type
 * feedback is not shared between engines: no engine is timed through call
 * sites another engine made polymorphic (and Node 20's deoptimizer crashed
 * on the shared version).
 */
export function ownLoop(e, requests) {
  if (e.prepare) {
    const loop = new Function("prepared", "e", "let n = 0; for (const p of prepared) if (e.checkPrepared(p)) n++; return n;");
    const prepared = e.prepare(requests);
    return () => loop(prepared, e);
  }
  const loop = new Function("reqs", "e", "let n = 0; for (const [r, a, s] of reqs) if (e.check(r, a, s)) n++; return n;");
  return () => loop(requests, e);
}

/** A whole screen: 50 chats (scopes in turn) × every chat action, for an agent. */
export function screenRequests(gate) {
  const screen = [];
  for (let c = 0; c < 50; c++) for (const a of gate.actions.filter((x) => x.startsWith("chats."))) screen.push(["agent", a, SCOPES[c % 3]]);
  return screen;
}

const expand = (scope) => (scope === "all" ? SCOPES : [scope]);

/**
 * The floor of any wasm engine: the bitmask's table in the memory of a
 * module that does nothing else, with one JS import (every wasm-bindgen
 * module imports from its glue). Written out as bytes (76) rather than
 * built by a tool, from this text:
 *
 *   (module
 *    (import "js" "f" (func $f))
 *    (memory (export "memory") 1)
 *    (func (export "check") (param $cell i32) (param $bit i32) (result i32)
 *     (i32.eq (i32.and (i32.load8_u (local.get $cell)) (local.get $bit)) (local.get $bit))))
 */
const WASM_FLOOR = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 10, 2, 96, 0, 0, 96, 2, 127, 127, 1, 127, 2, 8, 1, 2, 106, 115, 1, 102, 0, 0, 3, 2, 1, 1, 5, 3, 1, 0, 1, 7, 18, 2, 6,
  109, 101, 109, 111, 114, 121, 2, 0, 5, 99, 104, 101, 99, 107, 0, 1, 10, 15, 1, 13, 0, 32, 0, 45, 0, 0, 32, 1, 113, 32, 1, 70, 11,
]);

/**
 * The same module without its import (the control for the floor above):
 *
 *   (module
 *    (memory (export "memory") 1)
 *    (func (export "check") (param $cell i32) (param $bit i32) (result i32)
 *     (i32.eq (i32.and (i32.load8_u (local.get $cell)) (local.get $bit)) (local.get $bit))))
 *
 * Node 20's V8 compiles a wrapper for each function a module imports, with its
 * optimising compiler, when it compiles the module: that alone is most of the
 * floor's memory. wasm-bindgen's modules always import from their glue.
 */
const WASM_FLOOR_NO_IMPORT = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 7, 1, 96, 2, 127, 127, 1, 127, 3, 2, 1, 0, 5, 3, 1, 0, 1, 7, 18, 2, 6,
  109, 101, 109, 111, 114, 121, 2, 0, 5, 99, 104, 101, 99, 107, 0, 0, 10, 15, 1, 13, 0, 32, 0, 45, 0, 0, 32, 1, 113, 32, 1, 70, 11,
]);

/** The bitmask floor's table and id resolution, for the JS and the wasm floors alike. */
function bitmask(model, table) {
  const r = new Map(model.roles.map((x, i) => [x, i]));
  const a = new Map(model.actions.map((x, i) => [x, i]));
  const bit = (s) => (s === undefined ? 8 : s === "all" ? 7 : 1 << SCOPES.indexOf(s));
  for (const [role, action, scope] of model.rules) table[r.get(role) * model.actions.length + a.get(action)] |= bit(scope);
  const A = model.actions.length;
  // Ids resolved once, outside the timed loop.
  return (reqs) => reqs.map(([role, action, scope]) => [r.get(role) * A + a.get(action), bit(scope)]);
}

/** The bitmask in wasm memory, `bytes` a floor module above. */
async function wasmFloor(model, bytes, imports) {
  const { instance } = await WebAssembly.instantiate(bytes, imports);
  const { check, memory } = instance.exports;
  const prepare = bitmask(model, new Uint8Array(memory.buffer, 0, model.roles.length * model.actions.length));
  return { prepare, checkPrepared: ([cell, b]) => check(cell, b) === 1 };
}

export const ENGINES = {
  "JS bitmask, integer ids (floor)": {
    async build(model) {
      const t = new Uint8Array(model.roles.length * model.actions.length);
      return { prepare: bitmask(model, t), checkPrepared: ([cell, b]) => (t[cell] & b) === b };
    },
  },
  "wasm floor: the bitmask in a module with one JS import": {
    // Timed cold only: timed in the process that times the others, its calls
    // into wasm made the engines timed after it slower (`canIds` twice).
    coldOnly: true,
    build: (model) => wasmFloor(model, WASM_FLOOR, { js: { f() {} } }),
  },
  "wasm floor without its JS import (control)": {
    coldOnly: true,
    build: (model) => wasmFloor(model, WASM_FLOOR_NO_IMPORT, {}),
  },
  "JS Map on strings (floor with strings)": {
    async build(model) {
      const m = new Map();
      for (const [role, action, scope] of model.rules) {
        if (!m.has(role)) m.set(role, new Map());
        const ra = m.get(role);
        if (!ra.has(action)) ra.set(action, new Set());
        ra.get(action).add(scope ?? "");
      }
      return {
        check: (role, action, scope) => {
          const s = m.get(role)?.get(action);
          if (s === undefined) return false;
          return scope === "all" ? s.has("pending") && s.has("mine") && s.has("others") : s.has(scope ?? "");
        },
      };
    },
  },
  teamgate: {
    pkg: "teamgate",
    async build(model, lib) {
      const { Gate } = lib ?? (await import("../pkg/node.js"));
      const gate = new Gate();
      return {
        check: (role, action, scope) => gate.can(role, action, scope),
        batch: (reqs) => gate.canMany(reqs),
        gate,
      };
    },
  },
  "teamgate, ids resolved once (resolve + canIds)": {
    async build(model, lib) {
      const { Gate } = lib ?? (await import("../pkg/node.js"));
      const gate = new Gate();
      return {
        // Ids resolved once, outside the timed loop, as for the bitmask floor.
        prepare: (reqs) => reqs.map(([role, action, scope]) => gate.resolve(role, action, scope)),
        checkPrepared: (ids) => gate.canIds(ids),
      };
    },
  },
  "teamgate/lite (decision-only, default preset embedded)": {
    pkg: "teamgate",
    async build(model, lib) {
      const { Gate } = lib?.lite ?? (await import("../pkg/lite-node.js"));
      const gate = new Gate();
      return {
        check: (role, action, scope) => gate.can(role, action, scope),
        gate,
      };
    },
  },
  "CASL 7 (@casl/ability)": {
    pkg: "@casl/ability",
    async build(model) {
      const { createMongoAbility } = await import("@casl/ability");
      const abilities = new Map();
      for (const role of model.roles) {
        const rules = model.rules.filter((x) => x[0] === role).map(([, action, scope]) => ({ action, subject: scope ?? "console" }));
        abilities.set(role, createMongoAbility(rules));
      }
      return {
        check: (role, action, scope) => {
          const ab = abilities.get(role);
          if (!ab) return false;
          return expand(scope ?? "console").every((s) => ab.can(action, s));
        },
      };
    },
  },
  "accesscontrol 3": {
    pkg: "accesscontrol",
    async build(model) {
      const { AccessControl } = await import("accesscontrol");
      const res = (action, scope) => `${action.replace(".", "_")}_${scope}`;
      const ac = new AccessControl();
      for (const [role, action, scope] of model.rules) ac.grant(role).readAny(res(action, scope ?? "console"));
      for (const role of model.roles) ac.grant(role); // roles without grants exist too
      return {
        check: (role, action, scope) => expand(scope ?? "console").every((s) => ac.can(role).readAny(res(action, s)).granted),
      };
    },
  },
  "casbin 5": {
    pkg: "casbin",
    slow: true,
    async build(model) {
      const casbin = await import("casbin");
      const m = casbin.newModelFromString(`
[request_definition]
r = sub, obj, act
[policy_definition]
p = sub, obj, act
[policy_effect]
e = some(where (p.eft == allow))
[matchers]
m = r.sub == p.sub && r.obj == p.obj && r.act == p.act`);
      const e = await casbin.newEnforcer(m);
      for (const [role, action, scope] of model.rules) await e.addPolicy(role, scope ?? "console", action);
      return {
        check: (role, action, scope) => expand(scope ?? "console").every((s) => e.enforceSync(role, s, action)),
      };
    },
  },
  "Cedar 4 (@cedar-policy/cedar-wasm), pre-parsed": {
    pkg: "@cedar-policy/cedar-wasm",
    slow: true,
    async build(model) {
      const cedar = await import("@cedar-policy/cedar-wasm/nodejs");
      const text = model.rules
        .map(([role, action, scope]) => `permit(principal == Role::"${role}", action == Action::"${action}", resource == Scope::"${scope ?? "console"}");`)
        .join("\n");
      const parsed = cedar.preparsePolicySet("p", { staticPolicies: text });
      if (parsed.type !== "success") throw new Error(JSON.stringify(parsed));
      const one = (role, action, s) => {
        const r = cedar.statefulIsAuthorized({
          principal: { type: "Role", id: role },
          action: { type: "Action", id: action },
          resource: { type: "Scope", id: s },
          context: {},
          entities: [],
          preparsedPolicySetId: "p",
        });
        return r.type === "success" && r.response.decision === "allow";
      };
      return { check: (role, action, scope) => expand(scope ?? "console").every((s) => one(role, action, s)) };
    },
  },
};
