// A route guard on the edge runtime (middleware's default; Next.js 16's
// `proxy.ts` runs on Node.js only): teamgate/lite's edge entry loads its
// wasm on import, so the guard decides at the first request.
import { NextResponse, type NextRequest } from "next/server";
import { Gate } from "teamgate/lite";

// Typed as a plain `Gate`: roles come from requests, not from the preset's unions.
const gate: Gate = new Gate();

export function middleware(request: NextRequest) {
  const role = request.nextUrl.searchParams.get("role") ?? "agent";
  const decision = gate.explain(role, "billing.payment");
  if (!decision.allowed) return NextResponse.json(decision, { status: 403 });
  return NextResponse.json({ allowed: true, code: decision.code });
}

export const config = { matcher: "/billing" };
