// The JS face of the engine, shared by `teamgate` (index.js: documents,
// presets, edits) and `teamgate/lite` (lite.js: gates from snapshots). The
// decisions are made in wasm; this file only interns ids (so that a hot `can`
// copies no strings into wasm), caches the engine's answers per policy
// version, turns errors into classes, and tells subscribers about updates.

/** The preset a gate uses when none is named. */
export const DEFAULT_PRESET = "team-inbox";

/**
 * The loading state of one wasm module (each entry has its own) and the
 * functions each entry exports for it:
 * - `init(input)` loads it (once): browsers fetch the `.wasm` file next to
 *   the entry unless `input` says otherwise (a URL, a Response, bytes or a
 *   WebAssembly.Module); the Node entries initialise on import;
 * - `initSync(module)` loads it synchronously from bytes or a compiled module;
 * - `isReady()`: whether it is loaded;
 * - `memoryBytes()`: bytes of its linear memory (for leak checks and diagnostics).
 */
export function wasmLoader(initWasm, initWasmSync) {
  // Gates made before the module was ready, to build and notify once it is.
  const waiting = new Set();
  const becameReady = () => {
    for (const gate of [...waiting]) gate._becameReady();
    waiting.clear();
  };
  const state = {
    ready: false,
    exports: null,
    loading: null,
    /** Calls `gate._becameReady()` once the module is loaded. */
    whenReady(gate) {
      waiting.add(gate);
    },
    init(input) {
      if (state.ready) return Promise.resolve();
      if (state.loading === null) {
        state.loading = initWasm(input === undefined ? undefined : { module_or_path: input }).then(
          (wasm) => {
            state.exports = wasm;
            state.ready = true;
            becameReady();
          },
          (err) => {
            state.loading = null;
            throw err;
          },
        );
      }
      return state.loading;
    },
    initSync(module) {
      if (!state.ready) {
        state.exports = initWasmSync({ module });
        state.ready = true;
        becameReady();
      }
    },
    memoryBytes() {
      return state.exports === null ? 0 : state.exports.memory.buffer.byteLength;
    },
    isReady() {
      return state.ready;
    },
  };
  return state;
}

function lines(problems) {
  return problems
    .map((p) => `${p.code}: ${p.message} (at ${p.path})${p.hint ? `; help: ${p.hint}` : ""}`)
    .join("\n");
}

/** A policy document that cannot be used; `problems` lists every problem. */
export class PolicyError extends Error {
  constructor(problems) {
    super(lines(problems));
    this.name = "PolicyError";
    this.problems = problems;
    this.code = problems.length > 0 ? problems[0].code : "invalid_policy";
  }
}

/** An edit that was refused: `code` says why (a reason code, or `invalid_policy`). */
export class EditError extends Error {
  constructor(wire) {
    super(wire.problems && wire.problems.length ? `${wire.message}\n${lines(wire.problems)}` : wire.message);
    this.name = "EditError";
    this.code = wire.code;
    this.hint = wire.hint;
    this.upgradeTo = wire.upgradeTo;
    this.feature = wire.feature;
    this.problems = wire.problems || [];
  }
}

/** Decisions given to `hydrate` that cannot be read: `path` says where, `hint` what would help. */
export class DecisionsError extends Error {
  constructor(path, message, hint) {
    super(`invalid_decisions: ${message} (at ${path}); help: ${hint}`);
    this.name = "DecisionsError";
    this.code = "invalid_decisions";
    this.path = path;
    this.hint = hint;
  }
}

/** Thrown when a gate is used for something that needs wasm before `init()`. */
export class NotReadyError extends Error {
  constructor() {
    super("teamgate is not initialised: `await init()` (browsers) before building gates");
    this.name = "NotReadyError";
    this.code = "not_ready";
  }
}

