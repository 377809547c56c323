// What may cross into wasm, checked in JS first. A wasm-bindgen call that
// throws while it copies its arguments in (a number where a string goes, an
// object whose toString throws) can leave the module's stack pointer moved,
// so that later calls read the wrong memory or never return; so nothing but
// strings of a bounded length and whole numbers in range ever crosses, and
// no argument's own methods (toString, valueOf, a proxy's traps) are called.

/** Longest id that crosses into wasm (policy ids have at most 64 characters). */
export const MAX_ID = 256;

/** An id argument: a string of at most `MAX_ID` characters. */
export const isId = (x) => typeof x === "string" && x.length <= MAX_ID;

/** An id, or nothing (`undefined` or `null`): numbers and scopes that may be left out. */
export const isOptionalId = (x) => x === undefined || x === null || isId(x);

/** A count of things in use: a whole number from 0 to 2^32 - 1. */
export const isCount = (x) => typeof x === "number" && Number.isInteger(x) && x >= 0 && x <= 0xffffffff;

/** What a value is, for a message: from `typeof` only (a proxy's traps are never run). */
export function kind(x) {
  if (x === null) return "null";
  if (x === undefined) return "nothing";
  if (typeof x === "string") return `a string of ${x.length} characters`;
  if (typeof x === "number") return Number.isFinite(x) ? `the number ${x}` : `the number ${x}`;
  return typeof x === "object" ? "an object" : `a ${typeof x}`;
}

/**
 * The answer to a question asked with an argument of the wrong kind: a
 * denial, `invalid_argument`, naming the argument (nothing crossed into
 * wasm; the gate is as it was).
 */
export function invalidArgument(name, value, expected) {
  const given = kind(value);
  return {
    allowed: false,
    code: "invalid_argument",
    message: `${name} must be ${expected}, not ${given}`,
    hint: `pass ${name} as ${expected}`,
    params: { argument: name, expected, given },
  };
}

export const ID = "an id (a string of at most 256 characters)";
export const OPTIONAL_ID = "an id (a string) or nothing";

/**
 * The first argument that is not what it must be, as an `invalid_argument`
 * answer, or null. `checks`: `[name, value, optional]` for ids.
 */
export function badId(checks) {
  for (const [name, value, optional] of checks) {
    if (optional ? !isOptionalId(value) : !isId(value)) return invalidArgument(name, value, optional ? OPTIONAL_ID : ID);
  }
  return null;
}
