// teamgate in Nuxt: the server renders with the signed-in role's real
// decisions and puts them in the payload; the browser's gate answers from
// them at once (same HTML, no hydration mismatch), then teamgate/lite's
// wasm takes over.
import { Gate, init, type DehydratedDecisions } from "teamgate/lite";
import { createGate } from "teamgate/vue";

interface PageState {
  role: string;
  snapshot: string;
  decisions: DehydratedDecisions;
}

export function bytes(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

export default defineNuxtPlugin((nuxtApp) => {
  // Set by server/middleware/teamgate.ts on the server; read from the payload in the browser.
  const state = useState<PageState | null>("teamgate", () => null);
  if (import.meta.server) state.value = useRequestEvent()!.context.teamgate as PageState;
  const { role, snapshot, decisions } = state.value!;
  const gate = new Gate(bytes(snapshot), { decisions });
  nuxtApp.vueApp.use(createGate({ gate, role, number: "main" }));
  if (import.meta.client) void init(); // subscribers re-render when it has loaded
  return { provide: { teamgate: gate, teamgateRole: role } };
});
