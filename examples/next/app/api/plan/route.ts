// A route handler that changes the account's plan and answers with the new
// snapshot; open pages apply it with `gate.update(bytes)`.
import { serverGate } from "../../teamgate";

export async function POST(request: Request) {
  const { plan } = (await request.json()) as { plan?: unknown };
  const gate = serverGate();
  try {
    gate.setPlan(String(plan));
  } catch (err) {
    return Response.json({ error: (err as Error).message }, { status: 400 });
  }
  return Response.json({ plan: gate.plan, snapshot: Buffer.from(gate.snapshot()).toString("base64") });
}
