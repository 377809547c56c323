// Types of the teamgate package. The document format, the engine's answers
// and the unions of ids and codes come from generated.d.ts, generated from
// the Rust types and the presets; this file adds what the JS wrapper adds.
import type {
  ActionCapability as EngineActionCapability,
  Capabilities as EngineCapabilities,
  ChatFilter as EngineChatFilter,
  Counterexample,
  DehydratedDecisions as EngineDehydratedDecisions,
  ErrorCode,
  Explanation as EngineExplanation,
  LimitCheck as EngineLimitCheck,
  PolicyDocument,
  PresetName,
  Presets,
  Problem,
  ReasonCode,
  RoleDef,
  TeamWarning as EngineTeamWarning,
} from "./generated.js";

export type * from "./generated.js";

/** The preset a gate uses when none is named: `"team-inbox"`. */
export declare const DEFAULT_PRESET: "team-inbox";

/** Anything `init` accepts: a URL of the .wasm, a Response, bytes or a compiled module. */
export type WasmInput = string | URL | Request | Response | BufferSource | WebAssembly.Module;

/** Loads the wasm module once (browsers). In Node the package is ready on import. */
export declare function init(input?: WasmInput | Promise<WasmInput>): Promise<void>;
/** Loads the wasm module synchronously from its bytes or a compiled module. */
export declare function initSync(module: BufferSource | WebAssembly.Module): void;
/** Whether the wasm module is loaded. */
export declare function isReady(): boolean;
/** Bytes of wasm linear memory in use by teamgate (0 before init). */
export declare function memoryBytes(): number;

/**
 * The named values of an `invalid_argument` answer, beside the engine's:
 * which argument, what it must be, and what was given (from `typeof` alone).
 */
export interface ArgumentParams {
  argument?: string;
  expected?: string;
  given?: string;
}

/**
 * A decision with its reason (generated from the Rust type). Two codes only
 * the JS wrapper answers: `not_ready`, asked before `init()` finished, and
 * `invalid_argument`, asked with an argument of the wrong kind (a number
 * or an object where an id goes: nothing reached the engine).
 */
export type Explanation = Omit<EngineExplanation, "code" | "params"> & {
  code: ReasonCode | "not_ready" | "invalid_argument";
  params: EngineExplanation["params"] & ArgumentParams;
};

/** A limit check (generated from the Rust type); `not_ready` before `init()`, `invalid_argument` for a wrong kind of argument. */
export type LimitCheck = Omit<EngineLimitCheck, "code" | "params"> & {
  code: "within_limit" | "limit_reached" | "unknown_limit" | "not_ready" | "invalid_argument";
  params: EngineLimitCheck["params"] & ArgumentParams;
};

/** One action of `capabilities` (frozen, like the whole result). */
export type ActionCapability = Readonly<Omit<EngineActionCapability, "scopes">> & { readonly scopes: readonly string[] };

/** Every decision for one role; the same frozen object until the policy changes. */
export type Capabilities = Readonly<Omit<EngineCapabilities, "actions">> & {
  readonly actions: readonly ActionCapability[];
};

/** Ids resolved once by `gate.resolve`, for `gate.canIds` (opaque). */
export interface ResolvedIds {
  /** The policy version the ids were resolved against. */
  readonly version: number;
}

/** A batch of requests prepared by `gate.prepare`. */
export interface PreparedBatch {
  readonly length: number;
  /** Decides every request in one call into wasm: one boolean per request. */
  run(): boolean[];
}

/** A team warning (generated from the Rust type). */
/** What `chatFilter` returns (frozen): render it with `teamgate/filters`. */
export type ChatFilter = Readonly<EngineChatFilter>;
export type TeamWarning = Omit<EngineTeamWarning, "code"> & { code: "no_supervisor" };

/** A policy document that cannot be used, with every problem in it. */
export declare class PolicyError extends Error {
  readonly name: "PolicyError";
  readonly problems: Problem[];
  /** The first problem's code. */
  readonly code: ErrorCode;
}

/** An edit that was refused. */
export declare class EditError extends Error {
  readonly name: "EditError";
  readonly code: ReasonCode | "invalid_policy" | "invariant_broken";
  readonly hint?: string;
  readonly upgradeTo?: string;
  readonly feature?: string;
  /** A denial's named values, as an explanation's: `translate(error, de).message` writes it in a catalog's words (`{}` for other errors). */
  readonly params: EngineExplanation["params"];
  /** For `invalid_policy`: the problems of the resulting document. */
  readonly problems: Problem[];
  /** For `invariant_broken` (a gate guarded by `teamgate/review`'s `guard`): the rule the edit would break. */
  readonly invariant?: string;
  /** For `invariant_broken`: the first case that would break it. */
  readonly counterexample?: Counterexample;
}