// The binding throws errors as plain objects (`{ kind, ... }`).
export function rethrow(err) {
  if (err && err.kind === "PolicyError") throw new PolicyError(err.problems);
  if (err && err.kind === "EditError") throw new EditError(err);
  throw err;
}

/** Whether a gate's source is a preset name (not JSON text). */
export function isPresetName(source) {
  return typeof source === "string" && !source.trimStart().startsWith("{");
}

/** A gate's source as snapshot bytes (a Uint8Array, or a view of an ArrayBuffer), or null. */
export function snapshotBytes(source) {
  if (source instanceof Uint8Array) return source;
  return source instanceof ArrayBuffer ? new Uint8Array(source) : null;
}

/** JSON text of a document given as an object (text is passed as is). */
export function jsonText(value) {
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value) ?? "null";
  } catch (err) {
    throw new PolicyError([
      {
        code: "json_syntax",
        path: "$",
        message: `not valid JSON: ${err.message}`,
        hint: "pass plain data: objects, arrays, strings, numbers, booleans",
      },
    ]);
  }
}

/** Decision cells cached per policy version before the cache is cleared. */
const MAX_CACHED_CELLS = 100_000;

/**
 * Id tables of one compiled policy (strings → small integers) and its
 * decision cache: for each asked (number, role, action), one integer whose bit
 * k is the engine's answer for scope value k (k = 0: no scope; 1…: the
 * declared scopes; last: "all"). Every answer comes from wasm; the cache only
 * remembers them until the policy changes.
 */
function tables(inner) {
  const index = (ids, f) => new Map(ids.map((id, i) => [id, f(i)]));
  // A scope's value is its bit plus GIVEN (bit 31), as the engine's ScopeSet::raw.
  const GIVEN = 2 ** 31;
  const ids = inner.ids();
  const scopeIds = ids.scopes;
  const scopes = index(scopeIds, (i) => (1 << i) + GIVEN);
  let all = 0;
  for (const v of scopes.values()) all |= v - GIVEN;
  scopes.set("all", all + GIVEN);
  const scopeValues = [0, ...scopes.values()];
  const scopeBits = Object.create(null);
  scopeIds.forEach((id, i) => {
    scopeBits[id] = 2 << i;
  });
  scopeBits.all = 2 << scopeIds.length;
  return {
    inner,
    roles: index(ids.roles, (i) => i),
    actions: index(ids.actions, (i) => i),
    scopes,
    numbers: index(ids.numbers, (i) => i + 1),
    scopeValues,
    scopeBits,
    rows: new Map(), // role → action → cell, outside any number
    numberRows: new Map(), // number → role → action → cell
    cells: 0,
    capabilities: new Map(),
  };
}

/** The engine's answers for every scope value of one (number, role, action), as bits. */
function cell(t, c, r, a) {
  let bits = 0;
  for (let k = 0; k < t.scopeValues.length; k++) if (t.inner.canIds(c, r, a, t.scopeValues[k])) bits |= 1 << k;
  return bits;
}

/** The cached cell of (role, action) in context `c` (0: no number), or undefined for unknown ids. */
function lookup(t, c, role, action) {
  const rows = c === 0 ? t.rows : numberRows(t, c);
  let row = rows.get(role);
  if (row === undefined) {
    if (!t.roles.has(role)) return undefined;
    row = new Map();
    rows.set(role, row);
  }
  let bits = row.get(action);
  if (bits === undefined) {
    const a = t.actions.get(action);
    if (a === undefined) return undefined;
    if (t.cells >= MAX_CACHED_CELLS) {
      t.rows.clear();
      t.numberRows.clear();
      t.cells = 0;
      return lookup(t, c, role, action);
    }
    bits = cell(t, c, t.roles.get(role), a);
    row.set(action, bits);
    t.cells += 1;
  }
  return bits;
}

/** The rows of number context `c` (≥ 1). */
function numberRows(t, c) {
  let rows = t.numberRows.get(c);
  if (rows === undefined) {
    rows = new Map();
    t.numberRows.set(c, rows);
  }
  return rows;
}

