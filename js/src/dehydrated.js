// Decisions dehydrated on a server (`gate.dehydrate()`), checked for shape
// and read by a browser's gate until its wasm has loaded.
import { DecisionsError } from "./errors.js";
import { deepFreeze } from "./cache.js";
import { boundedJson } from "./sources.js";

/** Most values dehydrated decisions may hold (every action of a large policy is a few thousand). */
const MAX_DECISION_VALUES = 20_000;

/** The format tag of `gate.dehydrate()`'s answer. */
export const DECISIONS_FORMAT = "teamgate.decisions/1";

/**
 * Checks the shape of dehydrated decisions (they cross the network and may
 * be cached): every index in range, every explanation a decision with a
 * code and message. Returns them, frozen.
 */
export function readDecisions(d) {
  const fail = (path, message, hint = "pass what `gate.dehydrate()` returned on the server, unchanged") => {
    throw new DecisionsError(path, message, hint);
  };
  // Checked and kept as a copy through JSON: plain data only (what was given
  // may be a framework's reactive proxy, and may change afterwards).
  try {
    d = JSON.parse(boundedJson(d, MAX_DECISION_VALUES));
  } catch {
    fail("$", "not plain JSON data of at most 20,000 values");
  }
  if (d === null || typeof d !== "object" || Array.isArray(d)) fail("$", "expected the object `gate.dehydrate()` returns");
  if (d.format !== DECISIONS_FORMAT) fail("$.format", `expected \`${DECISIONS_FORMAT}\`, found ${JSON.stringify(d.format)}`, "dehydrate and hydrate with the same teamgate version");
  const text = (v) => typeof v === "string";
  const optText = (v) => v === null || text(v);
  if (!optText(d.role) || !optText(d.number) || !optText(d.member)) fail("$", "`role`, `number` and `member` must be strings or null");
  if (d.role === null && d.member === null) fail("$.role", "neither a role nor a member is named");
  if (!Array.isArray(d.scopes) || !d.scopes.every(text)) fail("$.scopes", "expected a list of scope ids");
  if (!Array.isArray(d.explanations)) fail("$.explanations", "expected a list of explanations");
  d.explanations.forEach((e, i) => {
    if (e === null || typeof e !== "object" || typeof e.allowed !== "boolean" || !text(e.code) || !text(e.message)) {
      fail(`$.explanations[${i}]`, "expected `{ allowed, code, message, ... }`");
    }
  });
  if (d.decisions === null || typeof d.decisions !== "object" || Array.isArray(d.decisions)) fail("$.decisions", "expected an object of actions");
  const width = d.scopes.length + 1;
  const known = (i) => Number.isInteger(i) && i >= 0 && i < d.explanations.length;
  for (const [action, row] of Object.entries(d.decisions)) {
    const ok = known(row) || (Array.isArray(row) && row.length === width && row.every(known));
    if (!ok) fail(`$.decisions.${action}`, `expected an index into \`explanations\` (a console action) or ${width} of them (a chat action: each scope, then \`all\`)`);
  }
  return deepFreeze(d);
}
