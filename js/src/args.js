// What may cross into wasm, checked in JS first. A wasm-bindgen call that
// throws while it copies its arguments in (a number where a string goes, an
// object whose toString throws) can leave the module's stack pointer moved,
// so that later calls read the wrong memory or never return; so nothing but
// strings of a bounded length and whole numbers in range ever crosses, and
// no argument's own methods (toString, valueOf, a proxy's traps) are called.

/** An id argument: a string of at most 256 characters (policy ids have at most 64). */
export const isId = (x) => typeof x === "string" && x.length <= 256;

/** An id, or nothing (`undefined` or `null`): numbers and scopes that may be left out. */
export const isOptionalId = (x) => x == null || isId(x);

/** A count of things in use: a whole number from 0 to 2^32 - 1. */
export const isCount = (x) => Number.isInteger(x) && x >= 0 && x <= 0xffffffff;

export const ID = "a string of at most 256 characters";
export const OPTIONAL_ID = "an id or nothing";

/**
 * The answer to a question asked with an argument of the wrong kind: a
 * denial, `invalid_argument`, naming the argument and what was given (from
 * `typeof` alone: a proxy's traps are never run). Nothing crossed into
 * wasm; the gate is as it was.
 */
export function invalidArgument(argument, value, expected) {
  const given = value === null ? "null" : typeof value;
  return {
    allowed: false,
    code: "invalid_argument",
    message: `${argument} must be ${expected}, not ${given}`,
    hint: `pass ${argument} as ${expected}`,
    params: { argument, expected, given },
  };
}

/**
 * The first argument that is not an id, as an `invalid_argument` answer,
 * or null. `checks`: `[name, value, optional]`.
 */
export function badId(checks) {
  for (const [name, value, optional] of checks) {
    if (!(optional ? isOptionalId(value) : isId(value))) return invalidArgument(name, value, optional ? OPTIONAL_ID : ID);
  }
  return null;
}
