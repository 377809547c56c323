// Vite + React: the gate is made at once (no top-level await); it denies
// everything until its wasm has loaded, then tells <GateProvider>, and the
// screen re-renders with the engine's decisions.
import { createRoot } from "react-dom/client";
import { useSyncExternalStore } from "react";
import { Gate, init, isReady } from "teamgate";
import { Can, GateProvider, useCan } from "teamgate/react";
import { de } from "teamgate/messages";

const role = new URLSearchParams(location.search).get("role") ?? "agent";
const lang = new URLSearchParams(location.search).get("lang");
const gate = new Gate("team-inbox");
init();

function Engine() {
  const ready = useSyncExternalStore((f) => gate.subscribe(f), isReady);
  return <p id="engine" data-engine={ready ? "wasm" : "loading"}>{ready ? "engine ready" : "loading permissions…"}</p>;
}

function Chats() {
  const others = useCan("chats.read", "others");
  return <p id="chats">{others ? "All chats" : "Your chats"}</p>;
}

function App() {
  return (
    <GateProvider gate={gate} role={role} number="main" messages={lang === "de" ? de : undefined}>
      <main id="inbox">
        <h1>Inbox of {role}</h1>
        <Engine />
        <Chats />
        <Can action="chats.delete" scope="others" disabled>
          <button id="delete">Delete others' chats</button>
        </Can>
        <Can action="team.edit_permissions" disabled>
          <button id="permissions">Team permissions</button>
        </Can>
        <Can action="billing.payment" fallback={<p id="no-billing">Billing is for the owner</p>}>
          <button id="pay">Pay</button>
        </Can>
        <button id="plan-basic" onClick={() => gate.setPlan("basic")}>Switch to basic</button>
        <button id="plan-premium" onClick={() => gate.setPlan("premium")}>Switch to premium</button>
      </main>
    </GateProvider>
  );
}

createRoot(document.getElementById("root")).render(<App />);
