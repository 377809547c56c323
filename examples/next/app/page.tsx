// A server component: decides with the engine and renders the inbox with
// the signed-in role's decisions, which it also sends to the browser.
import { Inbox } from "./inbox";
import { pageState, roleFrom, serverGate } from "./teamgate";

export const dynamic = "force-dynamic";

export default async function Page({ searchParams }: { searchParams: Promise<{ role?: string | string[] }> }) {
  const role = roleFrom((await searchParams).role);
  const gate = serverGate();
  const { snapshot, decisions } = pageState(role);
  return (
    <main>
      <h1>Inbox of {role}</h1>
      <p id="server-decision">
        Decided in a server component: {gate.can(role, "analytics.view") ? "analytics shown" : "no analytics"}
      </p>
      <Inbox role={role} snapshot={snapshot} decisions={decisions} />
    </main>
  );
}
