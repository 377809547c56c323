// The server's gate: the whole engine (`teamgate`, ready on import in Node).
// One account for the example, kept in memory; a real app loads the
// account's policy from its database.
import { Gate } from "teamgate";

// Typed as a plain `Gate`: roles come from requests, not from the preset's unions.
const gate: Gate = new Gate("team-inbox");

export function serverGate(): Gate {
  return gate;
}

/** The signed-in role: from the query here; from the session in a real app. */
export function roleFrom(value: unknown): string {
  const role = Array.isArray(value) ? value[0] : value;
  return typeof role === "string" && gate.roles.includes(role) ? role : "agent";
}

export function snapshotBase64(): string {
  return Buffer.from(gate.snapshot()).toString("base64");
}
