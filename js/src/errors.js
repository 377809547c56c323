// The errors a gate throws, as classes with codes and data (the binding
// throws plain objects; `rethrow` makes them these).

function lines(problems) {
  return problems
    .map((p) => `${p.code}: ${p.message} (at ${p.path})${p.hint ? `; help: ${p.hint}` : ""}`)
    .join("\n");
}

/** A policy document that cannot be used; `problems` lists every problem. */
export class PolicyError extends Error {
  constructor(problems) {
    super(lines(problems));
    this.name = "PolicyError";
    this.problems = problems;
    this.code = problems.length > 0 ? problems[0].code : "invalid_policy";
  }
}

/** An edit that was refused: `code` says why (a reason code, or `invalid_policy`). */
export class EditError extends Error {
  constructor(wire) {
    super(wire.problems && wire.problems.length ? `${wire.message}\n${lines(wire.problems)}` : wire.message);
    this.name = "EditError";
    this.code = wire.code;
    this.hint = wire.hint;
    this.upgradeTo = wire.upgradeTo;
    this.feature = wire.feature;
    // A denial's named values, as an explanation's (`translate` writes it in a catalog's words).
    this.params = wire.params || {};
    this.problems = wire.problems || [];
  }
}

/** Decisions given to `hydrate` that cannot be read: `path` says where, `hint` what would help. */
export class DecisionsError extends Error {
  constructor(path, message, hint) {
    super(`invalid_decisions: ${message} (at ${path}); help: ${hint}`);
    this.name = "DecisionsError";
    this.code = "invalid_decisions";
    this.path = path;
    this.hint = hint;
  }
}

/** Thrown when a gate is used for something that needs wasm before `init()`. */
export class NotReadyError extends Error {
  constructor() {
    super("teamgate is not initialised: `await init()` (browsers) before building gates");
    this.name = "NotReadyError";
    this.code = "not_ready";
  }
}

// The binding throws errors as plain objects (`{ kind, ... }`).
export function rethrow(err) {
  if (err && err.kind === "PolicyError") throw new PolicyError(err.problems);
  if (err && err.kind === "EditError") throw new EditError(err);
  throw err;
}
