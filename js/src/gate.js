// What every gate does, shared by `teamgate` (index.js: documents, presets,
// edits) and `teamgate/lite` (lite.js: gates from snapshots): questions,
// updates and subscribers. The decisions are made in wasm; the id tables and
// the answer cache are in cache.js, the wasm loader in loader.js, the errors
// in errors.js, answering from dehydrated decisions in dehydrated.js.

import { NotReadyError } from "./errors.js";
import { ID, badId, invalidArgument, isCount, isId, isOptionalId } from "./args.js";
import { deepFreeze, indices, lookup, tables } from "./cache.js";
import { readDecisions } from "./dehydrated.js";
import { DEFAULT_PRESET } from "./sources.js";

/** Most requests one `canMany` or `prepare` takes (more: none are answered). */
const MAX_REQUESTS = 1_000_000;

/** Resolved ids made by `resolve` (`canIds` takes nothing else). */
const RESOLVED = new WeakSet();

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
    let decisions;
    try {
      decisions = options !== null && typeof options === "object" ? options.decisions : undefined;
    } catch {
      throw new TypeError("teamgate: options must be { decisions }");
    }
    if (decisions !== undefined && decisions !== null) this.hydrate(decisions);
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

  /**
   * An answer of the engine (a fresh plain object from wasm); before init,
   * a copy of the dehydrated one `fromDehydrated()` finds, else not_ready.
   */
  _ask(f, fromDehydrated) {
    const t = this._tables();
    if (t !== null) return f(t.inner);
    const e = fromDehydrated?.();
    return e === undefined ? { ...NOT_READY } : JSON.parse(JSON.stringify(e));
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
    // Ids are only looked up in Maps (which never call an argument's
    // methods); the scope is a property key, so it must be a string.
    if (scope !== undefined && scope !== null && typeof scope !== "string") return false;
    const t = this._t === null ? this._tables() : this._t;
    if (t === null) return isId(role) && isId(action) && isOptionalId(number) && this._fromDehydrated(null, role, action, scope, number)?.allowed === true;
    let bits;
    if (number === undefined || number === null) {
      bits = lookup(t, 0, role, action);
    } else {
      const c = t.numbers.get(number);
      if (c === undefined) return false;
      bits = lookup(t, c, role, action);
    }
    return bits !== undefined && holds(t, bits, scope);
  }

  /**
   * Many decisions in one call: `requests` is a list of
   * `[role, action, scope?, number?]`; the answer is one boolean per request.
   */
  canMany(requests) {
    // As eachRequest, with its own loop: a screen asks about one role, and
    // that role's cached row (outside any number) is kept in locals from one
    // request to the next, for the tables it came from (a quarter of the
    // time of a 350-request screen).
    try {
      if (!Array.isArray(requests) || requests.length > MAX_REQUESTS) return [];
      const out = new Array(requests.length);
      let t = null;
      let role;
      let row;
      for (let i = 0; i < out.length; i++) {
        const q = requests[i];
        if (!Array.isArray(q)) {
          out[i] = false;
          continue;
        }
        const r = q[0], a = q[1], s = q[2], n = q[3];
        if (row !== undefined && r === role && this._t === t && n === undefined && (s === undefined || typeof s === "string")) {
          const bits = row.get(a);
          if (bits !== undefined) {
            out[i] = holds(t, bits, s);
            continue;
          }
        }
        out[i] = this.can(r, a, s, n);
        t = this._t;
        row = t === null || (n !== undefined && n !== null) ? undefined : t.rows.get(r);
        role = r;
      }
      return out;
    } catch {
      return [];
    }
  }

  /**
   * Resolves ids once for the fastest checks: the result goes to `canIds`.
   * `null` for an unknown id or before `init()`. Ids resolved before an
   * update are resolved again by `canIds`, so they never give a stale answer.
   */
  resolve(role, action, scope, number) {
    if (!isId(role) || !isId(action) || !isOptionalId(scope) || !isOptionalId(number)) return null;
    const t = this._tables();
    const q = t === null ? null : indices(t, role, action, scope, number);
    if (q === null) return null;
    // The engine's answer for this policy version, asked once (as `can` caches it).
    const allowed = t.inner.decide(...q);
    const ids = Object.freeze({ version: this._version, args: Object.freeze([role, action, scope, number]), allowed });
    RESOLVED.add(ids);
    return ids;
  }

  /**
   * The decision for ids from `resolve`: the engine's answer for the current
   * policy version, without a string lookup; ids resolved before an update
   * are resolved again.
   */
  canIds(ids) {
    if (!RESOLVED.has(ids)) return false; // WeakSet.has: any value, no trap run
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
    const list = eachRequest(requests, (q) => (q === null ? [] : [q[0], q[1], q[2], q[3]]));
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
            if (!isId(role) || !isId(action) || !isOptionalId(scope) || !isOptionalId(number)) return;
            const q = indices(t, role, action, scope, number);
            if (q === null) return;
            known[i] = 1;
            ids.set(q, i * 4);
          });
          version = gate._version;
        }
        const answers = t.inner.decideMany(ids);
        const out = new Array(list.length);
        for (let i = 0; i < list.length; i++) out[i] = known[i] === 1 && answers[i] === 1;
        return out;
      },
    });
  }

  /** `can` with its reason: `{ allowed, code, message, hint?, feature?, upgradeTo? }`. Never throws. */
  explain(role, action, scope, number) {
    const bad = badId([["role", role], ["action", action], ["scope", scope, true], ["number", number, true]]);
    if (bad !== null) return bad;
    return this._ask(
      (g) => g.explain(role, action, scope ?? undefined, number ?? undefined),
      () => this._fromDehydrated(null, role, action, scope, number),
    );
  }

  /** May this member do `action` in `number` (their role there plus extra grants)? */
  canMember(member, number, action, scope) {
    if (!isId(member) || !isId(number) || !isId(action) || !isOptionalId(scope)) return false;
    const t = this._tables();
    if (t === null) return this._fromDehydrated(member, null, action, scope, number)?.allowed === true;
    return t.inner.canMember(member, number, action, scope ?? undefined);
  }

  /** `canMember` with its reason. */
  explainMember(member, number, action, scope) {
    const bad = badId([["member", member], ["number", number], ["action", action], ["scope", scope, true]]);
    if (bad !== null) return bad;
    return this._ask(
      (g) => g.explainMember(member, number, action, scope ?? undefined),
      () => this._fromDehydrated(member, null, action, scope, number),
    );
  }

  /**
   * The scopes in which `role` may do the chat `action` (in `number`, or on
   * the role defaults): what a server filters a list with and a UI its
   * tabs. Exactly the scopes with `can`; `[]` for anything unknown.
   */
  allowedScopes(role, action, number) {
    if (!isId(role) || !isId(action) || !isOptionalId(number)) return [];
    return this._scopeIds().filter((s) => this.can(role, action, s, number));
  }

  /** `allowedScopes` for a member in a number: exactly the scopes with `canMember`. */
  memberAllowedScopes(member, number, action) {
    if (!isId(member) || !isId(number) || !isId(action)) return [];
    return this._scopeIds().filter((s) => this.canMember(member, number, action, s));
  }

  /** The declared scopes: the engine's, or the dehydrated ones before it has loaded. */
  _scopeIds() {
    return this._tables() === null ? [...(this._dehydrated?.scopes ?? [])] : this.scopes;
  }

  /** May one more be added while `used` are in use (`{ allowed, limit, used, remaining, upgradeTo? }`)? */
  checkLimit(limit, used) {
    const bad = !isId(limit)
      ? invalidArgument("limit", limit, ID)
      : !isCount(used)
        ? invalidArgument("used", used, "a whole number from 0 to 4294967295")
        : null;
    if (bad !== null) return { ...bad, limit: 0, used: 0, remaining: 0 };
    const t = this._tables();
    if (t === null) return { ...NOT_READY, limit: 0, used, remaining: 0 };
    return t.inner.checkLimit(limit, used);
  }

  /** May `editor` edit the team permissions of `target` (S004.7)? */
  canEditPermissions(editor, target) {
    return this.explainEditPermissions(editor, target).allowed;
  }

  /** `canEditPermissions` with its reason. */
  explainEditPermissions(editor, target) {
    return badId([["editor", editor], ["target", target]]) ?? this._ask((g) => g.explainEditPermissions(editor, target));
  }

  /** May `editor` assign `role` to a member (rank and no escalation, D5)? */
  canAssignRole(editor, role) {
    return this.explainAssignRole(editor, role).allowed;
  }

  /** `canAssignRole` with its reason. */
  explainAssignRole(editor, role) {
    return badId([["editor", editor], ["role", role]]) ?? this._ask((g) => g.explainAssignRole(editor, role));
  }

  /**
   * Every decision for one role at once, with granted/total counts; `null`
   * for an unknown role or number. The result is frozen and shared: the same
   * object until the policy changes, so a UI can compare it by identity.
   */
  capabilities(role, number) {
    const t = this._tables();
    if (t === null || !isId(role) || !isOptionalId(number)) return null;
    const key = number === undefined || number === null ? `${role}\u0000` : `${role}\u0000${number}`;
    let caps = t.capabilities.get(key);
    if (caps === undefined) {
      caps = deepFreeze(t.inner.capabilities(role, number ?? undefined));
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
    const inner = this._inner();
    return isId(role) && isOptionalId(number) ? inner.membersWithRole(role, number ?? undefined) : [];
  }

  /** The role a member holds in a number, or `undefined`. */
  memberRole(member, number) {
    const inner = this._inner();
    return isId(member) && isId(number) ? inner.memberRole(member, number) : undefined;
  }

  get roles() {
    return [...(this._tables()?.roles.keys() ?? [])];
  }
  get actions() {
    return [...(this._tables()?.actions.keys() ?? [])];
  }
  get scopes() {
    return [...(this._tables()?.scopeIds ?? [])];
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
    if (typeof listener !== "function") throw new TypeError("teamgate: a listener is a function");
    this._listeners.add(listener);
    return () => {
      this._listeners.delete(listener);
    };
  }

  _notify() {
    for (const l of [...this._listeners]) {
      // A listener that throws does not stop the others, nor the change
      // that was made: its error is reported on its own.
      try {
        l(this);
      } catch (err) {
        console.error("teamgate: a subscriber threw", err);
      }
    }
  }

  /** Frees the wasm memory now (otherwise the garbage collector does it). */
  dispose() {
    if (this._t !== null) this._t.inner.free();
    this._t = null;
    this._pending = null;
  }
}

/** Whether a cell (`bits`, from `lookup`) holds `scope` (nothing: no scope). */
function holds(t, bits, scope) {
  const bit = scope === undefined || scope === null ? t.noneBit : t.scopeBits[scope];
  return bit !== undefined && (bits & bit) !== 0;
}

/**
 * `f(request)` for each request of a list, in place (each field read
 * once: `can` takes any value); `f(null)` for one that is not an array.
 * A list that is not an array or holds over MAX_REQUESTS, or a getter or
 * proxy that throws, gives no answers at all.
 */
function eachRequest(requests, f) {
  try {
    if (!Array.isArray(requests) || requests.length > MAX_REQUESTS) return [];
    const out = new Array(requests.length);
    for (let i = 0; i < out.length; i++) {
      const q = requests[i];
      out[i] = f(Array.isArray(q) ? q : null);
    }
    return out;
  } catch {
    return [];
  }
}

