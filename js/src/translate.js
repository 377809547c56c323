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
    return run({ t: template, i: 0, depth: 0, p: params !== null && typeof params === "object" ? params : {} }, true, false);
  } catch {
    throw new TypeError("teamgate: formatTemplate(template, params) takes the params of an explanation (plain data)");
  }
}

const own = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
const present = (v) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
const shown = (v) => (Array.isArray(v) ? list(v) : typeof v === "string" || typeof v === "number" ? String(v) : "");
const isName = (c) => (c >= "A" && c <= "Z") || (c >= "a" && c <= "z");

/** Writes (when `emit`) to the end, or, `nested` in a choice, up to its `|` or `}`. */
function run(f, emit, nested) {
  let out = "";
  const { t } = f;
  while (f.i < t.length) {
    const c = t[f.i];
    if (c === "{") {
      f.i += 1;
      out += field(f, emit);
      continue;
    }
    if (nested && (c === "|" || c === "}")) break;
    const start = f.i;
    while (f.i < t.length && t[f.i] !== "{" && !(nested && (t[f.i] === "|" || t[f.i] === "}"))) f.i += 1;
    if (emit) out += t.slice(start, f.i);
  }
  return out;
}

/** After a `{`: a param, or a choice on one. */
function field(f, emit) {
  const { t } = f;
  const start = f.i;
  while (f.i < t.length && isName(t[f.i])) f.i += 1;
  const name = t.slice(start, f.i);
  const value = name && own(f.p, name) ? f.p[name] : undefined;
  const next = t[f.i];
  if (name && next === "}") {
    f.i += 1;
    return emit ? shown(value) : "";
  }
  let holds;
  if (!name || f.depth >= MAX_NESTING) holds = null;
  else if (next === "?") holds = present(value);
  else if (next === "=") {
    const end = t.indexOf("?", f.i + 1);
    holds = end < 0 ? null : typeof value === "string" && value === t.slice(f.i + 1, end);
    if (end >= 0) f.i = end;
  }
  if (holds === null || holds === undefined) {
    // Not a field: the `{` is text, and what follows is read on.
    f.i = start;
    return emit ? "{" : "";
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
