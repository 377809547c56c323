// Chat filters rendered for a database: what `gate.chatFilter(...)` and
// `gate.memberChatFilter(...)` return — `{ pending, mine, others }`, the
// chats a member may act on by how each chat's assignee relates to them —
// as a parameterised SQL condition or a Prisma `where` object. Pure
// functions, no wasm: the same rules as the Rust crate's
// `ChatFilter::to_sql` (the golden vectors check both).

/** `name` or `table.name`: what a column may be (never text from a request). */
const COLUMN = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/;

/** Reads `keys` of `value` (a plain object), or throws a TypeError saying `what` was expected: never the value's own error. */
function read(value, keys, what) {
  try {
    if (value !== null && typeof value === "object") return keys.map((k) => value[k]);
  } catch {
    // a getter or a proxy trap threw: not a plain object
  }
  throw new TypeError(`expected ${what}`);
}

/** The filter's three flags, checked: anything else is a TypeError (a programming error, not a request's). */
function flags(filter) {
  const f = read(filter, ["pending", "mine", "others"], "a chat filter { pending, mine, others }, as gate.chatFilter() returns");
  if (!f.every((x) => typeof x === "boolean")) throw new TypeError("expected a chat filter { pending, mine, others } (booleans), as gate.chatFilter() returns");
  return f;
}

function member(me) {
  if (typeof me !== "string") throw new TypeError("`me` must be the id of the member asking (a string)");
  return me;
}

/**
 * The filter as a SQL condition on the assignee `column` (NULL when a
 * chat is assigned to nobody), with `me`, the member asking, as its only
 * possible parameter: `{ sql, params }`. `placeholder`: `"$"` (numbered from
 * `start`, default 1: PostgreSQL, node-postgres) or `"?"` (SQLite, MySQL).
 *
 *     chatFilterToSql({ pending: true, mine: true, others: false }, { column: "assignee", me: "alex", start: 3 })
 *     // { sql: "(assignee IS NULL OR assignee = $3)", params: ["alex"] }
 */
export function chatFilterToSql(filter, options) {
  const [pending, mine, others] = flags(filter);
  const [column, me, placeholder = "$", start = 1] = read(options, ["column", "me", "placeholder", "start"], "options { column, me, placeholder?, start? }");
  if (typeof column !== "string" || column.length > 128 || !COLUMN.test(column)) {
    const shown = typeof column === "string" ? JSON.stringify(column.slice(0, 64)) : `(a ${typeof column})`;
    throw new TypeError(`column name ${shown} is not a plain SQL identifier (letters, digits and _, optionally table.column); pass the name of your assignee column`);
  }
  if (placeholder !== "$" && placeholder !== "?") throw new TypeError('placeholder must be "$" or "?"');
  if (!Number.isSafeInteger(start) || start < 1) throw new TypeError("start must be a whole number from 1");
  const c = column;
  const p = placeholder === "$" ? `$${start}` : "?";
  const key = `${+pending}${+mine}${+others}`;
  const [sql, binds] = {
    "000": ["1 = 0", false],
    111: ["1 = 1", false],
    100: [`${c} IS NULL`, false],
    "011": [`${c} IS NOT NULL`, false],
    "010": [`${c} = ${p}`, true],
    // NULL <> x is not true: pending chats stay out.
    "001": [`${c} <> ${p}`, true],
    110: [`(${c} IS NULL OR ${c} = ${p})`, true],
    101: [`(${c} IS NULL OR ${c} <> ${p})`, true],
  }[key];
  return { sql, params: binds ? [member(me)] : [] };
}

/**
 * The filter as a Prisma `where` object on the assignee `field` (null when
 * a chat is assigned to nobody), for `me`, the member asking. Every chat:
 * `{}`; no chat: `{ OR: [] }` (Prisma's empty OR matches nothing). Combine
 * it with your own conditions under `AND`.
 *
 *     prisma.chat.findMany({ where: { AND: [{ numberId }, chatFilterToPrisma(filter, { field: "assigneeId", me })] } })
 */
export function chatFilterToPrisma(filter, options) {
  const [pending, mine, others] = flags(filter);
  const [field, me] = read(options, ["field", "me"], "options { field, me }");
  if (typeof field !== "string" || field.length === 0 || field.length > 128) throw new TypeError("`field` must be the name of the assignee field");
  const isNull = { [field]: null };
  const notNull = { [field]: { not: null } };
  const someoneElse = () => ({ AND: [notNull, { NOT: { [field]: member(me) } }] });
  const mineOnly = () => ({ [field]: member(me) });
  const parts = [pending && isNull, mine && !others && mineOnly(), others && !mine && someoneElse(), mine && others && notNull].filter(Boolean);
  if (parts.length === 0) return { OR: [] };
  if (pending && mine && others) return {};
  return parts.length === 1 ? parts[0] : { OR: parts };
}
