// teamgate/messages: reasons in the user's language. Every explanation the
// engine gives carries its `code` and named `params` (role, action, scope,
// number, member, feature, plan, upgradeTo, limit, ...); a catalog maps each
// code to a template, and `translate` writes the explanation's `message`
// (and `hint`) from it. The adapters take a catalog (`messages`).
//
// A template is a string with `{name}` placeholders (a list is written as
// its items in backticks, joined by ", "), or a function of the params.
// `en` writes exactly what the engine writes (a test compares them for every
// answer of the golden suite); `de` is a worked translation. The catalogs
// are marked pure: bundlers drop those an app does not import.

import { list } from "./translate.js";

export { formatTemplate, translate } from "./translate.js";

const tick = (v) => "`" + v + "`";
const verbs = { edit_permissions: "edit the permissions of", assign_role: "assign" };

/**
 * A change preview's line (teamgate/review, the server's `effect`): its
 * subject and verb, the action (its description, else its id) and the
 * scopes, from a change's params, in a language's words.
 */
const changeLine = (words) => (verb) => (p) => {
  const shown = (name, id) => name ?? tick(id);
  let who = shown(p.roleName, p.role);
  if (p.member !== undefined) who = `${shown(p.memberName, p.member)} (${p.roleBefore !== undefined ? `${shown(p.roleBeforeName, p.roleBefore)} → ${who}` : who})`;
  if (p.number !== undefined) who += ` ${words.on} ${shown(p.numberName, p.number)}`;
  const what = p.actionName !== undefined ? `${words.quote[0]}${p.actionName}${words.quote[1]}` : tick(p.action);
  const scopes = p.scopes?.length ? ` ${words.for} ${p.everyScope ? words.all : p.scopes.map((x) => words.scopes[x] ?? `${tick(x)} ${words.chats}`).join(` ${words.and} `)}` : "";
  return `${who} ${verb} ${what}${scopes}`;
};
const enChange = /* @__PURE__ */ changeLine({
  on: "on", for: "for", and: "and", all: "all chats", chats: "chats", quote: ["“", "”"],
  scopes: { pending: "unassigned chats", mine: "their own chats", others: "others' chats" },
});
const deChange = /* @__PURE__ */ changeLine({
  on: "in", for: "für", and: "und", all: "alle Chats", chats: "Chats", quote: ["„", "“"],
  scopes: { pending: "nicht zugewiesene Chats", mine: "eigene Chats", others: "Chats anderer" },
});
const verb = (p) => verbs[p.task] ?? "manage";

