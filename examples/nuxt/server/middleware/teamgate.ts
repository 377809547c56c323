// For every page request: the policy as a snapshot and the signed-in role's
// decisions, for the app's plugin to render with and put in the payload.
export default defineEventHandler((event) => {
  if (event.path.startsWith("/api/") || event.path.startsWith("/_nuxt/")) return;
  const role = roleFrom(getQuery(event).role);
  event.context.teamgate = { role, snapshot: snapshotBase64(), decisions: serverGate().dehydrate({ role, number: "main" }) };
});
