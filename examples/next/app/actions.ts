"use server";
// A server action: decides with the engine, as every server action should
// (who may ask here comes from the request; from the session in a real
// app), changes the account's plan, and answers with the new snapshot.
import { serverGate } from "./teamgate";

export async function switchPlan(plan: string): Promise<{ snapshot: string } | { error: string }> {
  const gate = serverGate();
  try {
    gate.setPlan(plan);
  } catch (err) {
    return { error: (err as Error).message };
  }
  return { snapshot: Buffer.from(gate.snapshot()).toString("base64") };
}