/** English: the engine's own wording. */
export const en = /* @__PURE__ */ Object.freeze({
  locale: "en",
  messages: /* @__PURE__ */ Object.freeze({
    owner: (p) => (p.task ? `role ${tick(p.role)} may ${verb(p)} ${tick(p.target)}` : `role ${tick(p.role)} is the owner and holds every permission`),
    granted_by_role: (p) =>
      p.task ? `role ${tick(p.role)} may ${verb(p)} ${tick(p.target)}` : `role ${tick(p.role)} holds ${tick(p.action)}${p.scope === "all" ? " for every scope" : ""}`,
    granted_to_member: "`{action}` is granted to member `{member}` on top of role `{role}`",
    within_limit: (p) =>
      p.plan === undefined ? `no plans: ${tick(p.limit)} is not limited` : p.max === undefined || p.max === null ? `plan ${tick(p.plan)} has no limit on ${tick(p.limit)}` : `${p.used} of ${p.max} ${tick(p.limit)} used on plan ${tick(p.plan)}`,
    unknown_role: "unknown role `{id}`",
    unknown_action: "unknown action `{id}`",
    unknown_scope: "unknown scope `{id}`",
    unknown_number: "unknown number `{id}`",
    unknown_member: "unknown member `{id}`",
    unknown_limit: (p) => `unknown limit ${tick(p.id)}${p.suggestion ? ` (did you mean ${tick(p.suggestion)}?)` : ""}`,
    not_in_number: "member `{member}` holds no role in number `{number}`",
    scope_required: "`{action}` is a chat action and needs a scope",
    scope_not_applicable: "`{action}` takes no scope, but `{scope}` was given",
    plan_lacks_feature: (p) => `${tick(p.action)} needs the ${tick(p.feature ?? "?")} feature, which plan ${tick(p.plan ?? "none")} lacks`,
    role_lacks_action: (p) =>
      p.task ? `role ${tick(p.role)} lacks ${list(p.actions)} and cannot ${verb(p)} other roles` : `role ${tick(p.role)} lacks ${tick(p.action)}`,
    scope_not_granted: "role `{role}` holds `{action}` only for {scopes}, not `{scope}`",
    restricted_in_number: (p) =>
      `team permissions of number ${tick(p.number)} restrict ${tick(p.action)} for role ${tick(p.role)} to ${p.scopes?.length ? list(p.scopes) : "no chats"}`,
    not_subordinate: (p) => `role ${tick(p.role)} can only ${verb(p)} roles ranked below it, and ${tick(p.target)} is not`,
    owner_not_editable: (p) => `nobody can ${verb(p)} the owner role ${tick(p.target)}`,
    not_a_team_permission: "`{action}` is not a chat action",
    escalation: (p) => `role ${tick(p.target)} holds ${tick(p.action)}${p.scopes ? ` for ${list(p.scopes)}` : ""}, which ${tick(p.role)} does not`,
    limit_reached: (p) =>
      `plan ${tick(p.plan)} allows ${p.max ?? 0} ${tick(p.limit)}, ${p.used} used${p.upgradeTo ? `; plan ${tick(p.upgradeTo)} allows more` : ""}`,
    not_configured: (p) => `this policy names no action that lets a role ${verb(p)} a role`,
    not_ready: "teamgate is not initialised yet",
    invalid_argument: "{argument} must be {expected}, not {given}",
    gains: /* @__PURE__ */ enChange("gains"),
    loses: /* @__PURE__ */ enChange("loses"),
  }),
  hints: /* @__PURE__ */ Object.freeze({
    unknown_role: (p) => (p.suggestion ? `did you mean ${tick(p.suggestion)}?` : undefined),
    unknown_action: (p) => (p.suggestion ? `did you mean ${tick(p.suggestion)}?` : undefined),
    unknown_scope: (p) => (p.suggestion ? `did you mean ${tick(p.suggestion)}?` : undefined),
    unknown_number: (p) => (p.suggestion ? `did you mean ${tick(p.suggestion)}?` : undefined),
    unknown_member: (p) => (p.suggestion ? `did you mean ${tick(p.suggestion)}?` : undefined),
    not_in_number: "assign the member a role in this number first",
    scope_required: "pass one of {scopes}",
    scope_not_applicable: "pass no scope for console actions",
    plan_lacks_feature: (p) => (p.upgradeTo ? `upgrade to plan ${tick(p.upgradeTo)}` : undefined),
    restricted_in_number: "a role ranked above it can change this on the number's permissions page",
    not_subordinate: "ask someone ranked above it",
    owner_not_editable: "the owner always holds every permission",
    escalation: "nobody can hand out more than they hold",
    not_configured: "set it under `management` in the policy",
    not_ready: "await init() before asking",
    invalid_argument: "pass {argument} as {expected}",
  }),
});

const deVerbs = { edit_permissions: "die Berechtigungen bearbeiten von", assign_role: "zuweisen" };

