// Writing an explanation's message from a message catalog (teamgate/messages
// has the catalogs). Its own module, so that the adapters carry this and not
// the catalogs: an app ships only the catalogs it imports.

const tick = (v) => "`" + v + "`";
/** Items in backticks, joined by `sep` (as the engine lists them). */
export const list = (items, sep = ", ") => (items ?? []).map(tick).join(sep);

/** Fills a template: `{name}` with the param (a list: its items in backticks, joined by ", "). */
export function formatTemplate(template, params = {}) {
  // A function template is the catalog's own code: it is called as it is.
  if (typeof template === "function") return template(params);
  if (typeof template !== "string") throw new TypeError("teamgate: a template is a string or a function of the params");
  try {
    return template.replace(/\{([A-Za-z]+)\}/g, (_, name) => {
      const v = params === null || typeof params !== "object" ? undefined : params[name];
      return v === undefined || v === null ? "" : Array.isArray(v) ? list(v) : typeof v === "string" || typeof v === "number" ? String(v) : "";
    });
  } catch {
    throw new TypeError("teamgate: formatTemplate(template, params) takes the params of an explanation (plain data)");
  }
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
  const out = { ...explanation };
  const params = explanation.params ?? {};
  const message = catalog.messages?.[explanation.code];
  if (message !== undefined) out.message = formatTemplate(message, params);
  const hint = catalog.hints?.[explanation.code];
  if (hint !== undefined && explanation.hint !== undefined) {
    const text = formatTemplate(hint, params);
    if (text !== undefined) out.hint = text;
  }
  return out;
}