/** The format tag of `gate.dehydrate()`'s answer: `"teamgate.decisions/1"`. */
export declare const DECISIONS_FORMAT: "teamgate.decisions/1";

/**
 * What `gate.dehydrate()` returns on the server and a browser's gate takes
 * (`new Gate(snapshot, { decisions })`, `gate.hydrate(decisions)`): plain
 * JSON, the explanation of every asked action as a page asks it (a console
 * action without a scope, a chat action in each scope and `all`), for one
 * role or member in one number.
 */
export type DehydratedDecisions = Omit<EngineDehydratedDecisions, "explanations"> & { explanations: Explanation[] };

/** What `dehydrate` is asked for: a role (in a number, or on the role defaults), or a member in a number. */
export type DehydrateRequest =
  | { role: string; number?: string | null; member?: undefined; actions?: readonly string[] }
  | { member: string; number: string; role?: undefined; actions?: readonly string[] };

/** Options of a gate's constructor. */
export interface GateOptions {
  /** Decisions from the server (`gate.dehydrate()`), answered until the wasm module has loaded. */
  decisions?: DehydratedDecisions | null;
}

/** Dehydrated decisions that cannot be read (`hydrate`, `new Gate(…, { decisions })`). */
export declare class DecisionsError extends Error {
  readonly name: "DecisionsError";
  readonly code: "invalid_decisions";
  /** Where in the data, e.g. `$.decisions.chats.read`. */
  readonly path: string;
  readonly hint: string;
}

/** Thrown when something needs the wasm module before `init()` finished. */
export declare class NotReadyError extends Error {
  readonly name: "NotReadyError";
  readonly code: "not_ready";
}

/** What a gate is built from: a preset name, a document, JSON text or another gate. */
export type PolicySource = PresetName | PolicyDocument | string | Snapshot | Gate<any, any, any, any>;

/**
 * A compiled policy. `R`, `A`, `S`, `N` are its role, action, scope and
 * number ids: exact for a preset, `string` for a document. Annotate a gate
 * as plain `Gate` when its ids change at run time (custom roles).
 */
/** What every gate answers, in `teamgate` and `teamgate/lite`. */
export interface Decisions<R extends string = string, A extends string = string, S extends string = string, N extends string = string> {
  /** Increases with every update or edit; 0 before the gate is built. */
  readonly version: number;
  readonly roles: R[];
  readonly actions: A[];
  readonly scopes: S[];
  readonly numbers: N[];
  readonly plan: string | undefined;

  /** Never throws; `false` for anything unknown or before `init()`. */
  can(role: R, action: A, scope?: S | "all" | null, number?: N | null): boolean;
  canMany(requests: ReadonlyArray<readonly [R, A, (S | "all" | null)?, (N | null)?]>): boolean[];
  /** Resolves ids once for `canIds`; `null` for an unknown id or before `init()`. */
  resolve(role: R, action: A, scope?: S | "all" | null, number?: N | null): ResolvedIds | null;
  /** The decision for resolved ids: the engine's answer for this policy version (resolved again after an update); `false` for `null`. */
  canIds(ids: ResolvedIds | null): boolean;
  /** A batch (e.g. a whole screen) whose ids are resolved once; `run()` decides it in one call. */
  prepare(requests: ReadonlyArray<readonly [R, A, (S | "all" | null)?, (N | null)?]>): PreparedBatch;
  explain(role: R, action: A, scope?: S | "all" | null, number?: N | null): Explanation;
  canMember(member: string, number: N, action: A, scope?: S | "all" | null): boolean;
  explainMember(member: string, number: N, action: A, scope?: S | "all" | null): Explanation;
  /**
   * The scopes in which `role` may do the chat `action` (in `number`, or on
   * the role defaults): what a server filters a list with, so that a list
   * never shows what opening an item would refuse, and a UI its tabs.
   * Exactly the scopes `s` with `can(role, action, s, number)`; `[]` for a
   * console action, anything unknown, or before `init()`.
   */
  allowedScopes(role: R, action: A, number?: N | null): S[];
  /** `allowedScopes` for a member in a number (their role plus their grants): exactly the scopes with `canMember`. */
  memberAllowedScopes(member: string, number: N, action: A): S[];
  checkLimit(limit: string, used: number): LimitCheck;
  canEditPermissions(editor: R, target: R): boolean;
  explainEditPermissions(editor: R, target: R): Explanation;
  canAssignRole(editor: R, role: R): boolean;
  explainAssignRole(editor: R, role: R): Explanation;
  capabilities(role: R, number?: N | null): Capabilities | null;
  teamWarnings(): TeamWarning[];
  membersWithRole(role: R, number?: N | null): string[];
  memberRole(member: string, number: N): R | undefined;
  /**
   * Answers from the server's dehydrated decisions until the wasm module has
   * loaded (then the engine answers). Throws `DecisionsError` for data of
   * another shape. Returns the gate.
   */
  hydrate(decisions: DehydratedDecisions): this;
  /** Called after every update or edit, and once when the wasm module has loaded; returns the unsubscribe function. */
  subscribe(listener: (gate: this) => void): () => void;
  /** Frees the wasm memory now. */
  dispose(): void;
}

