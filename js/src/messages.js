// teamgate/messages: reasons in the user's language. Every explanation the
// engine gives carries its `code` and named `params` (role, action, scope,
// number, member, feature, plan, upgradeTo, limit, ...); a catalog maps each
// code to a template, and `translate` writes the explanation's `message`
// (and `hint`) from it. The adapters take a catalog (`messages`).
//
// A template is a string in the engine's template language (`{name}`, a
// list as its items in backticks joined by ", "; `{name?then|else}`;
// `{name=value?then|else}`: see formatTemplate), or a function of the params.
// `en` is the engine's own catalog (catalog-en.js, generated from the Rust
// one: a test compares them for every answer of the golden suite) with the
// JS wrapper's own codes; `de` is a worked translation. The catalogs
// are marked pure: bundlers drop those an app does not import.

import { hints as engineHints, messages as engineMessages } from "./catalog-en.js";
import { list } from "./translate.js";

export { formatTemplate, translate } from "./translate.js";

const tick = (v) => "`" + v + "`";

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

// A catalog's templates and more, frozen (a call, not a spread: bundlers
// drop a pure call whose result is unused, and keep spreads).
const merged = (base, more) => Object.freeze(Object.assign({}, base, more));

/** English: the engine's own wording (its catalog, generated from the Rust one, and the JS wrapper's own codes). */
export const en = /* @__PURE__ */ Object.freeze({
  locale: "en",
  messages: /* @__PURE__ */ merged(engineMessages, {
    not_ready: "teamgate is not initialised yet",
    invalid_argument: "{argument} must be {expected}, not {given}",
    gains: /* @__PURE__ */ enChange("gains"),
    loses: /* @__PURE__ */ enChange("loses"),
  }),
  hints: /* @__PURE__ */ merged(engineHints, {
    not_ready: "await init() before asking",
    invalid_argument: "pass {argument} as {expected}",
  }),
});

const deVerbs = { edit_permissions: "die Berechtigungen bearbeiten von", assign_role: "zuweisen" };
const REASSIGN = "reassign_member";

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
    role_lacks_action: (p) =>
      p.task === REASSIGN
        ? `Der Rolle ${tick(p.role)} fehlt ${list(p.actions, " oder ")}, um ein Mitglied mit einer anderen Rolle neu zuzuweisen`
        : p.task
          ? `Der Rolle ${tick(p.role)} fehlt ${list(p.actions, " oder ")}`
          : `Der Rolle ${tick(p.role)} fehlt ${tick(p.action)}`,
    scope_not_granted: "Die Rolle `{role}` hat `{action}` nur für {scopes}, nicht für `{scope}`",
    restricted_in_number: (p) =>
      `Die Teamberechtigungen der Nummer ${tick(p.number)} beschränken ${tick(p.action)} für die Rolle ${tick(p.role)} auf ${p.scopes?.length ? list(p.scopes) : "keine Chats"}`,
    not_subordinate: (p) =>
      p.task === "create_role"
        ? `Die Rolle ${tick(p.role)} (Rang ${p.rank}) kann nur Rollen mit niedrigerem Rang anlegen, nicht Rang ${p.targetRank}`
        : p.task === REASSIGN
          ? `Die Rolle ${tick(p.role)} kann nur Mitglieder mit niedrigeren Rollen neu zuweisen, ${tick(p.target)} ist es nicht`
          : `Die Rolle ${tick(p.role)} kann nur niedrigere Rollen ${deVerbs[p.task] ?? "verwalten"}, ${tick(p.target)} ist es nicht`,
    owner_not_editable:
      "{task=reassign_member?Ein Mitglied mit der Inhaberrolle `{target}` kann niemand neu zuweisen" +
      "|{task=create_role?Eine eigene Rolle kann nicht Inhaber sein|Die Inhaberrolle `{target}` kann niemand ändern}}",
    not_a_team_permission: "`{action}` ist keine Chat-Aktion",
    // Choices on the edit (`task`), in the template language.
    escalation:
      "{task=edit_permissions?Die Rolle `{role}` kann `{action}`{scopes? für {scopes}} in der Nummer `{number}` nicht vergeben, sie hat es selbst nicht" +
      "|{task=create_role?Die neue Rolle `{target}` hätte `{action}`{scopes? für {scopes}}{number? in der Nummer `{number}`}, was `{role}` dort nicht hat" +
      "|Die Rolle `{target}` hat `{action}`, die `{role}` selbst nicht hat}}",
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
    not_subordinate: "{task=create_role?Wählen Sie einen Rang unter {rank}|Fragen Sie jemanden mit höherem Rang}",
    escalation: "Niemand kann mehr vergeben, als er selbst hat",
    scope_not_applicable: "Geben Sie für Konsolen-Aktionen keinen Bereich an",
    owner_not_editable: "{task=create_role?|Der Inhaber hat immer jede Berechtigung}",
    not_a_team_permission: "{task=edit_permissions?Teamberechtigungen gelten nur für Chat-Aktionen; der Konsolenzugang folgt der Rolle|}",
    limit_reached: "{task=create_role?{upgradeTo?Wechseln Sie zum Tarif `{upgradeTo}`}|}",
    not_configured: "{task=create_role?Setzen Sie `management.manage_roles` in der Richtlinie|Setzen Sie es unter `management` in der Richtlinie}",
    not_ready: "Warten Sie auf init(), bevor Sie fragen",
    invalid_argument: "Übergeben Sie `{argument}` als {expected}",
  }),
});