/** German: a worked translation (and the example of a catalog of string templates). */
export const de = /* @__PURE__ */ Object.freeze({
  locale: "de",
  messages: /* @__PURE__ */ Object.freeze({
    owner: (p) => (p.task ? `Die Rolle ${tick(p.role)} darf ${tick(p.target)} verwalten` : `Die Rolle ${tick(p.role)} ist Inhaber und hat jede Berechtigung`),
    granted_by_role: (p) => (p.task ? `Die Rolle ${tick(p.role)} darf ${tick(p.target)} verwalten` : `Die Rolle ${tick(p.role)} hat ${tick(p.action)}`),
    granted_to_member: "`{action}` ist dem Mitglied `{member}` zusätzlich zur Rolle `{role}` gewährt",
    within_limit: (p) =>
      p.plan === undefined ? `Keine Tarife: ${tick(p.limit)} ist nicht begrenzt` : p.max === undefined || p.max === null ? `Tarif ${tick(p.plan)} hat keine Grenze für ${tick(p.limit)}` : `${p.used} von ${p.max} ${tick(p.limit)} im Tarif ${tick(p.plan)} belegt`,
    unknown_role: "Unbekannte Rolle `{id}`",
    unknown_action: "Unbekannte Aktion `{id}`",
    unknown_scope: "Unbekannter Bereich `{id}`",
    unknown_number: "Unbekannte Nummer `{id}`",
    unknown_member: "Unbekanntes Mitglied `{id}`",
    unknown_limit: (p) => `Unbekannte Grenze ${tick(p.id)}${p.suggestion ? ` (Meinten Sie ${tick(p.suggestion)}?)` : ""}`,
    not_in_number: "Das Mitglied `{member}` hat in der Nummer `{number}` keine Rolle",
    scope_required: "`{action}` ist eine Chat-Aktion und braucht einen Bereich",
    scope_not_applicable: "`{action}` nimmt keinen Bereich, aber `{scope}` wurde angegeben",
    plan_lacks_feature: "`{action}` braucht die Funktion `{feature}`, die der Tarif `{plan}` nicht enthält",
    role_lacks_action: (p) => (p.task ? `Der Rolle ${tick(p.role)} fehlt ${list(p.actions, " oder ")}` : `Der Rolle ${tick(p.role)} fehlt ${tick(p.action)}`),
    scope_not_granted: "Die Rolle `{role}` hat `{action}` nur für {scopes}, nicht für `{scope}`",
    restricted_in_number: (p) =>
      `Die Teamberechtigungen der Nummer ${tick(p.number)} beschränken ${tick(p.action)} für die Rolle ${tick(p.role)} auf ${p.scopes?.length ? list(p.scopes) : "keine Chats"}`,
    not_subordinate: (p) => `Die Rolle ${tick(p.role)} kann nur niedrigere Rollen ${deVerbs[p.task] ?? "verwalten"}, ${tick(p.target)} ist es nicht`,
    owner_not_editable: "Die Inhaberrolle `{target}` kann niemand ändern",
    not_a_team_permission: "`{action}` ist keine Chat-Aktion",
    escalation: "Die Rolle `{target}` hat `{action}`, die `{role}` selbst nicht hat",
    limit_reached: (p) => `Der Tarif ${tick(p.plan)} erlaubt ${p.max ?? 0} ${tick(p.limit)}, ${p.used} belegt${p.upgradeTo ? `; der Tarif ${tick(p.upgradeTo)} erlaubt mehr` : ""}`,
    not_configured: "Diese Richtlinie nennt keine Aktion dafür",
    not_ready: "teamgate ist noch nicht geladen",
    invalid_argument: "Ungültiges Argument `{argument}`",
    gains: /* @__PURE__ */ deChange("erhält"),
    loses: /* @__PURE__ */ deChange("verliert"),
  }),
  hints: /* @__PURE__ */ Object.freeze({
    unknown_role: (p) => (p.suggestion ? `Meinten Sie ${tick(p.suggestion)}?` : undefined),
    unknown_action: (p) => (p.suggestion ? `Meinten Sie ${tick(p.suggestion)}?` : undefined),
    unknown_scope: (p) => (p.suggestion ? `Meinten Sie ${tick(p.suggestion)}?` : undefined),
    unknown_number: (p) => (p.suggestion ? `Meinten Sie ${tick(p.suggestion)}?` : undefined),
    unknown_member: (p) => (p.suggestion ? `Meinten Sie ${tick(p.suggestion)}?` : undefined),
    not_in_number: "Weisen Sie dem Mitglied zuerst eine Rolle in dieser Nummer zu",
    scope_required: "Einer von {scopes}",
    plan_lacks_feature: (p) => (p.upgradeTo ? `Wechseln Sie zum Tarif ${tick(p.upgradeTo)}` : undefined),
    restricted_in_number: "Eine höhere Rolle kann das auf der Berechtigungsseite der Nummer ändern",
    not_subordinate: "Fragen Sie jemanden mit höherem Rang",
    escalation: "Niemand kann mehr vergeben, als er selbst hat",
  }),
});
