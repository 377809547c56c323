// teamgate/review: before anyone saves. What a change does to each member
// (`effectOf`, `preview`), a team's policy tests (`runTests`), invariants
// proved over every case (`verify`, `guard`), and the same as assertions
// for Vitest, Jest or `node --test`. All answered by the engine (Rust's
// `Gate::effect_of`, `teamgate::testing`, `teamgate::invariants`) in a wasm
// module of its own, which only the pages and jobs that review changes
// load; gates of the full `teamgate` entry cross over as snapshots.
import initWasm, {
  initSync as initWasmSync,
  effectOf as wasmEffectOf,
  runTests as wasmRunTests,
  verifyInvariants as wasmVerify,
} from "./teamgate_review.js";
import { EditError, NotReadyError, rethrow } from "./errors.js";
import { isCount, isId } from "./args.js";
import { wasmLoader } from "./loader.js";
import { jsonText } from "./sources.js";

export { EditError, PolicyError } from "./errors.js";

const wasm = wasmLoader(initWasm, initWasmSync);

/** `init`, `initSync`, `isReady`: this entry's own wasm (see `wasmLoader`, loader.js). */
export const { init, initSync, isReady } = wasm;

function ready() {
  if (!wasm.ready) throw new NotReadyError();
}

/** A full gate's snapshot bytes; a TypeError for anything else (a lite gate has no snapshot). */
function snapshotOf(gate, argument) {
  let bytes;
  try {
    bytes = gate !== null && typeof gate === "object" && typeof gate.snapshot === "function" ? gate.snapshot() : null;
  } catch (err) {
    if (err instanceof NotReadyError) throw err;
    bytes = null;
  }
  if (!(bytes instanceof Uint8Array)) {
    throw new TypeError(`teamgate/review: ${argument} must be a Gate of the full \`teamgate\` entry (teamgate/lite gates cannot be reviewed)`);
  }
  return bytes;
}

/** `{ seats: 5 }` as the two lists the wasm takes; a TypeError for anything else. */
function usageLists(usage) {
  const bad = () => new TypeError("teamgate/review: usage is an object of counts, e.g. { seats: 5 }");
  // A typed array is an object too, and listing its elements as entries
  // would take a long time for nothing: refused as arrays are.
  if (usage === null || typeof usage !== "object" || Array.isArray(usage) || ArrayBuffer.isView(usage)) throw bad();
  let entries;
  try {
    entries = Object.entries(usage);
  } catch {
    throw bad();
  }
  if (entries.length > 256 || !entries.every(([k, v]) => isId(k) && isCount(v))) throw bad();
  return [entries.map(([k]) => k), Uint32Array.from(entries.map(([, v]) => v))];
}

/** Calls the wasm, turning its thrown errors into `PolicyError`s. */
function call(f) {
  ready();
  try {
    return f();
  } catch (err) {
    rethrow(err);
  }
}

/**
 * What changes from `before`'s policy to `after`'s (two gates): each
 * member's and role's gains and losses, plan features switched off or on,
 * limits newly over with `usage` in use (`{ seats: 5 }`), an English
 * `summary` and `grantsAccess`.
 */
export function effectOf(before, after, usage = {}) {
  ready();
  const [limits, counts] = usageLists(usage);
  const a = snapshotOf(before, "before");
  const b = snapshotOf(after, "after");
  return call(() => wasmEffectOf(a, b, limits, counts));
}

/**
 * The effect of an edit before it is made: `edit` gets a copy of `gate`
 * (`(draft) => draft.setTeamPermission(...)`); `gate` is not changed.
 * Throws what the edit throws (an `EditError`, invariants included).
 */
export function preview(gate, edit, usage = {}) {
  ready();
  if (typeof edit !== "function") throw new TypeError("teamgate/review: preview(gate, edit) takes a function that edits the draft gate it is given");
  const [limits, counts] = usageLists(usage);
  // One snapshot of `gate`: the draft is made from it, and it is the "before".
  const before = snapshotOf(gate, "gate");
  const draft = new gate.constructor(before);
  try {
    draft._editGuard = gate._editGuard;
    edit(draft);
    const after = snapshotOf(draft, "the draft");
    return call(() => wasmEffectOf(before, after, limits, counts));
  } finally {
    draft.dispose();
  }
}

/**
 * Runs policy tests (a test file, object or JSON text; the format of
 * `schema/policy-tests.schema.json`) against `gate`: `{ passed, failed,
 * results }`. Throws a `PolicyError` for a malformed file.
 */
export function runTests(gate, tests) {
  ready();
  const bytes = snapshotOf(gate, "gate");
  const text = call(() => jsonText(tests));
  return call(() => wasmRunTests(bytes, text));
}

/**
 * Checks invariants (`schema/invariants.schema.json`) over every case:
 * one result per rule, `holds` or its first `counterexample`. Throws a
 * `PolicyError` for a malformed file.
 */
export function verify(gate, rules) {
  ready();
  const bytes = snapshotOf(gate, "gate");
  const text = call(() => jsonText(rules));
  return call(() => wasmVerify(bytes, text));
}

/** The EditError of a rule that does not (or would no longer) hold. */
function invariantBroken(result, hint) {
  const err = new EditError({ code: "invariant_broken", message: `“${result.name}” does not hold: ${result.message}`, hint });
  err.invariant = result.name;
  err.counterexample = result.counterexample;
  return err;
}

/**
 * Guards every later edit of `gate` with `rules`: an edit after which a
 * rule no longer holds is refused (`EditError` with code
 * `invariant_broken`, the rule's name and its counterexample) and the gate
 * stays as it was. The rules must hold now, or this throws that error for
 * the first that does not. `null` removes the guard.
 */
export function guard(gate, rules) {
  ready();
  snapshotOf(gate, "gate");
  if (rules === null) {
    gate._editGuard = undefined;
    return [];
  }
  const text = call(() => jsonText(rules));
  const results = verify(gate, text);
  const broken = results.find((r) => !r.holds);
  if (broken) throw invariantBroken(broken, "fix the policy (or the rule) before guarding edits with it");
  gate._editGuard = (snapshot) => {
    const after = call(() => wasmVerify(snapshot(), text));
    const breaks = after.find((r) => !r.holds);
    if (breaks) throw invariantBroken(breaks, "the edit is refused; the gate is unchanged");
  };
  return results;
}

/** Thrown by `assertPolicyTests` and `assertInvariants`: `failures` has one line per failure. */
export class PolicyTestError extends Error {
  constructor(summary, failures, details) {
    super(`${summary}\n${failures.map((f) => `  - ${f}`).join("\n")}`);
    this.name = "PolicyTestError";
    this.failures = failures;
    this.details = details;
  }
}

/** `runTests`, throwing a `PolicyTestError` that names every failing case with the engine's answer. */
export function assertPolicyTests(gate, tests) {
  const report = runTests(gate, tests);
  if (report.failed === 0) return report;
  const failures = report.results.filter((r) => !r.passed).map((r) => `${r.name}: ${r.failure}`);
  throw new PolicyTestError(`${report.failed} of ${report.results.length} policy tests failed`, failures, report);
}

/** `verify`, throwing a `PolicyTestError` that names every broken rule with its first counterexample. */
export function assertInvariants(gate, rules) {
  const results = verify(gate, rules);
  const broken = results.filter((r) => !r.holds);
  if (broken.length === 0) return results;
  throw new PolicyTestError(`${broken.length} of ${results.length} invariants do not hold`, broken.map((r) => `${r.name}: ${r.message}`), results);
}
