// teamgate/lite's declarations: the same questions; gates from snapshots.
import { Gate as FullGate } from "teamgate";
import { Gate, PolicyError, init, type Decisions, type Explanation, type Snapshot } from "teamgate/lite";

await init();
const gate = new Gate();
const ok: boolean = gate.can("agent", "chats.reply", "mine");
const e: Explanation = gate.explain("admin", "billing.subscription");
gate.checkLimit("custom_roles", 1).remaining satisfies number | null;
gate.capabilities("agent")?.actions.length satisfies number | undefined;

const bytes: Snapshot = new FullGate("helpdesk").snapshot();
const helpdesk = new Gate<"support" | "admin">(bytes);
helpdesk.can("support", "inbox.view");
helpdesk.update(new Uint8Array(bytes as Uint8Array));
const copy = new Gate(helpdesk);
const both: Decisions[] = [copy, new FullGate()];

try {
  new Gate(new ArrayBuffer(3));
} catch (err) {
  if (err instanceof PolicyError) err.problems.map((p) => `${p.code} ${p.path} ${p.hint ?? ""}`);
}

// @ts-expect-error: a role the default preset does not have
gate.can("agnet", "chats.reply", "mine");
// @ts-expect-error: lite reads no documents
new Gate({ version: 1, id: "x", actions: [], roles: [] });
// @ts-expect-error: lite has no edits
gate.setPlan("pro");
// @ts-expect-error: nor presets other than the embedded one
new Gate("helpdesk");
export { ok, e, both };
