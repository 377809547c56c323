// The reference server probed over HTTP as a security review would: as
// nobody, with a forged cookie, as another member, with stale edits, bad
// bodies and oversized input. Every answer is JSON with a code.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./server.mjs";

let s;
before(async () => {
  s = await startServer();
});
after(() => s?.stop());

test("no session, or a forged one: 401 JSON on every API call", async () => {
  for (const [method, path] of [
    ["GET", "state"], ["GET", "snapshot"], ["GET", "events"], ["GET", "numbers/main/chats"], ["GET", "numbers/main/chats/1"],
    ["POST", "numbers/main/chats/1/read"], ["POST", "numbers/main/chats"], ["POST", "numbers/main/permissions"],
    ["POST", "console/files.view"], ["POST", "roles"], ["POST", "plan"], ["POST", "reset"],
  ]) {
    for (const headers of [{}, { cookie: "teamgate_session=olivia" }, { cookie: "teamgate_session=AAAAolivia" }]) {
      const r = await s.api(path, { method, headers });
      assert.equal(r.status, 401, `${method} ${path} ${JSON.stringify(headers)}`);
      assert.equal(r.data.code, "unauthenticated");
    }
  }
  const unknown = await s.api("session", { method: "POST", body: { member: "nobody_at_all" } });
  assert.equal(unknown.status, 401);
});

test("a list never shows what opening an item would refuse", async () => {
  await s.api("reset", { method: "POST", member: "olivia" });
  assert.equal((await s.edit("numbers/main/permissions", "adam", { role: "agent", action: "chats.read", scopes: ["mine"] })).status, 200);
  const list = await s.api("numbers/main/chats", { member: "alex" });
  assert.deepEqual(list.data.chats.map((c) => c.id), [2], "alex reads only his own chat now");
  for (const id of [1, 3, 4, 5]) {
    const one = await s.api(`numbers/main/chats/${id}`, { member: "alex" });
    assert.equal(one.status, 403);
    assert.equal(one.data.code, "restricted_in_number");
  }
  // Another number the member is not in: nothing, and nothing to open.
  const other = await s.api("numbers/sales/chats", { member: "bea" });
  assert.deepEqual(other.data.chats, []);
  assert.equal((await s.api("numbers/sales/chats/7", { member: "bea" })).data.code, "not_in_number");
  assert.equal((await s.api("numbers/nowhere/chats", { member: "bea" })).status, 404);
});

test("state and snapshot carry the caller, not the whole team", async () => {
  const st = await s.api("state", { member: "alex" });
  assert.deepEqual(st.data.policy.members.map((m) => m.id), ["alex"]);
  assert.equal(st.data.me.id, "alex");
  const snap = await s.api("snapshot", { member: "alex" });
  assert.equal(snap.status, 200);
  assert.ok(!snap.data.includes("olivia"), "the snapshot names no other member");
});

test("a stale edit is 409 with the current version, and changes nothing", async () => {
  await s.api("reset", { method: "POST", member: "olivia" });
  const v = (await s.api("state", { member: "adam" })).data.version;
  const first = await s.api("numbers/main/permissions", { method: "POST", member: "adam", body: { role: "agent", action: "chats.read", scopes: ["mine"], version: v } });
  assert.equal(first.status, 200);
  // A second editor, still on the version it loaded.
  const second = await s.api("numbers/main/permissions", { method: "POST", member: "olivia", body: { role: "agent", action: "chats.delete", scopes: ["mine"], version: v } });
  assert.equal(second.status, 409);
  assert.equal(second.data.code, "stale_version");
  assert.equal(second.data.version, first.data.version);
  const viaHeader = await s.api("numbers/main/permissions", { method: "POST", member: "olivia", headers: { "if-match": `"${v}"` }, body: { role: "agent", action: "chats.delete", scopes: ["mine"] } });
  assert.equal(viaHeader.status, 409);
  const missing = await s.api("numbers/main/permissions", { method: "POST", member: "olivia", body: { role: "agent", action: "chats.delete", scopes: ["mine"] } });
  assert.equal(missing.status, 428);
  // Nothing changed: the first edit stands, the second never happened.
  assert.equal((await s.api("state", { member: "adam" })).data.version, first.data.version);
  const main = (await s.api("state", { member: "adam" })).data.policy.numbers.find((n) => n.id === "main");
  assert.deepEqual(main.team_permissions, { agent: { "chats.read": ["mine"] } });
});

test("bad input: JSON errors with codes, limits enforced", async () => {
  await s.api("reset", { method: "POST", member: "olivia" });
  const cases = [
    [await s.api("nope", { member: "adam" }), 404, "not_found"],
    [await s.api("numbers/main/chats/abc", { member: "adam" }), 400, "bad_request"],
    [await s.api("plan", { method: "POST", member: "olivia", raw: "{bad" }), 400, "bad_request"],
    [await s.api("plan", { method: "POST", member: "olivia", body: { plan: 3 } }), 422, "invalid"],
    [await s.api("plan", { method: "POST", member: "olivia", raw: JSON.stringify({ plan: "x".repeat(70000) }) }), 413, "too_large"],
    [await s.api("numbers/main/chats/1/reassign", { method: "POST", member: "adam", body: { to: "nobody_at_all" } }), 422, "invalid"],
    [await s.api("numbers/main/chats/1/reply", { method: "POST", member: "adam", body: { text: "x".repeat(2001) } }), 413, "too_large"],
    [await s.api("numbers/main/chats/1/reply", { method: "POST", member: "adam", body: { text: "hi", extra: 1 } }), 422, "invalid"],
    [await s.api("reset", { method: "POST", member: "adam" }), 403, "role_lacks_action"],
  ];
  for (const [r, status, code] of cases) {
    assert.equal(r.status, status, JSON.stringify(r.data));
    assert.equal(r.data.code, code, JSON.stringify(r.data));
  }
  const page = await s.api("numbers/main/chats?limit=2&offset=1", { member: "olivia" });
  assert.deepEqual(page.data.chats.map((c) => c.id), [2, 3]);
  assert.equal(page.data.total, 5);
  assert.equal((await s.api("numbers/main/chats?limit=100000", { member: "olivia" })).data.limit, 100);
});

test("reset exists only in demo mode", async () => {
  const prod = await startServer({ TEAMGATE_DEMO: "0" });
  try {
    const r = await prod.api("reset", { method: "POST", member: "olivia" });
    assert.equal(r.status, 404);
  } finally {
    prod.stop();
  }
});
