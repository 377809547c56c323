// Two server processes on one PostgreSQL stay consistent: an edit made
// through one reaches pages connected to the other (LISTEN/NOTIFY, then
// Server-Sent Events), and a stale edit on either is 409. Runs when
// TEAMGATE_TEST_DATABASE_URL names a database (scripts/with-postgres.sh).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./server.mjs";

const url = process.env.TEAMGATE_TEST_DATABASE_URL;
let a;
let b;
before(async () => {
  if (!url) return;
  a = await startServer({ DATABASE_URL: url });
  b = await startServer({ DATABASE_URL: url });
});
after(async () => {
  await a?.stop();
  await b?.stop();
});

/** The versions an SSE client of `server` receives, as member `member`. */
async function listen(server, member) {
  const res = await fetch(`${server.base}api/events`, { headers: { cookie: await server.session(member) } });
  assert.equal(res.status, 200);
  const versions = [];
  const waiters = [];
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ done: true }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      for (let i; (i = buffer.indexOf("\n\n")) >= 0; ) {
        const event = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        const data = /^data: (\d+)$/m.exec(event);
        if (data) {
          versions.push(Number(data[1]));
          for (const w of waiters.splice(0)) w();
        }
      }
    }
  })();
  return {
    versions,
    /** Resolves when a version ≥ `v` has arrived. */
    async until(v) {
      while (!versions.some((x) => x >= v)) {
        await Promise.race([new Promise((r) => waiters.push(r)), new Promise((_, j) => setTimeout(() => j(new Error(`no version ${v}: ${versions}`)), 5000))]);
      }
    },
    close: () => reader.cancel(),
  };
}

test("an edit through one server reaches pages of the other; a stale edit on either is 409", { skip: !url && "no TEAMGATE_TEST_DATABASE_URL" }, async () => {
  await a.api("reset", { method: "POST", member: "olivia" });
  const onB = await listen(b, "alex");
  const v = (await a.api("state", { member: "adam" })).data.version;
  await onB.until(v);
  const t0 = Date.now();
  const saved = await a.api("numbers/main/permissions", { method: "POST", member: "adam", body: { role: "agent", action: "chats.read", scopes: ["mine"], version: v } });
  assert.equal(saved.status, 200);
  await onB.until(saved.data.version);
  console.log(`# push across servers: ${Date.now() - t0} ms`);
  onB.close();
  // B decides with the new version at once.
  assert.deepEqual((await b.api("numbers/main/chats", { member: "alex" })).data.chats.map((c) => c.id), [2]);
  // A stale edit through B, and through A: 409, nothing changed.
  for (const server of [b, a]) {
    const stale = await server.api("numbers/main/permissions", { method: "POST", member: "olivia", body: { role: "agent", action: "chats.delete", scopes: ["mine"], version: v } });
    assert.equal(stale.status, 409);
    assert.equal(stale.data.version, saved.data.version);
  }
  // Two editors at once, one per server, on the same version: exactly one wins.
  const base = saved.data.version;
  const [x, y] = await Promise.all([
    a.api("numbers/main/permissions", { method: "POST", member: "adam", body: { role: "agent", action: "chats.block", scopes: ["mine"], version: base } }),
    b.api("numbers/main/permissions", { method: "POST", member: "olivia", body: { role: "agent", action: "chats.resolve", scopes: ["mine"], version: base } }),
  ]);
  assert.deepEqual([x.status, y.status].sort(), [200, 409]);
  const perms = (await b.api("state", { member: "adam" })).data.policy.numbers.find((n) => n.id === "main").team_permissions.agent;
  assert.equal(Object.keys(perms).length, 2, "the acknowledged edit is there, the refused one is not");
});