/** [context, role, action, scope] indices for the engine, or null for an unknown id. */
function indices(t, role, action, scope, number) {
  const r = t.roles.get(role);
  const a = t.actions.get(action);
  const s = scope === undefined || scope === null ? 0 : t.scopes.get(scope);
  const c = number === undefined || number === null ? 0 : t.numbers.get(number);
  return r === undefined || a === undefined || s === undefined || c === undefined ? null : [c, r, a, s];
}

function deepFreeze(v) {
  if (v !== null && typeof v === "object") {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

/** The format tag of `gate.dehydrate()`'s answer. */
export const DECISIONS_FORMAT = "teamgate.decisions/1";

/**
 * Checks the shape of dehydrated decisions (they cross the network and may
 * be cached): every index in range, every explanation a decision with a
 * code and message. Returns them, frozen.
 */
function readDecisions(d) {
  const fail = (path, message, hint = "pass what `gate.dehydrate()` returned on the server, unchanged") => {
    throw new DecisionsError(path, message, hint);
  };
  if (d === null || typeof d !== "object") fail("$", "expected the object `gate.dehydrate()` returns");
  // Checked and kept as a copy through JSON: plain data only (what was given
  // may be a framework's reactive proxy, and may change afterwards).
  try {
    d = JSON.parse(JSON.stringify(d));
  } catch (err) {
    fail("$", `not plain JSON data: ${err.message}`);
  }
  if (d.format !== DECISIONS_FORMAT) fail("$.format", `expected \`${DECISIONS_FORMAT}\`, found ${JSON.stringify(d.format)}`, "dehydrate and hydrate with the same teamgate version");
  const text = (v) => typeof v === "string";
  const optText = (v) => v === null || text(v);
  if (!optText(d.role) || !optText(d.number) || !optText(d.member)) fail("$", "`role`, `number` and `member` must be strings or null");
  if (d.role === null && d.member === null) fail("$.role", "neither a role nor a member is named");
  if (!Array.isArray(d.scopes) || !d.scopes.every(text)) fail("$.scopes", "expected a list of scope ids");
  if (!Array.isArray(d.explanations)) fail("$.explanations", "expected a list of explanations");
  d.explanations.forEach((e, i) => {
    if (e === null || typeof e !== "object" || typeof e.allowed !== "boolean" || !text(e.code) || !text(e.message)) {
      fail(`$.explanations[${i}]`, "expected `{ allowed, code, message, ... }`");
    }
  });
  if (d.decisions === null || typeof d.decisions !== "object" || Array.isArray(d.decisions)) fail("$.decisions", "expected an object of actions");
  const width = d.scopes.length + 1;
  const known = (i) => Number.isInteger(i) && i >= 0 && i < d.explanations.length;
  for (const [action, row] of Object.entries(d.decisions)) {
    const ok = known(row) || (Array.isArray(row) && row.length === width && row.every(known));
    if (!ok) fail(`$.decisions.${action}`, `expected an index into \`explanations\` (a console action) or ${width} of them (a chat action: each scope, then \`all\`)`);
  }
  return deepFreeze(d);
}

const NOT_READY = Object.freeze({
  allowed: false,
  code: "not_ready",
  message: "teamgate is not initialised yet",
  hint: "await init() before asking",
  params: Object.freeze({}),
});

/**
 * What every gate does: decisions, explanations, limits, capabilities,
 * updates and listeners. Subclasses give `_wasm` (their loader) and
 * `_build(source)` (a WasmGate, or a thrown PolicyError). Built before
 * `init()` has finished, a gate denies everything until it has, then builds
 * itself and notifies its subscribers.
 */
export class GateBase {
  /**
   * `options.decisions`: what `gate.dehydrate()` returned on the server, to
   * answer from until the wasm module has loaded (see `hydrate`).
   */
  constructor(source = DEFAULT_PRESET, options = {}) {
    this._t = null;
    this._pending = source;
    this._version = 0;
    this._listeners = new Set();
    this._dehydrated = null;
    if (options.decisions !== undefined && options.decisions !== null) this.hydrate(options.decisions);
    if (this._wasm.ready) this._install(this._build(source));
    else this._wasm.whenReady(this);
  }

  /** The module finished loading: build now and tell subscribers (React and Vue re-render). */
  _becameReady() {
    if (this._t === null && this._pending !== null) {
      this._tables();
      this._dehydrated = null;
      this._notify();
    }
  }

  /**
   * Answers from dehydrated decisions (`gate.dehydrate()` on the server)
   * until the wasm module has loaded: `can`, `explain`, `canMember`,
   * `explainMember` and the `allowedScopes` calls, for the role (or member)
   * and number they were made for. Anything else is denied as `not_ready`
   * until then; from then on the engine answers everything. Throws
   * `DecisionsError` for data of another shape. Returns the gate.
   */
  hydrate(decisions) {
    const d = readDecisions(decisions);
    if (this._t === null) {
      this._dehydrated = d;
      this._notify();
    }
    return this;
  }

  /** The dehydrated explanation for this question, or undefined. */
  _fromDehydrated(member, role, action, scope, number) {
    const d = this._dehydrated;
    if (d === null || (number ?? null) !== d.number) return undefined;
    if (member === null ? d.member !== null || role !== d.role : member !== d.member) return undefined;
    const row = Object.hasOwn(d.decisions, action) ? d.decisions[action] : undefined;
    const none = scope === undefined || scope === null;
    let i;
    if (typeof row === "number") i = none ? row : undefined;
    else if (Array.isArray(row) && !none) i = row[scope === "all" ? d.scopes.length : d.scopes.indexOf(scope)];
    return i === undefined ? undefined : d.explanations[i];
  }

  _install(inner) {
    const old = this._t;
    this._t = tables(inner);
    this._pending = null;
    this._dehydrated = null; // the engine answers from now on
    this._version += 1;
    if (old !== null) old.inner.free();
  }

  _tables() {
    if (this._t === null && this._wasm.ready && this._pending !== null) {
      try {
        this._install(this._build(this._pending));
      } catch {
        this._pending = null; // a bad document: stays denied; update() reports why
      }
    }
    return this._t;
  }

  _inner() {
    const t = this._tables();
    if (t === null) throw new NotReadyError();
    return t.inner;
  }

  /** An answer of the engine (a fresh plain object from wasm), or not_ready before init. */
  _ask(f) {
    const t = this._tables();
    return t === null ? { ...NOT_READY } : f(t.inner);
  }

  /** Increases by one with every successful update or edit. 0: not built yet. */
  get version() {
    this._tables();
    return this._version;
  }

  /**
   * May `role` do `action` (in `scope`, for chat actions), in `number` if
   * given (its team permissions apply) or on the role defaults? Never
   * throws: unknown ids, a missing scope, or a gate not yet initialised
   * give `false`.
   */
  can(role, action, scope, number) {
    const t = this._t === null ? this._tables() : this._t;
    if (t === null) return this._fromDehydrated(null, role, action, scope, number)?.allowed === true;
    let bits;
    if (number === undefined || number === null) {
      bits = lookup(t, 0, role, action);
    } else {
      const c = t.numbers.get(number);
      if (c === undefined) return false;
      bits = lookup(t, c, role, action);
    }
    if (bits === undefined) return false;
    const bit = scope === undefined || scope === null ? 1 : t.scopeBits[scope];
    return bit !== undefined && (bits & bit) !== 0;
  }

  /**
   * Many decisions in one call: `requests` is a list of
   * `[role, action, scope?, number?]`; the answer is one boolean per request.
   */
  canMany(requests) {
    const n = requests.length;
    const out = new Array(n);
    for (let i = 0; i < n; i++) {
      const q = requests[i];
      out[i] = this.can(q[0], q[1], q[2], q[3]);
    }
    return out;
  }

  /**
   * Resolves ids once for the fastest checks: the result goes to `canIds`.
   * `null` for an unknown id or before `init()`. Ids resolved before an
   * update are resolved again by `canIds`, so they never give a stale answer.
   */
  resolve(role, action, scope, number) {
    const t = this._tables();
    const q = t === null ? null : indices(t, role, action, scope, number);
    if (q === null) return null;
    // The engine's answer for this policy version, asked once (as `can` caches it).
    const allowed = t.inner.canIds(...q);
    return Object.freeze({ version: this._version, args: [role, action, scope, number], allowed });
  }

  /**
   * The decision for ids from `resolve`: the engine's answer for the current
   * policy version, without a string lookup; ids resolved before an update
   * are resolved again.
   */
  canIds(ids) {
    if (ids === null || ids === undefined) return false;
    if (ids.version === this._version && this._t !== null) return ids.allowed === true;
    const again = this.resolve(...ids.args);
    return again !== null && again.allowed;
  }

  /**
   * Prepares a batch of requests (`[role, action, scope?, number?]`, e.g. a
   * whole screen) whose ids are resolved once; `batch.run()` then decides all
   * of them in one call into wasm and returns one boolean per request.
   */
  prepare(requests) {
    const list = requests.map((q) => [q[0], q[1], q[2], q[3]]);
    let version = -1;
    let ids = null;
    let known = null;
    const gate = this;
    return Object.freeze({
      length: list.length,
      run() {
        const t = gate._tables();
        if (t === null) return new Array(list.length).fill(false);
        if (version !== gate._version) {
          ids = new Uint32Array(list.length * 4);
          known = new Uint8Array(list.length);
          list.forEach(([role, action, scope, number], i) => {
            const q = indices(t, role, action, scope, number);
            if (q === null) return;
            known[i] = 1;
            ids.set(q, i * 4);
          });
          version = gate._version;
        }
        const answers = t.inner.canMany(ids);
        const out = new Array(list.length);
        for (let i = 0; i < list.length; i++) out[i] = known[i] === 1 && answers[i] === 1;
        return out;
      },
    });
  }

  /** `can` with its reason: `{ allowed, code, message, hint?, feature?, upgradeTo? }`. Never throws. */
  explain(role, action, scope, number) {
    const e = this._t === null && this._tables() === null ? this._fromDehydrated(null, role, action, scope, number) : undefined;
    if (e !== undefined) return JSON.parse(JSON.stringify(e));
    return this._ask((g) => g.explain(String(role), String(action), scope ?? undefined, number ?? undefined));
  }

  /** May this member do `action` in `number` (their role there plus extra grants)? */
  canMember(member, number, action, scope) {
    const t = this._tables();
    if (t === null) return this._fromDehydrated(member, null, action, scope, number)?.allowed === true;
    return t.inner.canMember(String(member), String(number), String(action), scope ?? undefined);
  }

  /** `canMember` with its reason. */
  explainMember(member, number, action, scope) {
    const e = this._t === null && this._tables() === null ? this._fromDehydrated(member, null, action, scope, number) : undefined;
    if (e !== undefined) return JSON.parse(JSON.stringify(e));
    return this._ask((g) => g.explainMember(String(member), String(number), String(action), scope ?? undefined));
  }

  /**
   * The scopes in which `role` may do the chat `action` (in `number`, or on
   * the role defaults): what a server filters a list with and a UI its
   * tabs. Exactly the scopes with `can`; `[]` for anything unknown.
   */
  allowedScopes(role, action, number) {
    return this._scopeIds().filter((s) => this.can(role, action, s, number));
  }

  /** `allowedScopes` for a member in a number: exactly the scopes with `canMember`. */
  memberAllowedScopes(member, number, action) {
    return this._scopeIds().filter((s) => this.canMember(member, number, action, s));
  }

  /** The declared scopes: the engine's, or the dehydrated ones before it has loaded. */
  _scopeIds() {
    return this._tables() === null ? [...(this._dehydrated?.scopes ?? [])] : this.scopes;
  }

  /** May one more be added while `used` are in use (`{ allowed, limit, used, remaining, upgradeTo? }`)? */
  checkLimit(limit, used) {
    const t = this._tables();
    const n = Number.isInteger(used) && used >= 0 ? Math.min(used, 0xffffffff) : 0xffffffff;
    if (t === null) return { ...NOT_READY, limit: 0, used: n, remaining: 0 };
    return t.inner.checkLimit(String(limit), n);
  }

  /** May `editor` edit the team permissions of `target` (S004.7)? */
  canEditPermissions(editor, target) {
    return this.explainEditPermissions(editor, target).allowed;
  }

  /** `canEditPermissions` with its reason. */
  explainEditPermissions(editor, target) {
    return this._ask((g) => g.explainEditPermissions(String(editor), String(target)));
  }

  /** May `editor` assign `role` to a member (rank and no escalation, D5)? */
  canAssignRole(editor, role) {
    return this.explainAssignRole(editor, role).allowed;
  }

  /** `canAssignRole` with its reason. */
  explainAssignRole(editor, role) {
    return this._ask((g) => g.explainAssignRole(String(editor), String(role)));
  }

  /**
   * Every decision for one role at once, with granted/total counts; `null`
   * for an unknown role or number. The result is frozen and shared: the same
   * object until the policy changes, so a UI can compare it by identity.
   */
  capabilities(role, number) {
    const t = this._tables();
    if (t === null) return null;
    const key = number === undefined || number === null ? `${role}\u0000` : `${role}\u0000${number}`;
    let caps = t.capabilities.get(key);
    if (caps === undefined) {
      caps = deepFreeze(t.inner.capabilities(String(role), number ?? undefined));
      if (t.capabilities.size >= 1000) t.capabilities.clear();
      t.capabilities.set(key, caps);
    }
    return caps;
  }

  /** Numbers whose team has no member holding a `keep_one_of` role (S000.7). */
  teamWarnings() {
    return this._inner().teamWarnings();
  }

  /** The members holding `role` in `number`, or in any number (S002.3). */
  membersWithRole(role, number) {
    return this._inner().membersWithRole(String(role), number ?? undefined);
  }

  /** The role a member holds in a number, or `undefined`. */
  memberRole(member, number) {
    return this._inner().memberRole(String(member), String(number));
  }

  get roles() {
    return [...(this._tables()?.roles.keys() ?? [])];
  }
  get actions() {
    return [...(this._tables()?.actions.keys() ?? [])];
  }
  get scopes() {
    return [...(this._tables()?.scopes.keys() ?? [])].filter((s) => s !== "all");
  }
  get numbers() {
    return [...(this._tables()?.numbers.keys() ?? [])];
  }
  get plan() {
    return this._tables()?.inner.plan();
  }

  /**
   * Replaces the policy (what the constructor takes) and notifies
   * subscribers. A bad one throws `PolicyError` and the previous policy stays
   * in force.
   */
  update(source) {
    this._install(this._build(source));
    this._notify();
  }

  /** Calls `listener(gate)` after every update or edit; returns the unsubscribe function. */
  subscribe(listener) {
    this._listeners.add(listener);
    return () => {
      this._listeners.delete(listener);
    };
  }

  _notify() {
    for (const l of [...this._listeners]) l(this);
  }

  /** Frees the wasm memory now (otherwise the garbage collector does it). */
  dispose() {
    if (this._t !== null) this._t.inner.free();
    this._t = null;
    this._pending = null;
  }
}

