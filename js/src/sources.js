// What a gate is built from: a preset name, a document (object or JSON
// text), snapshot bytes.
import { PolicyError } from "./errors.js";

/** The preset a gate uses when none is named. */
export const DEFAULT_PRESET = "team-inbox";

/** Whether a gate's source is a preset name (a word such as `team-inbox`), not JSON text. */
export function isPresetName(source) {
  return typeof source === "string" && /^[A-Za-z0-9_.-]+$/.test(source);
}

/** A gate's source as snapshot bytes (a Uint8Array, or a view of an ArrayBuffer), or null. */
export function snapshotBytes(source) {
  if (source instanceof Uint8Array) return source;
  return source instanceof ArrayBuffer ? new Uint8Array(source) : null;
}

/** JSON text of a document given as an object (text is passed as is). */
export function jsonText(value) {
  if (typeof value === "string") return value;
  try {
    return JSON.stringify(value) ?? "null";
  } catch (err) {
    throw new PolicyError([
      {
        code: "json_syntax",
        path: "$",
        message: `not valid JSON: ${err.message}`,
        hint: "pass plain data: objects, arrays, strings, numbers, booleans",
      },
    ]);
  }
}
