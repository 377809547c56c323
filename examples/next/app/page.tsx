// A server component: decides with the engine and renders the inbox with
// the signed-in role's decisions, which it also sends to the browser. The
// role comes from the request, so that part renders per request, inside
// <Suspense> (Next.js's Cache Components, the default of create-next-app).
import { Suspense } from "react";
import { Inbox } from "./inbox";
import { pageState, roleFrom, serverGate } from "./teamgate";

type Search = Promise<{ role?: string | string[] }>;

export default function Page({ searchParams }: { searchParams: Search }) {
  return (
    <main>
      <Suspense fallback={<p>Loading the inbox…</p>}>
        <Screen searchParams={searchParams} />
      </Suspense>
    </main>
  );
}

async function Screen({ searchParams }: { searchParams: Search }) {
  const role = roleFrom((await searchParams).role);
  const gate = serverGate();
  const { snapshot, decisions } = pageState(role);
  return (
    <>
      <h1>Inbox of {role}</h1>
      <p id="server-decision">
        Decided in a server component: {gate.can(role, "analytics.view") ? "analytics shown" : "no analytics"}
      </p>
      <Inbox role={role} snapshot={snapshot} decisions={decisions} />
    </>
  );
}
