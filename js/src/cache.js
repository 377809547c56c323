// A gate's id tables (strings → small integers, so that a hot `can` copies
// no strings into wasm) and its cache of the engine's answers per policy
// version.

/** Decision cells cached per policy version before the cache is cleared. */
const MAX_CACHED_CELLS = 100_000;

/**
 * Id tables of one compiled policy (strings → small integers) and its
 * decision cache: for each asked (number, role, action), one integer whose bit
 * k is the engine's answer for scope value k (k = 0: no scope; 1…: the
 * declared scopes; last: "all"). Every answer comes from wasm; the cache only
 * remembers them until the policy changes.
 */
export function tables(inner) {
  const index = (ids, f) => new Map(ids.map((id, i) => [id, f(i)]));
  // A scope's value is its bit plus GIVEN (bit 31), as the engine's ScopeSet::raw.
  const GIVEN = 2 ** 31;
  const ids = inner.ids();
  const scopeIds = ids.scopes;
  const scopes = index(scopeIds, (i) => (1 << i) + GIVEN);
  let all = 0;
  for (const v of scopes.values()) all |= v - GIVEN;
  scopes.set("all", all + GIVEN);
  const scopeValues = [0, ...scopes.values()];
  const scopeBits = Object.create(null);
  scopeIds.forEach((id, i) => {
    scopeBits[id] = 2 << i;
  });
  scopeBits.all = 2 << scopeIds.length;
  return {
    inner,
    roles: index(ids.roles, (i) => i),
    actions: index(ids.actions, (i) => i),
    scopes,
    numbers: index(ids.numbers, (i) => i + 1),
    scopeValues,
    scopeBits,
    rows: new Map(), // role → action → cell, outside any number
    numberRows: new Map(), // number → role → action → cell
    cells: 0,
    capabilities: new Map(),
  };
}

/** The engine's answers for every scope value of one (number, role, action), as bits. */
function cell(t, c, r, a) {
  let bits = 0;
  for (let k = 0; k < t.scopeValues.length; k++) if (t.inner.canIds(c, r, a, t.scopeValues[k])) bits |= 1 << k;
  return bits;
}

/** The cached cell of (role, action) in context `c` (0: no number), or undefined for unknown ids. */
export function lookup(t, c, role, action) {
  const rows = c === 0 ? t.rows : numberRows(t, c);
  let row = rows.get(role);
  if (row === undefined) {
    if (!t.roles.has(role)) return undefined;
    row = new Map();
    rows.set(role, row);
  }
  let bits = row.get(action);
  if (bits === undefined) {
    const a = t.actions.get(action);
    if (a === undefined) return undefined;
    if (t.cells >= MAX_CACHED_CELLS) {
      t.rows.clear();
      t.numberRows.clear();
      t.cells = 0;
      return lookup(t, c, role, action);
    }
    bits = cell(t, c, t.roles.get(role), a);
    row.set(action, bits);
    t.cells += 1;
  }
  return bits;
}

/** The rows of number context `c` (≥ 1). */
function numberRows(t, c) {
  let rows = t.numberRows.get(c);
  if (rows === undefined) {
    rows = new Map();
    t.numberRows.set(c, rows);
  }
  return rows;
}

/** [context, role, action, scope] indices for the engine, or null for an unknown id. */
export function indices(t, role, action, scope, number) {
  const r = t.roles.get(role);
  const a = t.actions.get(action);
  const s = scope === undefined || scope === null ? 0 : t.scopes.get(scope);
  const c = number === undefined || number === null ? 0 : t.numbers.get(number);
  return r === undefined || a === undefined || s === undefined || c === undefined ? null : [c, r, a, s];
}

export function deepFreeze(v) {
  if (v !== null && typeof v === "object") {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}
