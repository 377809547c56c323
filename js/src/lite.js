// teamgate/lite: the decision-only engine for browsers (about half the bytes
// of `teamgate`). Gates come from snapshots: a server (the `teamgate`
// package or the Rust crate) reads and validates the policy document once and
// sends `gate.snapshot()`; the default preset is embedded. Every question of
// `teamgate` is here (gate.js); reading documents, presets and edits are not.
import initWasm, { initSync as initWasmSync, defaultPreset, fromSnapshot } from "./teamgate_lite.js";
import { GateBase } from "./gate.js";
import { NotReadyError, PolicyError, rethrow } from "./errors.js";
import { wasmLoader } from "./loader.js";
import { DEFAULT_PRESET, isInstance, isPresetName, snapshotBytes } from "./sources.js";

export { DecisionsError, NotReadyError, PolicyError } from "./errors.js";
export { DECISIONS_FORMAT } from "./dehydrated.js";
export { DEFAULT_PRESET } from "./sources.js";

const wasm = wasmLoader(initWasm, initWasmSync);

/** `init`, `initSync`, `isReady`, `memoryBytes`: see `wasmLoader` (loader.js). */
export const { init, initSync, isReady, memoryBytes } = wasm;

function refuse(code, message, hint) {
  return new PolicyError([{ code, path: "$", message, hint }]);
}

/**
 * A compiled policy: `new Gate()` is the default preset (`team-inbox`);
 * `new Gate(bytes)` reads a snapshot (a Uint8Array or ArrayBuffer made by
 * `gate.snapshot()` of `teamgate`, or `Gate::snapshot` in Rust);
 * `new Gate(gate)` copies another lite gate.
 */
export class Gate extends GateBase {
  /** Loads wasm if needed, then builds a gate. */
  static async load(source = DEFAULT_PRESET, input) {
    await init(input);
    return new Gate(source);
  }

  _build(source) {
    if (!wasm.ready) throw new NotReadyError();
    const given = isInstance(source, Gate) ? source._source : source;
    const bytes = snapshotBytes(given);
    let inner;
    try {
      if (given === DEFAULT_PRESET) inner = defaultPreset();
      else if (bytes !== null) inner = fromSnapshot(bytes);
    } catch (err) {
      rethrow(err);
    }
    if (inner === undefined) {
      throw isPresetName(given)
        ? refuse(
            "unknown_preset",
            `teamgate/lite embeds only the preset \`${DEFAULT_PRESET}\`, not \`${given}\``,
            "send the snapshot of the preset from the server (`new Gate(name).snapshot()` with `teamgate`)",
          )
        : refuse(
            "invalid_snapshot",
            "teamgate/lite reads snapshots, not policy documents",
            "build the gate on the server with `teamgate` (or the Rust crate) and send `gate.snapshot()`'s bytes",
          );
    }
    // Kept (as a private copy) for `new Gate(thisGate)`: lite cannot write snapshots.
    this._source = bytes === null ? given : bytes.slice();
    return inner;
  }
}
Gate.prototype._wasm = wasm;