/** Snapshot bytes: `gate.snapshot()` here, `Gate::snapshot()` in Rust. */
export type Snapshot = Uint8Array | ArrayBuffer;

/** A gate of the whole engine: decisions, plus documents, snapshots and edits. */
export interface Gate<R extends string = string, A extends string = string, S extends string = string, N extends string = string>
  extends Decisions<R, A, S, N> {
  /**
   * The chats `role` may do `action` on (in `number`, or on the role
   * defaults), by how each chat's assignee relates to the caller: each
   * flag exactly `can` in that scope. Render it for a database with
   * `teamgate/filters`. No chat for anything unknown or before `init()`.
   */
  chatFilter(role: R, action: A, number?: N | null): ChatFilter;
  /** `chatFilter` for a member in a number (their role plus their grants): each flag exactly `canMember` in that scope. */
  memberChatFilter(member: string, number: N, action: A): ChatFilter;
  policy(): PolicyDocument;
  /** The compiled policy as compact bytes, for `teamgate/lite` or `Gate::from_snapshot`. */
  snapshot(): Uint8Array;
  /**
   * The decisions a page needs for one role or one signed-in member, as
   * plain JSON to send with the server-rendered page (see `hydrate`).
   * `actions` limits them (default: every action).
   */
  dehydrate(request: DehydrateRequest): DehydratedDecisions;

  /** Replaces the policy; throws `PolicyError` and keeps the old one if it is bad. */
  update(policy: PolicySource): void;
  /** `editor` sets the scopes `target` keeps for a chat action in `number`; throws `EditError`. */
  setTeamPermission(editor: R, number: N, target: R, action: A, scopes: ReadonlyArray<S | "all">): void;
  /** `editor` adds a custom role; throws `EditError` (`invalid_policy` with `problems` for a role that does not read or validate). */
  addCustomRole(editor: R, role: RoleDef): void;
  setMemberRole(editor: R, member: string, number: N, role: R): void;
  setPlan(plan: string): void;
}

/**
 * Register your app's gate once, and the React and Vue adapters check every
 * id you pass them (`useCan("chats.repy")` then fails to compile):
 *
 *     const gate = new Gate();
 *     declare module "teamgate" {
 *       interface Register { gate: typeof gate }
 *     }
 *
 * Unregistered, the adapters take any strings and `useGate()` is typed as
 * what every gate answers (`Decisions`).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface Register {}

/** The registered gate's type (see `Register`), or what every gate answers. */
export type RegisteredGate = Register extends { gate: infer G extends Decisions<any, any, any, any> } ? G : Decisions;
/** The role ids of a gate type. */
export type RoleOf<G> = G extends Decisions<infer R, any, any, any> ? R : string;
/** The action ids of a gate type. */
export type ActionOf<G> = G extends Decisions<any, infer A, any, any> ? A : string;
/** The scope ids of a gate type. */
export type ScopeOf<G> = G extends Decisions<any, any, infer S, any> ? S : string;
/** The number ids of a gate type. */
export type NumberOf<G> = G extends Decisions<any, any, any, infer N> ? N : string;

type PresetGate<P extends PresetName> = Gate<Presets[P]["roles"], Presets[P]["actions"], Presets[P]["scopes"], Presets[P]["numbers"]>;

export interface GateConstructor {
  /** The default preset, `team-inbox`. */
  new (): PresetGate<"team-inbox">;
  new <P extends PresetName>(preset: P, options?: GateOptions): PresetGate<P>;
  new <R extends string = string, A extends string = string, S extends string = string, N extends string = string>(
    policy: PolicyDocument | string | Snapshot | Gate<any, any, any, any>,
    options?: GateOptions,
  ): Gate<R, A, S, N>;
  /** Loads wasm if needed, then builds a gate. */
  load(): Promise<PresetGate<"team-inbox">>;
  load<P extends PresetName>(preset: P, input?: WasmInput): Promise<PresetGate<P>>;
  load(policy: PolicyDocument | string | Snapshot, input?: WasmInput): Promise<Gate>;
  readonly prototype: Gate;
}

export declare const Gate: GateConstructor;

/** The names of the embedded presets. */
export declare function presetNames(): PresetName[];
/** A preset's policy document. */
export declare function presetDocument(name?: PresetName): PolicyDocument;
