// Types of teamgate/review: change previews, policy tests, invariants.
import type { AccessChange, Effect as EngineEffect, InvariantResult, Invariants, PolicyTests, TestReport } from "./generated.js";
import type { Gate, WasmInput } from "./index.js";

export type { AccessChange, Counterexample, InvariantResult, Invariants, PolicyTests, TestCase, TestReport } from "./generated.js";
export { EditError, PolicyError } from "./index.js";

/** Loads this entry's wasm (browsers; the Node entry is ready on import). */
export declare function init(input?: WasmInput | Promise<WasmInput>): Promise<void>;
/** Loads this entry's wasm synchronously from its bytes or a compiled module. */
export declare function initSync(module: BufferSource | WebAssembly.Module): void;
/** Whether this entry's wasm is loaded. */
export declare function isReady(): boolean;

/** Limits in use, for `effectOf` and `preview`: `{ seats: 5, numbers: 2 }`. */
export type Usage = { readonly [limit: string]: number };

/** A change's effect: the engine's data, its English lines, and whether anyone gains. */
export interface Effect extends EngineEffect {
  /** One line per change, members first ("Bea (Agent) on Main number loses “Delete chats” for others' chats"). */
  summary: string[];
  /** Whether any member or role gains anything. */
  grantsAccess: boolean;
}

/** Who gains and who loses what from `before`'s policy to `after`'s. */
export declare function effectOf(before: Gate, after: Gate, usage?: Usage): Effect;
/** The effect of `edit`, made on a copy of `gate` (which is unchanged); throws what the edit throws. */
export declare function preview<G extends Gate>(gate: G, edit: (draft: G) => void, usage?: Usage): Effect;
/** Runs policy tests with the engine; throws `PolicyError` for a malformed file. */
export declare function runTests(gate: Gate, tests: PolicyTests | string): TestReport;
/** Checks invariants over every case; one result per rule. Throws `PolicyError` for a malformed file. */
export declare function verify(gate: Gate, rules: Invariants | string): InvariantResult[];
/**
 * Guards later edits of `gate`: an edit that breaks a rule is refused
 * (`EditError` `invariant_broken`, with `invariant` and `counterexample`).
 * The rules must hold now. `null` removes the guard.
 */
export declare function guard(gate: Gate, rules: Invariants | string | null): InvariantResult[];

/** Thrown when a policy test fails or an invariant does not hold. */
export declare class PolicyTestError extends Error {
  readonly name: "PolicyTestError";
  /** One line per failing case or broken rule: its name and why. */
  readonly failures: string[];
  /** The whole report (tests) or every rule's result (invariants). */
  readonly details: TestReport | InvariantResult[];
}
/** `runTests`, throwing `PolicyTestError` when a case fails. */
export declare function assertPolicyTests(gate: Gate, tests: PolicyTests | string): TestReport;
/** `verify`, throwing `PolicyTestError` when a rule does not hold. */
export declare function assertInvariants(gate: Gate, rules: Invariants | string): InvariantResult[];
