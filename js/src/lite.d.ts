// Types of teamgate/lite: the decision-only engine; gates come from snapshots
// (`gate.snapshot()` of `teamgate`, `Gate::snapshot()` in Rust) or the
// embedded default preset.
import type { Presets } from "./generated.js";
import type { Decisions, GateOptions, Snapshot, WasmInput } from "./index.js";

export type {
  ActionCapability,
  Capabilities,
  ChatFilter,
  Decisions,
  DehydratedDecisions,
  GateOptions,
  ErrorCode,
  Explanation,
  LimitCheck,
  PreparedBatch,
  Problem,
  ReasonCode,
  ResolvedIds,
  Snapshot,
  TeamWarning,
  WasmInput,
} from "./index.js";
export { DECISIONS_FORMAT, DEFAULT_PRESET, DecisionsError, NotReadyError, PolicyError } from "./index.js";

export declare function init(input?: WasmInput | Promise<WasmInput>): Promise<void>;
export declare function initSync(module: BufferSource | WebAssembly.Module): void;
export declare function isReady(): boolean;
export declare function memoryBytes(): number;

/** A lite gate: every question of `teamgate`; `update` takes what the constructor takes. */
export interface Gate<R extends string = string, A extends string = string, S extends string = string, N extends string = string>
  extends Decisions<R, A, S, N> {
  /** Replaces the policy; throws `PolicyError` (`invalid_snapshot`) and keeps the old one if it is bad. */
  update(source: "team-inbox" | Snapshot | Gate<any, any, any, any>): void;
}

type DefaultGate = Gate<Presets["team-inbox"]["roles"], Presets["team-inbox"]["actions"], Presets["team-inbox"]["scopes"], Presets["team-inbox"]["numbers"]>;

export interface GateConstructor {
  /** The embedded default preset, `team-inbox`. */
  new (): DefaultGate;
  new (preset: "team-inbox", options?: GateOptions): DefaultGate;
  /** A snapshot's gate; name the id unions to have them checked. */
  new <R extends string = string, A extends string = string, S extends string = string, N extends string = string>(
    source: Snapshot | Gate<any, any, any, any>,
    options?: GateOptions,
  ): Gate<R, A, S, N>;
  load(): Promise<DefaultGate>;
  load(preset: "team-inbox", input?: WasmInput): Promise<DefaultGate>;
  load(source: Snapshot, input?: WasmInput): Promise<Gate>;
  readonly prototype: Gate;
}

export declare const Gate: GateConstructor;
