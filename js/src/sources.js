// What a gate is built from: a preset name, a document (object or JSON
// text), snapshot bytes.
import { PolicyError } from "./errors.js";

/** The preset a gate uses when none is named. */
export const DEFAULT_PRESET = "team-inbox";

/** Whether a gate's source is a preset name (a word such as `team-inbox`), not JSON text. */
export function isPresetName(source) {
  return typeof source === "string" && source.length <= 64 && /^[A-Za-z0-9_.-]+$/.test(source);
}

/**
 * A gate's source as snapshot bytes (a copy of a Uint8Array's, or of an
 * ArrayBuffer's), or null. Copied in JS first: only a real byte array
 * crosses into wasm (a proxy, or a detached buffer, is not bytes).
 */
export function snapshotBytes(source) {
  try {
    if (source instanceof Uint8Array) return Uint8Array.prototype.slice.call(source);
    return source instanceof ArrayBuffer ? new Uint8Array(source.slice(0)) : null;
  } catch {
    return null;
  }
}

/** Whether `source` is an instance of `Class` (false, not a throw, for a proxy whose traps throw). */
export function isInstance(source, Class) {
  try {
    return source instanceof Class;
  } catch {
    return false;
  }
}

/** JSON text of a document given as an object (text is passed as is). */
export function jsonText(value) {
  if (typeof value === "string") return value;
  try {
    return boundedJson(value) ?? "null";
  } catch (err) {
    const tooMany = err === TOO_MANY;
    throw new PolicyError([
      {
        code: tooMany ? "too_large" : "json_syntax",
        path: "$",
        message: tooMany ? `more than ${MAX_VALUES} values` : "not plain JSON data (a value could not be copied: a BigInt, a cycle, or a getter that throws)",
        hint: "pass plain data: objects, arrays, strings, numbers, booleans",
      },
    ]);
  }
}

/** Most values a document (or dehydrated decisions) may hold: the engine reads at most 1,000,000. */
export const MAX_VALUES = 1_000_000;
/** Thrown by `boundedJson` past `MAX_VALUES`. */
export const TOO_MANY = Object.freeze({ tooMany: true });

/**
 * `JSON.stringify(value)`, stopped (by throwing `TOO_MANY`) once it has
 * visited `max` values or meets a longer array: a sparse array of
 * length 2^32 - 1 is refused at once instead of walked.
 */
export function boundedJson(value, max = MAX_VALUES) {
  let n = 0;
  return JSON.stringify(value, (_, v) => {
    n += 1;
    // Typed arrays are not JSON data, and engines walk their keys one by one.
    if (n > max || (Array.isArray(v) && v.length > max) || ArrayBuffer.isView(v)) throw TOO_MANY;
    return v;
  });
}
