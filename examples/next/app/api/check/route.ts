// A route handler that decides with the engine, as every server action
// should: 403 with the reason when denied.
import { roleFrom, serverGate } from "../../teamgate";

export async function GET(request: Request) {
  const url = new URL(request.url);
  const role = roleFrom(url.searchParams.get("role") ?? undefined);
  const action = url.searchParams.get("action") ?? "";
  const scope = url.searchParams.get("scope") ?? undefined;
  const decision = serverGate().explain(role, action, scope, "main");
  return Response.json(decision, { status: decision.allowed ? 200 : 403 });
}
