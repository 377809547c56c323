// Type-checked by `tsc -p test/types` against the built package's declarations.
import { Gate, PolicyError, EditError, type Explanation, type PolicyDocument, type TeamInboxRole } from "teamgate";

const gate = new Gate();
const ok: boolean = gate.can("agent", "chats.reply", "mine");
const e: Explanation = gate.explain("admin", "billing.subscription");
const role: TeamInboxRole = "supervisor";
gate.can(role, "numbers.reboot");
gate.can("agent", "chats.read", "all", "main");
gate.setTeamPermission("admin", "main", "agent", "chats.read", ["mine", "pending"]);
const caps = gate.capabilities("agent", "main");
const n: number | undefined = caps?.actions[0]?.granted;
const off: () => void = gate.subscribe((g) => g.version);

const helpdesk = new Gate("helpdesk");
helpdesk.can("support", "inbox.view");
helpdesk.checkLimit("custom_roles", 1).remaining satisfies number | null;

const doc: PolicyDocument = { version: 1, id: "mine", actions: [{ id: "files.view" }], roles: [{ id: "boss", rank: 1, grants: ["*"] }] };
const custom = new Gate(doc);
custom.can("anyone", "anything");
const loose: Gate = helpdesk; // a gate whose ids change at run time

try {
  new Gate(doc);
} catch (err) {
  if (err instanceof PolicyError) err.problems.map((p) => `${p.code} ${p.path} ${p.hint ?? ""}`);
  if (err instanceof EditError) err.upgradeTo?.toUpperCase();
}

// The id-based path and prepared screens.
const ids = gate.resolve("agent", "chats.read", "mine", null);
const fast: boolean = gate.canIds(ids);
const screen: boolean[] = gate.prepare([["agent", "chats.read", "mine"], ["admin", "billing.payment"]]).run();
const shared = gate.capabilities("agent");
// @ts-expect-error: capabilities are frozen
if (shared) shared.actions[0].allowed = true;

// Mistakes the types must catch:
// @ts-expect-error: unknown role in a prepared batch
gate.prepare([["agnet", "chats.read", "mine"]]);
// @ts-expect-error: unknown role of the default preset
gate.can("agnet", "chats.read", "mine");
// @ts-expect-error: unknown action
gate.can("agent", "chats.raed", "mine");
// @ts-expect-error: unknown scope
gate.can("agent", "chats.read", "mien");
// @ts-expect-error: a role of another preset
helpdesk.can("owner", "inbox.view");
// @ts-expect-error: a document needs roles
const bad: PolicyDocument = { version: 1, id: "x", actions: [] };

export { ok, e, n, off, loose, bad, fast, screen };

// Chat filters, and their renderers.
import { chatFilterToPrisma, chatFilterToSql, type SqlFilter } from "teamgate/filters";
const filter = gate.memberChatFilter("alex", "main", "chats.read");
const pendingToo: boolean = filter.pending;
const where: SqlFilter = chatFilterToSql(gate.chatFilter("agent", "chats.read", "main"), { column: "assignee", me: "alex", placeholder: "?" });
chatFilterToPrisma(filter, { field: "assigneeId", me: "alex" });
// @ts-expect-error: "chats.raed" is no action of the preset
gate.chatFilter("agent", "chats.raed");
// @ts-expect-error: placeholders are "$" or "?"
chatFilterToSql(filter, { column: "assignee", me: "alex", placeholder: ":" });
// @ts-expect-error: a filter's flags cannot be changed
filter.others = true;
void pendingToo, where;
