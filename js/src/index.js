// teamgate: the whole engine in wasm: gates from presets, policy documents
// or snapshots, edits, and snapshots for `teamgate/lite`. What every gate
// does (decisions, caching, updates) is in gate.js, shared with lite.js.
import initWasm, {
  initSync as initWasmSync,
  dehydrate,
  fromJson,
  fromPreset,
  fromSnapshot,
  policyOf,
  presetNames as wasmPresetNames,
  presetSource as wasmPresetSource,
  snapshotOf,
  withCustomRole,
  withMemberRole,
  withPlan,
  withTeamPermission,
} from "./teamgate_wasm.js";
import { GateBase } from "./gate.js";
import { EditError, NotReadyError, PolicyError, rethrow } from "./errors.js";
import { ID, OPTIONAL_ID, invalidArgument, isId, isOptionalId } from "./args.js";
import { wasmLoader } from "./loader.js";
import { DEFAULT_PRESET, isInstance, isPresetName, jsonText, snapshotBytes } from "./sources.js";

export { DecisionsError, EditError, NotReadyError, PolicyError } from "./errors.js";
export { DECISIONS_FORMAT } from "./dehydrated.js";
export { DEFAULT_PRESET } from "./sources.js";

const wasm = wasmLoader(initWasm, initWasmSync);

/** Documents cross into wasm as UTF-8 bytes (see `fromJson` in bindings/wasm). */
const UTF8 = new TextEncoder();

/** `init`, `initSync`, `isReady`, `memoryBytes`: see `wasmLoader` (loader.js). */
export const { init, initSync, isReady, memoryBytes } = wasm;

/** No chat at all: the filter for anything unknown, or before init. */
const NO_CHAT = Object.freeze({ pending: false, mine: false, others: false });

/**
 * A compiled policy. `new Gate()` uses the default preset; pass a preset name,
 * a policy document (object or JSON text), snapshot bytes (`gate.snapshot()`)
 * or another gate.
 */
export class Gate extends GateBase {
  /** Loads wasm if needed, then builds a gate. */
  static async load(policy = DEFAULT_PRESET, input) {
    await init(input);
    return new Gate(policy);
  }

  _build(policy) {
    if (!wasm.ready) throw new NotReadyError();
    try {
      // A copy of another gate reads its snapshot: nothing to validate again.
      const bytes = isInstance(policy, Gate) ? snapshotOf(policy._inner()) : snapshotBytes(policy);
      if (bytes !== null) return fromSnapshot(bytes);
      if (isPresetName(policy)) return fromPreset(policy);
      return fromJson(UTF8.encode(jsonText(policy)));
    } catch (err) {
      rethrow(err);
    }
  }

  /**
   * The decisions the page needs, for one role (in a number, or on the role
   * defaults) or one signed-in member (in a number), as plain JSON data for
   * the browser: the explanation of every action in `actions` (default:
   * every action) as a page asks it, a console action without a scope and a
   * chat action in each scope and `all` (`Gate::dehydrate` in Rust, the
   * same data). A server renders with this gate and
   * sends the result with the page; the browser's gate answers from it
   * (`new Gate(snapshot, { decisions })`) until its wasm has loaded, then
   * the engine answers, the same.
   */
  dehydrate(request = {}) {
    const usage = "teamgate: dehydrate({ role, number?, actions? }) or dehydrate({ member, number, actions? })";
    if (request === null || typeof request !== "object") throw new TypeError(usage);
    let role, number, member, list;
    try {
      // Read once, inside a try: a getter or a Proxy that throws is a wrong argument too.
      let actions;
      ({ role, number, member, actions } = request);
      if (actions !== undefined && actions !== null) list = Array.isArray(actions) && actions.length <= 100_000 ? [...actions] : null;
    } catch {
      throw new TypeError(usage);
    }
    const byMember = member !== undefined && member !== null;
    if (byMember && (number === undefined || number === null)) {
      throw new TypeError("teamgate: dehydrate({ member }) needs the `number` the member works in");
    }
    if (!byMember && (role === undefined || role === null)) {
      throw new TypeError("teamgate: dehydrate() needs a `role` (or a `member` and a `number`)");
    }
    if (!(byMember ? isId(member) : isId(role)) || !isOptionalId(number)) {
      throw new TypeError(`teamgate: dehydrate() takes ids as strings: \`${byMember ? "member" : "role"}\` and \`number\``);
    }
    if (list === null || (list !== undefined && !list.every(isId))) throw new TypeError("teamgate: dehydrate({ actions }) takes a list of action ids (strings)");
    // `_inner()` throws NotReadyError before init. An unknown number gives the
    // engine's unknown_number explanations.
    return dehydrate(this._inner(), byMember ? undefined : role, number ?? undefined, byMember ? member : undefined, list);
  }

