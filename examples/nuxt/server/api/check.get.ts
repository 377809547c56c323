// Decides with the engine, as every server route should: 403 with the reason when denied.
export default defineEventHandler((event) => {
  const q = getQuery(event);
  const decision = serverGate().explain(roleFrom(q.role), String(q.action ?? ""), q.scope === undefined ? undefined : String(q.scope), "main");
  if (!decision.allowed) setResponseStatus(event, 403);
  return decision;
});
