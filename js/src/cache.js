// A gate's id tables (strings → small integers, so that a hot `can` copies
// no strings into wasm) and its cache of the engine's answers per policy
// version.

/** Decision cells cached per policy version before the cache is cleared. */
const MAX_CACHED_CELLS = 100_000;

/**
 * Id tables of one compiled policy (strings → small integers) and its
 * decision cache: for each asked (number, role, action), the engine's cell:
 * bit k is its answer for scope position k (the binding's `positions`).
 * Every answer comes from wasm; the cache only
 * remembers them until the policy changes.
 */
export function tables(inner) {
  const index = (ids, f) => new Map(ids.map((id, i) => [id, f(i)]));
  const ids = inner.ids();
  // Scope positions as the binding defines them (`ids.positions`: the
  // scope of each, "" for no scope); bit k of a cell is position k.
  const scopes = new Map();
  const scopeBits = Object.create(null);
  let none = 0;
  ids.positions.forEach((s, k) => {
    if (s === "") none = k;
    else {
      scopes.set(s, k);
      scopeBits[s] = 1 << k;
    }
  });
  return {
    inner,
    roles: index(ids.roles, (i) => i),
    actions: index(ids.actions, (i) => i),
    scopeIds: ids.scopes,
    scopes,
    none,
    noneBit: 1 << none,
    // Each number's context index, as the core places them (`ids.contexts`:
    // the number of each index, "" for the role defaults).
    numbers: new Map(ids.contexts.flatMap((n, c) => (n === "" ? [] : [[n, c]]))),
    scopeBits,
    rows: new Map(), // role → action → cell, outside any number
    numberRows: new Map(), // number → role → action → cell
    cells: 0,
    capabilities: new Map(),
  };
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
    bits = t.inner.cell(c, t.roles.get(role), a);
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
  const s = scope === undefined || scope === null ? t.none : t.scopes.get(scope);
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
