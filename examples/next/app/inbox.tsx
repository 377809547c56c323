"use client";
// A client component: renders at once from the server's decisions (no
// waiting for wasm, the same HTML as the server's), then teamgate/lite's
// engine takes over when its wasm has loaded.
import { useEffect, useState } from "react";
import { Gate, init, type DehydratedDecisions } from "teamgate/lite";
import { Can, GateProvider, useCan } from "teamgate/react";
import { switchPlan } from "./actions";

function bytes(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

export function Inbox({ role, snapshot, decisions }: { role: string; snapshot: string; decisions: DehydratedDecisions }) {
  const [gate] = useState(() => new Gate(bytes(snapshot), { decisions }));
  const [engine, setEngine] = useState("dehydrated");
  useEffect(() => {
    init().then(() => setEngine("wasm"));
  }, []);
  async function changePlan(plan: string) {
    const answer = await switchPlan(plan); // a server action (./actions.ts)
    if ("snapshot" in answer) gate.update(bytes(answer.snapshot)); // every <Can> and useCan re-renders
  }
  return (
    <GateProvider gate={gate} role={role} number="main">
      <section id="inbox" data-engine={engine}>
        <Chats />
        <Can action="chats.delete" scope="others" disabled>
          <button id="delete">Delete others&apos; chats</button>
        </Can>
        <Can action="team.edit_permissions" disabled>
          <button id="permissions">Team permissions</button>
        </Can>
        <Can action="billing.payment" fallback={<p id="no-billing">Billing is for the owner</p>}>
          <button id="pay">Pay</button>
        </Can>
        <button id="plan-basic" onClick={() => changePlan("basic")}>Switch to basic</button>
        <button id="plan-premium" onClick={() => changePlan("premium")}>Switch to premium</button>
      </section>
    </GateProvider>
  );
}

function Chats() {
  const others = useCan("chats.read", "others");
  return <p id="chats">{others ? "All chats" : "Your chats"}</p>;
}
