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
import { NotReadyError, rethrow } from "./errors.js";
import { wasmLoader } from "./loader.js";
import { DEFAULT_PRESET, isPresetName, jsonText, snapshotBytes } from "./sources.js";

export { DecisionsError, EditError, NotReadyError, PolicyError } from "./errors.js";
export { DECISIONS_FORMAT } from "./dehydrated.js";
export { DEFAULT_PRESET } from "./sources.js";

const wasm = wasmLoader(initWasm, initWasmSync);

/** `init`, `initSync`, `isReady`, `memoryBytes`: see `wasmLoader` (loader.js). */
export const { init, initSync, isReady, memoryBytes } = wasm;

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
      const bytes = policy instanceof Gate ? snapshotOf(policy._inner()) : snapshotBytes(policy);
      if (bytes !== null) return fromSnapshot(bytes);
      if (isPresetName(policy)) return fromPreset(policy);
      return fromJson(jsonText(policy));
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
  dehydrate({ role, number, member, actions } = {}) {
    const byMember = member !== undefined && member !== null;
    if (byMember && (number === undefined || number === null)) {
      throw new TypeError("teamgate: dehydrate({ member }) needs the `number` the member works in");
    }
    if (!byMember && (role === undefined || role === null)) {
      throw new TypeError("teamgate: dehydrate() needs a `role` (or a `member` and a `number`)");
    }
    const list = actions === undefined || actions === null ? undefined : [...actions].map(String);
    // `_inner()` throws NotReadyError before init. An unknown number gives the
    // engine's unknown_number explanations.
    return dehydrate(this._inner(), byMember ? undefined : String(role), number ?? undefined, byMember ? String(member) : undefined, list);
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

  _edit(f) {
    let next;
    try {
      next = f(this._inner());
    } catch (err) {
      rethrow(err);
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
    this._edit((g) => withTeamPermission(g, String(editor), String(number), String(target), String(action), [...scopes].map(String)));
  }

  /** `editor` creates a custom role (plan limit `custom_roles`, D5). Throws `EditError`. */
  addCustomRole(editor, role) {
    this._edit((g) => withCustomRole(g, String(editor), jsonText(role)));
  }

  /** `editor` gives `member` the role `role` in `number`. Throws `EditError`. */
  setMemberRole(editor, member, number, role) {
    this._edit((g) => withMemberRole(g, String(editor), String(member), String(number), String(role)));
  }

  /** Switches the account to another plan. Throws `EditError` for an unknown plan. */
  setPlan(plan) {
    this._edit((g) => withPlan(g, String(plan)));
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
  try {
    return JSON.parse(wasmPresetSource(name));
  } catch (err) {
    rethrow(err);
  }
}
