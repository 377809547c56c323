// The same script in Deno and Bun: both entries decide at once on import.
import { Gate } from "teamgate/lite";
import { Gate as Full } from "teamgate";

const lite = new Gate();
const full = new Full("helpdesk");
console.log(JSON.stringify({
  runtime: typeof Deno !== "undefined" ? "deno" : typeof Bun !== "undefined" ? "bun" : "node",
  agentReplies: lite.can("agent", "chats.reply", "mine"),
  agentPays: lite.can("agent", "billing.payment"),
  reason: lite.explain("agent", "billing.payment").code,
  supportReads: full.can("support", "inbox.view"),
}));
