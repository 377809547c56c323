// The reference server probed over HTTP as a security review would: as
// nobody, with a forged cookie, as another member, with stale edits, bad
// bodies and oversized input. Every answer is JSON with a code.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { dataDir, startServer } from "./server.mjs";

// The suite runs against SQLite (a fresh file), or against PostgreSQL when
// TEAMGATE_TEST_DATABASE_URL names one (scripts/test.sh starts one).
const pg = process.env.TEAMGATE_TEST_DATABASE_URL;
const storage = pg ? { DATABASE_URL: pg } : {};
let s;
before(async () => {
  s = await startServer(storage);
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
    [await s.api("plan", { member: "adam" }), 405, "method_not_allowed"],
    [await s.api("plan", { method: "POST", member: "olivia", raw: "plan=pro", headers: { "content-type": "text/plain" } }), 415, "unsupported_media_type"],
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
  // Lists carry the last message and the count; the messages come with one chat.
  assert.equal(page.data.chats[0].messages, undefined);
  assert.equal(page.data.chats[0].messageCount, 1);
  assert.equal(page.data.total, 5);
  assert.equal((await s.api("numbers/main/chats?limit=100000", { member: "olivia" })).data.limit, 100);
});

test("another account's members see none of this account's data", async () => {
  await s.api("reset", { method: "POST", member: "olivia" });
  const globex = await s.api("session", { method: "POST", body: { account: "globex", member: "gina" } });
  assert.equal(globex.status, 200);
  const cookie = globex.headers.get("set-cookie").split(";")[0];
  const as = (path) => s.api(path, { headers: { cookie } });
  const own = (await as("numbers/main/chats")).data.chats.map((c) => c.customer);
  assert.deepEqual(own, ["Vera", "Walt"]);
  assert.ok(!(await as("state")).data.policy.members.some((m) => m.id === "olivia"));
  assert.equal((await as("numbers/sales/chats")).status, 404, "acme's number does not exist in globex");
  // acme's chat 1 is not globex's chat 1.
  assert.equal((await as("numbers/main/chats/1")).data.customer, "Vera");
  assert.equal((await as("numbers/main/chats/7")).status, 404);
});

test("every edit and every denied attempt is in the activity log, for those allowed to read it", async () => {
  await s.api("reset", { method: "POST", member: "olivia" });
  await s.edit("numbers/main/permissions", "adam", { role: "agent", action: "chats.read", scopes: ["mine"] });
  await s.api("numbers/main/chats/3", { member: "alex" });
  const log = await s.api("activity?limit=5", { member: "adam" });
  assert.equal(log.status, 200);
  const [denied, saved] = log.data.entries;
  assert.deepEqual([denied.member, denied.action, denied.code, denied.allowed], ["alex", "chats.read", "restricted_in_number", false]);
  assert.deepEqual([saved.member, saved.code, saved.allowed], ["adam", "saved", true]);
  assert.equal(saved.version, denied.version);
  assert.equal((await s.api("activity", { member: "alex" })).status, 403, "agents do not read the log");
});

test("reset exists only in demo mode", async () => {
  const prod = await startServer({ ...storage, TEAMGATE_DEMO: "0" });
  try {
    const r = await prod.api("reset", { method: "POST", member: "olivia" });
    assert.equal(r.status, 404);
  } finally {
    await prod.stop();
  }
});

test("a restart keeps versions, edits, chats and the log", async () => {
  const env = pg ? storage : { TEAMGATE_DATA_DIR: dataDir() };
  let a = await startServer(env);
  await a.api("reset", { method: "POST", member: "olivia" });
  const saved = await a.edit("numbers/main/permissions", "adam", { role: "agent", action: "chats.delete", scopes: ["mine"] });
  assert.equal(saved.status, 200);
  await a.api("numbers/main/chats/1/reply", { method: "POST", member: "adam", body: { text: "kept" } });
  await a.stop();
  a = await startServer(env);
  try {
    const st = (await a.api("state", { member: "adam" })).data;
    assert.equal(st.version, saved.data.version, "the version survives, and never goes back");
    assert.deepEqual(st.policy.numbers.find((n) => n.id === "main").team_permissions, { agent: { "chats.delete": ["mine"] } });
    assert.deepEqual((await a.api("numbers/main/chats/1", { member: "adam" })).data.messages.at(-1), "kept");
    assert.ok((await a.api("activity", { member: "adam" })).data.total >= 2);
    // An old page's stale edit after the restart: 409.
    const stale = await a.api("numbers/main/permissions", { method: "POST", member: "adam", body: { role: "agent", action: "chats.read", scopes: ["mine"], version: saved.data.version - 1 } });
    assert.equal(stale.status, 409);
  } finally {
    await a.stop();
  }
});