  /**
   * The chats `role` may do `action` on (in `number`, or on the role
   * defaults), as a filter a database runs: `{ pending, mine, others }`
   * (assigned to nobody, to the caller, to someone else), each exactly
   * `can` in that scope. Render it with `teamgate/filters`. Never throws:
   * anything unknown, an argument of another type, or a gate not yet
   * initialised gives no chat.
   */
  chatFilter(role, action, number) {
    if (this._tables() === null || !isId(role) || !isId(action) || !isOptionalId(number)) return NO_CHAT;
    return this._filter((scope) => this.can(role, action, scope, number));
  }

  /** `chatFilter` for a member in a number (their role there plus their grants): exactly `canMember` in each scope. */
  memberChatFilter(member, number, action) {
    if (this._tables() === null || !isId(member) || !isId(number) || !isId(action)) return NO_CHAT;
    return this._filter((scope) => this.canMember(member, number, action, scope));
  }

  /**
   * The engine's rule (Rust `Gate::chat_filter`), from its answers: a chat
   * action passes a relation when it is allowed in that scope; a console
   * action passes every chat or none. (Written here rather than exported
   * from wasm: a few bytes of JS instead of ~230 of wasm in teamgate/lite;
   * the golden vectors hold both to the same answers.)
   */
  _filter(can) {
    const whole = can(undefined); // only a console action is allowed without a scope
    const declared = this._scopeIds();
    const one = (s) => whole || (declared.includes(s) && can(s));
    return Object.freeze({ pending: one("pending"), mine: one("mine"), others: one("others") });
  }

  /** The policy document (a fresh plain object). */
  policy() {
    return policyOf(this._inner());
  }

  /**
   * The compiled policy as compact bytes for `teamgate/lite` (or
   * `Gate::from_snapshot` in Rust): a server builds and validates the policy
   * once; browsers load the snapshot without reading or validating it again.
   */
  snapshot() {
    return snapshotOf(this._inner());
  }

  _edit(f, ids = []) {
    for (const [name, value, optional] of ids) {
      if (optional ? !isOptionalId(value) : !isId(value)) {
        const e = invalidArgument(name, value, optional ? OPTIONAL_ID : ID);
        throw new EditError({ code: e.code, message: e.message, hint: e.hint, params: e.params });
      }
    }
    let next;
    try {
      next = f(this._inner());
    } catch (err) {
      // A custom role that is not a role definition at all: an edit refused, like an invalid one.
      if (err instanceof PolicyError || err?.kind === "PolicyError") {
        throw new EditError({ code: "invalid_policy", message: "the edit's data is not a valid policy part:", problems: err.problems });
      }
      rethrow(err);
    }
    // teamgate/review's `guard`: refuses an edit that breaks the account's invariants.
    if (this._editGuard !== undefined) {
      try {
        this._editGuard(() => snapshotOf(next));
      } catch (err) {
        next.free();
        throw err;
      }
    }
    this._install(next);
    this._notify();
  }

  /**
   * `editor` sets the scopes `target` keeps for a chat `action` in `number`
   * (S004.7, D3, D5); every scope (or `["all"]`) lifts the restriction.
   * Throws `EditError`; on success the gate is updated and subscribers told.
   */
  setTeamPermission(editor, number, target, action, scopes) {
    const list = Array.isArray(scopes) && scopes.length <= 64 && scopes.every(isId) ? [...scopes] : null;
    if (list === null) {
      const e = invalidArgument("scopes", scopes, "a list of scope ids (strings)");
      throw new EditError({ code: e.code, message: e.message, hint: e.hint, params: e.params });
    }
    const ids = [["editor", editor], ["number", number], ["target", target], ["action", action]];
    this._edit((g) => withTeamPermission(g, editor, number, target, action, list), ids);
  }

  /** `editor` creates a custom role (plan limit `custom_roles`, D5). Throws `EditError`. */
  addCustomRole(editor, role) {
    this._edit((g) => withCustomRole(g, editor, jsonText(role)), [["editor", editor]]);
  }

  /** `editor` gives `member` the role `role` in `number`. Throws `EditError`. */
  setMemberRole(editor, member, number, role) {
    const ids = [["editor", editor], ["member", member], ["number", number], ["role", role]];
    this._edit((g) => withMemberRole(g, editor, member, number, role), ids);
  }

  /** Switches the account to another plan. Throws `EditError` for an unknown plan. */
  setPlan(plan) {
    this._edit((g) => withPlan(g, plan), [["plan", plan]]);
  }

}
Gate.prototype._wasm = wasm;

/** The names of the embedded presets. */
export function presetNames() {
  if (!wasm.ready) throw new NotReadyError();
  return wasmPresetNames();
}

/** A preset's policy document, as a plain object to read or adapt. */
export function presetDocument(name = DEFAULT_PRESET) {
  if (!wasm.ready) throw new NotReadyError();
  if (!isId(name)) {
    throw new PolicyError([{ code: "unknown_preset", path: "$", message: "a preset is named by a string", hint: `one of: ${wasmPresetNames().join(", ")}` }]);
  }
  try {
    return JSON.parse(wasmPresetSource(name));
  } catch (err) {
    rethrow(err);
  }
}
