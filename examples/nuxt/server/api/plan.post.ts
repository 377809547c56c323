// Changes the account's plan; open pages apply the new snapshot with `gate.update(bytes)`.
export default defineEventHandler(async (event) => {
  const { plan } = await readBody<{ plan?: unknown }>(event);
  try {
    serverGate().setPlan(String(plan));
  } catch (err) {
    throw createError({ statusCode: 400, statusMessage: (err as Error).message });
  }
  return { plan: serverGate().plan, snapshot: snapshotBase64() };
});
