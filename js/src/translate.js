// Writing an explanation's message from a message catalog (teamgate/messages
// has the catalogs). Its own module, so that the adapters carry this and not
// the catalogs: an app ships only the catalogs it imports.

const tick = (v) => "`" + v + "`";
/** Items in backticks, joined by `sep` (as the engine lists them). */
export const list = (items, sep = ", ") => (items ?? []).map(tick).join(sep);

/** How deep choices may nest (as the engine's MAX_NESTING); a deeper one is text. */
const MAX_NESTING = 16;

/**
 * Fills a template, in the engine's template language (teamgate_core::template):
 * `{name}` is the param (a list: its items in backticks, joined by ", ");
 * `{name?then|else}` chooses on whether the param is present (given, and
 * not an empty list); `{name=value?then|else}` on whether it is the text
 * `value`. A `{` that starts none of these is text.
 */
export function formatTemplate(template, params = {}) {
  // A function template is the catalog's own code: it is called as it is.
  if (typeof template === "function") return template(params);
  if (typeof template !== "string") throw new TypeError("teamgate: a template is a string or a function of the params");
  try {
    const p = params !== null && typeof params === "object" ? params : {};
    const walk = { t: template, i: 0, depth: 0, p, from: [0, 0, 0, 0], at: [-1, -1, -1, -1] };
    return run(walk, true, false);
  } catch {
    throw new TypeError("teamgate: formatTemplate(template, params) takes the params of an explanation (plain data)");
  }
}

const own = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
const present = (v) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
const shown = (v) => (Array.isArray(v) ? list(v) : typeof v === "string" || typeof v === "number" ? String(v) : "");
// The characters the walk looks for: where text stops (a `{`, and in a
// choice its `|` or `}`) and the `?` that ends a `{name=value`.
const [OPEN, BAR, CLOSE, QUESTION] = [0, 1, 2, 3];
const MARKS = "{|}?";
/** A param's name is ASCII letters (as the engine's). */
const isName = (c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/**
 * Writes (when `emit`) to the end, or, `nested` in a choice, up to its `|`
 * or `}`. A `{` that starts no field stays in the text run, so a long
 * template is sliced once per field, not once per brace.
 */
function run(f, emit, nested) {
  const { t } = f;
  let out = "";
  let text = f.i;
  let i = f.i;
  for (;;) {
    // Outside a choice the walk passes each `{` once: a plain search does.
    const open = nested ? next(f, OPEN, i) : t.indexOf("{", i);
    const at = nested ? Math.min(open, next(f, BAR, i), next(f, CLOSE, i)) : open < 0 ? t.length : open;
    if (at !== open || at === t.length) {
      i = at;
      break;
    }
    i = at + 1;
    // A brace before no name is text (most of them: checked here, no call).
    if (!isName(t.charCodeAt(i))) continue;
    f.i = i;
    const filled = field(f, emit);
    i = f.i;
    if (filled === null) continue;
    if (emit) out += t.slice(text, at) + filled;
    text = i;
  }
  f.i = i;
  return emit ? out + t.slice(text, i) : out;
}

/** After a `{`: a param, or a choice on one (its text); `null` when it starts none. */
function field(f, emit) {
  const { t } = f;
  const start = f.i; // `run` has seen a name start here
  while (f.i < t.length && isName(t.charCodeAt(f.i))) f.i += 1;
  const after = t[f.i];
  // Most braces that start no field stop here, before any slicing.
  if (after !== "}" && after !== "?" && after !== "=") {
    f.i = start;
    return null;
  }
  const name = t.slice(start, f.i);
  const value = own(f.p, name) ? f.p[name] : undefined;
  if (after === "}") {
    f.i += 1;
    return emit ? shown(value) : "";
  }
  // A choice (`?`, or `=` with its `?`) nested no deeper than MAX_NESTING; else text.
  let holds = null;
  if (f.depth < MAX_NESTING && after === "?") holds = present(value);
  else if (f.depth < MAX_NESTING) {
    const end = next(f, QUESTION, f.i + 1);
    if (end < t.length) {
      const at = f.i + 1;
      holds = typeof value === "string" && value.length === end - at && t.startsWith(value, at);
      f.i = end;
    }
  }
  if (holds === null) {
    // Not a field: the `{` is text, and what follows is read on.
    f.i = start;
    return null;
  }
  f.i += 1;
  f.depth += 1;
  let out = run(f, emit && holds, true);
  if (t[f.i] === "|") {
    f.i += 1;
    out += run(f, emit && !holds, true);
  }
  f.depth -= 1;
  if (t[f.i] === "}") f.i += 1;
  return out;
}

/**
 * Where the next `MARKS[mark]` is at or after `from` (the template's length:
 * none). Found natively (`indexOf`; a loop over characters here took ~15 ms
 * for a megabyte of text) and kept until the walk passes it, so each part of
 * the template is searched once per mark: a template of many `{a=` and no `?`
 * would otherwise search to its end at every one of them.
 */
function next(f, mark, from) {
  const at = f.at[mark];
  if (at >= from && f.from[mark] <= from) return at;
  const found = f.t.indexOf(MARKS[mark], from);
  f.from[mark] = from;
  f.at[mark] = found < 0 ? f.t.length : found;
  return f.at[mark];
}

/**
 * The explanation (or limit check) with `message` and `hint` written from
 * `catalog`; a code the catalog lacks keeps the engine's English. Returns a
 * new object; `code`, `params` and the decision are unchanged.
 */
export function translate(explanation, catalog) {
  if (catalog === null || typeof catalog !== "object" || explanation === null || typeof explanation !== "object") return explanation;
  try {
    return write(explanation, catalog);
  } catch (err) {
    if (err instanceof TypeError && String(err.message).startsWith("teamgate:")) throw err;
    throw new TypeError("teamgate: translate(explanation, catalog) takes an explanation a gate gave and a catalog of teamgate/messages", { cause: err });
  }
}

function write(explanation, catalog) {
  // Not an answer of a gate (no code): nothing to write.
  if (typeof explanation.code !== "string") return explanation;
  // `message` named too: an Error's (an EditError's) is not enumerable.
  const out = { ...explanation, message: explanation.message };
  const params = explanation.params ?? {};
  const message = catalog.messages?.[explanation.code];
  if (message !== undefined) out.message = formatTemplate(message, params);
  const hint = catalog.hints?.[explanation.code];
  if (hint !== undefined && explanation.hint !== undefined) {
    const text = formatTemplate(hint, params);
    // A hint written empty (or not at all) keeps the engine's.
    if (text !== undefined && text !== "") out.hint = text;
  }
  return out;
}
