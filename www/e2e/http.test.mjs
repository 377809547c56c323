// The reference server probed over HTTP as a security review would: as
// nobody, with a forged or ended session, from another site, as another
// member, through every endpoint's answer, with stale edits, bad bodies and
// oversized input, and across a restart. Every answer is JSON with a code.
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

const reset = async () => assert.equal((await s.api("reset", { method: "POST", member: "olivia" })).status, 200);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test("no session, or a forged one: 401 JSON on every API call", async () => {
  for (const [method, path] of [
    ["GET", "state"], ["GET", "snapshot"], ["GET", "events"], ["GET", "numbers/main/chats"], ["GET", "numbers/main/chats/1"],
    ["GET", "numbers/main/chats/1/messages"], ["POST", "numbers/main/chats/1/read"], ["POST", "numbers/main/chats"],
    ["POST", "numbers/main/permissions"], ["POST", "console/files.view?number=main"], ["POST", "roles"], ["POST", "plan"],
    ["POST", "reset"], ["GET", "activity"],
  ]) {
    for (const headers of [{}, { cookie: "teamgate_session=olivia" }, { cookie: `teamgate_session=${"a".repeat(64)}` }, { cookie: "teamgate_session=acme/olivia" }]) {
      const r = await s.api(path, { method, headers });
      assert.equal(r.status, 401, `${method} ${path} ${JSON.stringify(headers)}`);
      assert.equal(r.data.code, "unauthenticated");
    }
  }
  const unknown = await s.api("session", { method: "POST", body: { member: "nobody_at_all" } });
  assert.equal(unknown.status, 401);
});

test("sessions: a new id at every sign-in, ended by sign-out, HTTP-only and same-site", async () => {
  const res = await fetch(`${s.base}api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ member: "adam" }) });
  const setCookie = res.headers.get("set-cookie");
  assert.match(setCookie, /HttpOnly/i);
  assert.match(setCookie, /SameSite=Strict/i);
  assert.match(setCookie, /Max-Age=\d+/i);
  assert.doesNotMatch(setCookie, /Secure/i, "plain http without configuration: not Secure");
  const first = setCookie.split(";")[0];
  assert.doesNotMatch(first, /adam|acme/, "the cookie names no account or member");
  // Signing in again from the same browser: a new id, and the old one ends.
  const again = await fetch(`${s.base}api/session`, { method: "POST", headers: { "content-type": "application/json", cookie: first }, body: JSON.stringify({ member: "adam" }) });
  const second = again.headers.get("set-cookie").split(";")[0];
  assert.notEqual(second, first);
  assert.equal((await s.api("state", { headers: { cookie: first } })).status, 401, "the previous session ended at sign-in");
  assert.equal((await s.api("state", { headers: { cookie: second } })).status, 200);
  // Signing out ends the session on the server: the old cookie, replayed, is refused.
  assert.equal((await s.api("session", { method: "DELETE", headers: { cookie: second } })).status, 200);
  assert.equal((await s.api("state", { headers: { cookie: second } })).status, 401);
  assert.equal((await s.api("numbers/main/chats", { headers: { cookie: second } })).status, 401);
  // Behind an https proxy the cookie is Secure.
  const tls = await fetch(`${s.base}api/session`, { method: "POST", headers: { "content-type": "application/json", "x-forwarded-proto": "https" }, body: JSON.stringify({ member: "adam" }) });
  assert.match(tls.headers.get("set-cookie"), /Secure/i);
});

test("sessions end: after their maximum age, when idle, and past the most a member keeps", async () => {
  const short = await startServer({ ...storage, ...(pg ? {} : { TEAMGATE_DATA_DIR: dataDir() }), TEAMGATE_SESSION_MAX_AGE_SECS: "2", TEAMGATE_SECURE_COOKIES: "1" });
  try {
    const cookie = await short.signIn("adam");
    assert.equal((await short.api("state", { headers: { cookie } })).status, 200);
    await sleep(2200);
    assert.equal((await short.api("state", { headers: { cookie } })).status, 401, "expired");
    const res = await fetch(`${short.base}api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ member: "adam" }) });
    assert.match(res.headers.get("set-cookie"), /Secure/i, "TEAMGATE_SECURE_COOKIES=1");
  } finally {
    await short.stop();
  }
  const idle = await startServer({ ...storage, ...(pg ? {} : { TEAMGATE_DATA_DIR: dataDir() }), TEAMGATE_SESSION_IDLE_SECS: "1" });
  try {
    const cookie = await idle.signIn("adam");
    await sleep(1300);
    assert.equal((await idle.api("state", { headers: { cookie } })).status, 401, "idle for too long");
  } finally {
    await idle.stop();
  }
  // A member keeps at most TEAMGATE_SESSIONS_PER_MEMBER: a sign-in past
  // that ends their oldest (Gus, whom no other test signs in as).
  const few = await startServer({ ...storage, ...(pg ? {} : { TEAMGATE_DATA_DIR: dataDir() }), TEAMGATE_SESSIONS_PER_MEMBER: "2" });
  try {
    const cookies = [];
    for (let i = 0; i < 3; i++) {
      cookies.push(await few.signIn("gus", "globex"));
      await sleep(5);
    }
    const live = [];
    for (const cookie of cookies) live.push((await few.api("state", { headers: { cookie } })).status);
    assert.deepEqual(live, [401, 200, 200], "the oldest ended");
    const gina = await few.signIn("gina", "globex");
    const entry = (await few.api("activity?limit=5", { headers: { cookie: gina } })).data.entries.find((e) => e.member === "gus" && e.action === "session.sign_in");
    assert.equal(entry.detail, "ended the member's oldest session: a member keeps at most 2 at once");
    // Many at once past the limit: every sign-in answered, and once they
    // are done, the next one leaves the limit live.
    const flood = await Promise.all(Array.from({ length: 40 }, () => few.signIn("gus", "globex")));
    await sleep(5);
    cookies.push(...flood, await few.signIn("gus", "globex"));
    const after = await Promise.all(cookies.map(async (cookie) => (await few.api("state", { headers: { cookie } })).status));
    assert.equal(after.filter((x) => x === 200).length, 2, JSON.stringify(after));
    assert.equal(after.at(-1), 200, "the newest is live");
  } finally {
    await few.stop();
  }
});

test("state-changing requests from another site's page are refused", async () => {
  await reset();
  const cookie = await s.signIn("olivia");
  const post = (headers) => s.api("console/billing.payment?number=main", { method: "POST", headers: { cookie, ...headers } });
  for (const headers of [{ origin: "https://evil.example" }, { origin: "null" }, { "sec-fetch-site": "cross-site" }]) {
    const r = await post(headers);
    assert.equal(r.status, 403, JSON.stringify(headers));
    assert.equal(r.data.code, "bad_origin");
  }
  assert.equal((await post({ origin: s.base.replace(/\/$/, "") })).status, 200, "the server's own origin");
  assert.equal((await post({})).status, 200, "no Origin: not a browser page");
  const del = await s.api("session", { method: "DELETE", headers: { cookie, origin: "https://evil.example" } });
  assert.equal(del.status, 403);
  assert.equal((await s.api("state", { headers: { cookie } })).status, 200, "a cross-site sign-out did nothing");
});

test("a list never shows what opening an item would refuse; tabs and pages too", async () => {
  await reset();
  assert.equal((await s.edit("numbers/main/permissions", "adam", { role: "agent", action: "chats.read", scopes: ["mine"] })).status, 200);
  const list = await s.api("numbers/main/chats", { member: "alex" });
  assert.deepEqual(list.data.chats.map((c) => c.id), [2], "alex reads only his own chat now");
  for (const id of [1, 3, 4, 5]) {
    const one = await s.api(`numbers/main/chats/${id}`, { member: "alex" });
    assert.equal(one.status, 403);
    assert.equal(one.data.code, "restricted_in_number");
    assert.equal((await s.api(`numbers/main/chats/${id}/messages`, { member: "alex" })).status, 403);
  }
  assert.deepEqual((await s.api("numbers/main/chats?scope=pending", { member: "alex" })).data.chats, [], "a tab holds only what the filter allows");
  assert.deepEqual((await s.api("numbers/main/chats?scope=mine", { member: "alex" })).data.chats.map((c) => c.id), [2]);
  // Another number the member is not in: nothing, and nothing to open.
  const other = await s.api("numbers/sales/chats", { member: "bea" });
  assert.deepEqual(other.data.chats, []);
  assert.equal((await s.api("numbers/sales/chats/7", { member: "bea" })).data.code, "not_in_number");
  assert.equal((await s.api("numbers/nowhere/chats", { member: "bea" })).status, 404);
  // Pages: newest activity first, every chat exactly once.
  for (let i = 0; i < 12; i++) assert.equal((await s.api("numbers/main/chats", { method: "POST", member: "adam" })).status, 200);
  const seen = [];
  let after = null;
  do {
    const page = await s.api(`numbers/main/chats?limit=5${after ? `&after=${after}` : ""}`, { member: "adam" });
    assert.equal(page.status, 200);
    assert.ok(page.data.chats.length <= 5);
    seen.push(...page.data.chats);
    after = page.data.next;
  } while (after);
  assert.equal(seen.length, 17);
  assert.equal(new Set(seen.map((c) => c.id)).size, 17);
  for (let i = 1; i < seen.length; i++) {
    const [a, b] = [seen[i - 1], seen[i]];
    assert.ok(a.lastMs > b.lastMs || (a.lastMs === b.lastMs && a.id > b.id), "newest activity first");
  }
});

test("another account's data does not exist for the caller: 404 on every route, none of it in any answer", async () => {
  await reset();
  const gina = await s.signIn("gina", "globex");
  const as = (path, init = {}) => s.api(path, { ...init, headers: { cookie: gina } });
  // Both accounts have a number `main`: each lists its own chats only.
  const acme = (await s.api("numbers/main/chats", { member: "adam" })).data.chats.map((c) => c.customer);
  const globex = (await as("numbers/main/chats")).data.chats.map((c) => c.customer);
  assert.ok(acme.length > 0 && globex.length > 0);
  assert.deepEqual(globex.filter((c) => acme.includes(c)), [], "no acme customer in globex's list");
  // acme's number `sales` is no number of globex's: 404 on every route that names a number.
  const routes = [
    ["numbers/sales/chats", "GET"],
    ["numbers/sales/chats", "POST"],
    ["numbers/sales/chats/6", "GET"],
    ["numbers/sales/chats/6/messages", "GET"],
    ["numbers/sales/chats/6/reply", "POST", { text: "hi" }],
    ["numbers/sales/permissions", "POST", { role: "agent", action: "chats.read", scopes: ["mine"], version: 1 }],
    ["console/analytics.view?number=sales", "POST"],
  ];
  for (const [path, method, body] of routes) {
    const r = await as(path, { method, body });
    assert.deepEqual([r.status, r.data.code], [404, "not_found"], `${method} ${path}`);
  }
  // Chat ids are the account's own: acme's chats are not globex's, whatever the id.
  for (const id of [3, 5, 7]) assert.equal((await as(`numbers/main/chats/${id}`)).status, 404, `chat ${id}`);
  for (const id of [1, 2]) assert.ok(globex.includes((await as(`numbers/main/chats/${id}`)).data.customer), `chat ${id} is globex's`);
});

test("a chat's messages come a page at a time", async () => {
  await reset();
  for (let i = 0; i < 7; i++) assert.equal((await s.api("numbers/main/chats/1/reply", { method: "POST", member: "adam", body: { text: `m${i}` } })).status, 200);
  const one = await s.api("numbers/main/chats/1?limit=3", { member: "adam" });
  assert.deepEqual(one.data.messages.map((m) => m.text), ["m6", "m5", "m4"]);
  assert.equal(one.data.messageCount, 8);
  const texts = [...one.data.messages.map((m) => m.text)];
  let before = one.data.older;
  while (before) {
    const page = await s.api(`numbers/main/chats/1/messages?limit=3&before=${before}`, { member: "adam" });
    texts.push(...page.data.messages.map((m) => m.text));
    before = page.data.older;
  }
  assert.deepEqual(texts, ["m6", "m5", "m4", "m3", "m2", "m1", "m0", "Hello, this is Lucía"]);
});

/** Every chat object an answer carries (anything with a customer or messages). */
function chatsIn(body) {
  const found = [];
  const walk = (v) => {
    if (v === null || typeof v !== "object") return;
    if (typeof v.customer === "string" || Array.isArray(v.messages)) found.push(v);
    for (const x of Object.values(v)) walk(x);
  };
  walk(body);
  return found;
}

for (const plan of ["premium", "pro"]) {
  test(`no answer of any endpoint carries a chat the member may not open (${plan}, agents read only their own)`, async () => {
    const customers = ["Lucía", "Marco", "Nora", "Omar", "Pia", "Quinn", "Rosa"];
    let carried = 0;
    for (const member of ["olivia", "adam", "sara", "alex", "bea"]) {
      await reset();
      assert.equal((await s.edit("numbers/main/permissions", "adam", { role: "agent", action: "chats.read", scopes: ["mine"] })).status, 200);
      if (plan !== "premium") assert.equal((await s.edit("plan", "olivia", { plan })).status, 200);
      for (const id of [1, 2, 3, 4, 5]) {
        for (const [verb, body] of [["read"], ["reply", { text: "hi" }], ["resolve"], ["block"], ["reassign", { to: "olivia" }], ["reassign", { to: null }], ["delete"]]) {
          const answer = await s.api(`numbers/main/chats/${id}/${verb}`, { method: "POST", member, body });
          const opened = await s.api(`numbers/main/chats/${id}`, { member });
          const mayOpen = opened.status === 200;
          const text = JSON.stringify(answer.data);
          if (!mayOpen) {
            assert.deepEqual(chatsIn(answer.data), [], `${member} ${verb} #${id} (${answer.status}) carried a chat it may not open: ${text}`);
            const hidden = opened.status === 404 ? [] : customers;
            for (const c of hidden) assert.ok(!text.includes(c), `${member} ${verb} #${id}: the answer names customer ${c}`);
          } else {
            carried += chatsIn(answer.data).length;
          }
        }
      }
    }
    assert.ok(carried > 0, "answers do carry chats the member may open");
  });
}

test("state and snapshot carry the caller, not the whole team", async () => {
  const st = await s.api("state", { member: "alex" });
  assert.deepEqual(st.data.policy.members.map((m) => m.id), ["alex"]);
  assert.equal(st.data.me.id, "alex");
  const snap = await s.api("snapshot", { member: "alex" });
  assert.equal(snap.status, 200);
  assert.ok(!snap.data.includes("olivia"), "the snapshot names no other member");
});

test("a stale edit is 409 with the current version, and changes nothing", async () => {
  await reset();
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
  // The current version in one place and a stale one in the other: refused, never taken.
  const current = first.data.version;
  for (const [h, b] of [[current, v], [v, current]]) {
    const both = await s.api("numbers/main/permissions", { method: "POST", member: "olivia", headers: { "if-match": `"${h}"` }, body: { role: "agent", action: "chats.delete", scopes: ["mine"], version: b } });
    assert.equal(both.status, 400, JSON.stringify(both.data));
    assert.equal(both.data.path, "header.if-match");
  }
  const agree = await s.api("numbers/main/permissions?dry=1", { method: "POST", member: "olivia", headers: { "if-match": `"${current}"` }, body: { role: "agent", action: "chats.delete", scopes: ["mine"], version: current } });
  assert.equal(agree.status, 200, "the same version in both");
  const missing = await s.api("numbers/main/permissions", { method: "POST", member: "olivia", body: { role: "agent", action: "chats.delete", scopes: ["mine"] } });
  assert.equal(missing.status, 428);
  // Nothing changed: the first edit stands, the second never happened.
  assert.equal((await s.api("state", { member: "adam" })).data.version, first.data.version);
  const main = (await s.api("state", { member: "adam" })).data.policy.numbers.find((n) => n.id === "main");
  assert.deepEqual(main.team_permissions, { agent: { "chats.read": ["mine"] } });
});

test("plan limits bind a downgrade: refused with each limit and what must go, and the UI is told", async () => {
  await reset();
  const down = await s.edit("plan", "olivia", { plan: "basic" });
  assert.equal(down.status, 409);
  assert.equal(down.data.code, "limit_reached");
  assert.deepEqual(down.data.over.map((l) => [l.params.limit, l.used, l.limit]), [["numbers", 2, 1], ["seats", 6, 3]]);
  assert.match(down.data.message, /plan `basic` allows 1 `numbers`, 2 used/);
  const st = (await s.api("state", { member: "olivia" })).data;
  assert.equal(st.policy.plan, "premium", "nothing changed");
  const options = Object.fromEntries(st.plans.options.map((o) => [o.id, o]));
  assert.equal(options.basic.allowed, false);
  assert.equal(options.basic.reason.code, "limit_reached");
  assert.equal(options.pro.allowed, true);
  assert.equal(options.premium.current, true);
  assert.equal((await s.edit("plan", "olivia", { plan: "pro" })).status, 200, "pro holds 3 numbers and 10 seats");
  // Those who may not change the plan see every option disabled with the engine's reason.
  const agent = (await s.api("state", { member: "alex" })).data.plans;
  assert.equal(agent.mayChange.allowed, false);
  assert.ok(agent.options.filter((o) => !o.current).every((o) => !o.allowed && o.reason.code === "role_lacks_action"));
  assert.equal((await s.edit("plan", "alex", { plan: "premium" })).status, 403);
  assert.equal((await s.api("plan?dry=1", { method: "POST", member: "olivia", body: { plan: "basic", version: (await s.api("state", { member: "olivia" })).data.version } })).status, 409);
});

test("bad input: JSON errors with codes, never a database's text", async () => {
  await reset();
  const cookie = await s.session("adam");
  const raw = async (path, init = {}) => {
    const res = await fetch(`${s.base}${path}`, { ...init, headers: { cookie, ...(init.headers ?? {}) } });
    return { status: res.status, type: res.headers.get("content-type"), data: await res.json().catch(() => null) };
  };
  const cases = [
    [await s.api("nope", { member: "adam" }), 404, "not_found"],
    [await raw("api/"), 404, "not_found"],
    [await raw("api"), 404, "not_found"],
    [await raw("api/x/y/z"), 404, "not_found"],
    [await s.api("plan", { member: "adam" }), 405, "method_not_allowed"],
    [await s.api("plan", { method: "POST", member: "olivia", raw: "plan=pro", headers: { "content-type": "text/plain" } }), 415, "unsupported_media_type"],
    [await s.api("numbers/main/chats/1/reply", { method: "POST", member: "adam", raw: "text=hi", headers: { "content-type": "text/plain" } }), 415, "unsupported_media_type"],
    [await s.api("numbers/main/chats/abc", { member: "adam" }), 400, "bad_request"],
    [await s.api("numbers/main/chats/99999999999999999999", { member: "adam" }), 400, "bad_request"],
    [await s.api("numbers/ma%00in/chats", { member: "adam" }), 400, "bad_request"],
    [await s.api("numbers/ma%00in/chats/1", { member: "adam" }), 400, "bad_request"],
    [await s.api(`numbers/${"m".repeat(5000)}/chats`, { member: "adam" }), 400, "bad_request"],
    [await s.api("console/billing%00.payment?number=main", { method: "POST", member: "adam" }), 400, "bad_request"],
    [await s.api("console/billing.payment?number=ma%00in", { method: "POST", member: "adam" }), 400, "bad_request"],
    [await s.api("console/billing.payment", { method: "POST", member: "adam" }), 400, "bad_request"],
    [await s.api("numbers/main/chats?limit=0", { member: "adam" }), 400, "bad_request"],
    [await s.api("numbers/main/chats?limit=100000", { member: "adam" }), 400, "bad_request"],
    [await s.api("numbers/main/chats?after=%00", { member: "adam" }), 400, "bad_request"],
    [await s.api("numbers/main/chats?scope=everything", { member: "adam" }), 400, "bad_request"],
    [await s.api("numbers/main/chats?sneaky=1", { member: "adam" }), 400, "bad_request"],
    [await s.api("plan", { method: "POST", member: "olivia", raw: "{bad" }), 400, "bad_request"],
    [await s.api("plan", { method: "POST", member: "olivia", body: { plan: 3 } }), 422, "invalid"],
    [await s.api("plan", { method: "POST", member: "olivia", raw: JSON.stringify({ plan: "x".repeat(70000) }) }), 413, "too_large"],
    [await s.api("numbers/main/chats/1/reassign", { method: "POST", member: "adam", body: { to: "nobody_at_all" } }), 422, "invalid"],
    [await s.api("numbers/main/chats/1/reassign", { method: "POST", member: "adam", body: { to: "x\u0000y" } }), 400, "bad_request"],
    [await s.api("numbers/main/chats/1/reply", { method: "POST", member: "adam", body: { text: "x".repeat(2001) } }), 413, "too_large"],
    [await s.api("numbers/main/chats/1/reply", { method: "POST", member: "adam", body: { text: "nul \u0000 byte" } }), 422, "invalid"],
    [await s.api("numbers/main/chats/1/reply", { method: "POST", member: "adam", body: { text: "hi", extra: 1 } }), 422, "invalid"],
    [await s.api("numbers/main/chats/1/fly", { method: "POST", member: "adam" }), 404, "not_found"],
    // A field an endpoint does not take is refused, never ignored.
    [await s.api("numbers/main/chats", { method: "POST", member: "adam", body: { customer: "Ana" } }), 422, "invalid"],
    [await s.api("numbers/main/chats/1/block", { method: "POST", member: "adam", body: { text: "why" } }), 422, "invalid"],
    [await s.api("numbers/main/chats/1/reply", { method: "POST", member: "adam", body: { text: "hi", to: "alex" } }), 422, "invalid"],
    // Endpoints that take no body refuse one with fields, rather than ignore it.
    [await s.api("console/files.view?number=main", { method: "POST", member: "adam", body: { number: "sales" } }), 422, "invalid"],
    [await s.api("reset", { method: "POST", member: "olivia", body: { plan: "basic" } }), 422, "invalid"],
    [await s.api("session", { method: "DELETE", member: "alex", body: { everywhere: true } }), 422, "invalid"],
    [await s.api("session", { method: "POST", body: { member: "ol\u0000ivia" } }), 400, "bad_request"],
    [await s.api("reset", { method: "POST", member: "adam" }), 403, "role_lacks_action"],
  ];
  for (const [r, status, code] of cases) {
    assert.equal(r.status, status, JSON.stringify(r.data));
    assert.equal(r.data.code, code, JSON.stringify(r.data));
    assert.doesNotMatch(JSON.stringify(r.data), /sqlx|SQLITE|sqlite|postgres|syntax error|constraint|0x00/i, "no database text");
  }
  assert.equal((await s.api("console/files.view?number=main", { method: "POST", member: "adam", body: {} })).status, 200, "an empty object is no body");
  const bad = await s.api("numbers/ma%00in/chats", { member: "adam" });
  assert.equal(bad.data.path, "path.number");
  assert.ok(bad.data.hint, "a hint says how to mend it");
  // Each says what, where and how to mend it, in the request's words (no
  // Rust types, no library's phrasing).
  const where = [
    [await s.api("numbers/main/chats/99999999999999999999", { member: "adam" }), 400, "path.id", /^`99999999999999999999` is not a chat id$/],
    [await s.api("numbers/main/chats/1.5/messages", { member: "adam" }), 400, "path.id", /^`1.5` is not a chat id$/],
    [await s.api("numbers/main/chats/1/messages?before=abc", { member: "adam" }), 400, "query.before", /^not a whole number$/],
    [await s.api("numbers/main/chats?limit=", { member: "adam" }), 400, "query.limit", /^empty: a whole number is needed$/],
    [await s.api("numbers/main/chats?limit=99999999999999999999", { member: "adam" }), 400, "query.limit", /^a whole number out of range$/],
    // In JSON's words, not Rust's: arrays and objects, whole numbers.
    [await s.api("plan", { method: "POST", member: "olivia", raw: '["pro", 3]' }), 422, "body", /^invalid type: array, expected an object$/],
    [await s.api("plan", { method: "POST", member: "olivia", raw: '"pro"' }), 422, "body", /^invalid type: string "pro", expected an object$/],
    [await s.api("plan", { method: "POST", member: "olivia", body: { plan: "pro", version: 1.5 } }), 422, "body.version", /^invalid type: floating point `1.5`, expected a whole number$/],
    [await s.api("numbers/main/permissions", { method: "POST", member: "adam", body: { role: "agent", action: "chats.read", scopes: "mine", version: 1 } }), 422, "body.scopes", /^invalid type: string "mine", expected an array$/],
    [await s.api("numbers/main/chats/1/reply", { method: "POST", member: "adam", raw: " [1]" }), 422, "body", /^invalid type: array, expected an object$/],
    // A role is read by the policy reader: its problem at its path in the body, with its hint.
    [await s.api("roles", { method: "POST", member: "olivia", body: { role: { id: "x", rank: -1 }, version: 1 } }), 422, "body.role.rank", /^number out of range$/],
    [await s.api("roles", { method: "POST", member: "olivia", body: { role: { id: "x", rank: 10, nme: "X" }, version: 1 } }), 422, "body.role.nme", /^unknown field `nme`$/],
    [await s.api("roles", { method: "POST", member: "olivia", body: { role: [], version: 1 } }), 422, "body.role", /^expected an object, found an array$/],
    // An edit whose policy would be invalid: the first problem, in one line.
    [await s.edit("roles", "olivia", { role: { id: "Bad Id", rank: 10 } }), 422, undefined, /^the edit would make the policy invalid: invalid role id `Bad Id`$/],
    [await s.api("plan", { method: "POST", member: "olivia", body: { plan: 3 } }), 422, "body.plan", /^invalid type: integer `3`, expected a string/],
    [await s.api("plan", { method: "POST", member: "olivia", raw: '{"plan":"pro","plan":"basic"}' }), 422, "body", /^duplicate field `plan`/],
    [await s.api("numbers/main/permissions", { method: "POST", member: "adam", body: { role: "agent", action: "chats.read", scopes: ["mine", 7], version: 1 } }), 422, "body.scopes[1]", /^invalid type: integer `7`/],
    [await s.api("plan", { method: "POST", member: "olivia", raw: "{bad" }), 400, "body", /^key must be a string/],
    [await s.api("numbers/main/chats/1/reply", { method: "POST", member: "adam", raw: '{"text":"hi"} x' }), 400, "body", /^trailing characters/],
    [await s.api("numbers/main/chats/1/reply", { method: "POST", member: "adam", body: { text: 5 } }), 422, "body.text", /^invalid type: integer `5`/],
    // A reply says what it sends, a reassign to whom: nothing is made up.
    [await s.api("numbers/main/chats/1/reply", { method: "POST", member: "adam" }), 422, "body.text", /needs its `text`/],
    [await s.api("numbers/main/chats/1/reply?dry=1", { method: "POST", member: "adam", body: {} }), 422, "body.text", /needs its `text`/],
    [await s.api("numbers/main/chats/1/reply", { method: "POST", member: "adam", body: { text: null } }), 422, "body.text", /needs its `text`/],
    [await s.api("numbers/main/chats/1/reply", { method: "POST", member: "adam", body: { text: " \n\t " } }), 422, "body.text", /blank/],
    // A string cut inside an emoji: JSON.stringify writes its half as an escape.
    [await s.api("numbers/main/chats/1/reply", { method: "POST", member: "adam", body: { text: "hi 😀".slice(0, -1) } }), 400, "body", /escape of half a character \(a lone UTF-16 surrogate\)/],
    [await s.api("numbers/main/chats/1/reassign", { method: "POST", member: "adam" }), 422, "body.to", /needs `to`/],
    [await s.api("numbers/main/chats/1/block", { method: "POST", member: "adam", body: { to: null } }), 422, undefined, /takes no `to`/],
  ];
  for (const [r, status, path, message] of where) {
    assert.equal(r.status, status, JSON.stringify(r.data));
    assert.equal(r.data.path, path, JSON.stringify(r.data));
    assert.match(r.data.message, message, JSON.stringify(r.data));
    assert.ok(path === undefined || r.data.hint, `a hint: ${JSON.stringify(r.data)}`);
    assert.doesNotMatch(r.data.message, /\b[iu](8|16|32|64|size)\b|Failed to|target type|deserializ|sequence|struct |invalid digit/i, JSON.stringify(r.data));
    // A field's error has its path; only JSON that cannot be read says its line and column.
    if (status === 422) assert.doesNotMatch(r.data.message, /at line \d+ column/, JSON.stringify(r.data));
    assert.doesNotMatch(r.data.message, /\n|error\[|-->/, "one line, no other format's layout");
  }
  // A long value is quoted clipped, in an answer and in the log alike.
  const long = "q".repeat(30_000);
  const quotedLong = [
    await s.api(`numbers/main/chats?scope=${long}`, { member: "adam" }),
    await s.edit("plan", "olivia", { plan: long }),
    await s.edit("numbers/main/permissions", "adam", { role: long, action: long, scopes: Array.from({ length: 500 }, () => "mine") }),
    await s.edit("roles", "olivia", { role: { id: long, rank: 10 } }),
  ];
  for (const r of quotedLong) {
    assert.ok(r.status >= 400 && r.status < 500, JSON.stringify(r.data).slice(0, 200));
    assert.ok(JSON.stringify(r.data).length < 2000, `${r.data.code}: an answer of ${JSON.stringify(r.data).length} characters`);
  }
  const logged = (await s.api("activity?limit=3", { member: "olivia" })).data.entries;
  assert.deepEqual(logged.map((e) => e.action), ["team.change_roles", "team.edit_permissions", "billing.subscription"]);
  for (const e of logged) assert.ok(e.detail.length < 1000, `${e.action}: a detail of ${e.detail.length} characters`);
  assert.match(logged[1].detail, /, and 492 more\]/);
  const chat = await s.api("numbers/main/chats/1", { member: "adam" });
  assert.ok(!chat.data.messages.some((m) => m.text === "(reply)" || !m.text.trim()), "no refused reply was written");
  assert.equal((await s.api("numbers/main/chats/1/reassign", { method: "POST", member: "adam", body: { to: null } })).status, 200, "null unassigns");
});

test("every attempt is in the activity log, in order, for those allowed to read it", async () => {
  await reset();
  const v = (await s.api("state", { member: "adam" })).data.version;
  const steps = [
    () => s.api("numbers/main/permissions", { method: "POST", member: "adam", body: { role: "agent", action: "chats.read", scopes: ["mine"], version: v } }),
    () => s.api("numbers/main/chats/3", { member: "alex" }),
    () => s.api("numbers/main/chats/2", { member: "alex" }),
    () => s.api("numbers/main/chats/2/reply", { method: "POST", member: "alex", body: { text: "hello" } }),
    () => s.api("console/billing.payment?number=main", { method: "POST", member: "olivia" }),
    () => s.api("console/numbers.recreate?number=main", { method: "POST", member: "sara" }),
    () => s.api("console/developers.api_keys?number=main", { method: "POST", member: "adam" }),
    () => s.api("console/billing.payment?number=main", { method: "POST", member: "alex" }),
    () => s.api("numbers/main/permissions", { method: "POST", member: "adam", body: { role: "agent", action: "chats.read", scopes: ["mine"], version: v } }),
    () => s.api("numbers/main/permissions", { method: "POST", member: "adam", body: { role: "agent", action: "chats.read", scopes: ["mine"] } }),
    async () => s.api("numbers/main/permissions", { method: "POST", member: "adam", body: { role: "agent", action: "chats.fly", scopes: ["mine"], version: (await s.api("state", { member: "adam" })).data.version } }),
    async () => s.api("roles", { method: "POST", member: "olivia", body: { role: { id: "Not An Id", rank: 10 }, version: (await s.api("state", { member: "olivia" })).data.version } }),
    () => s.api("numbers/main/chats", { method: "POST", member: "bea" }),
  ];
  const want = [
    ["adam", "team.edit_permissions", "saved", true],
    ["alex", "chats.read", "restricted_in_number", false],
    ["alex", "chats.read", "granted_by_role", true],
    ["alex", "chats.reply", "granted_by_role", true],
    ["olivia", "billing.payment", "owner", true],
    ["sara", "numbers.recreate", "granted_by_role", true],
    ["adam", "developers.api_keys", "granted_by_role", true],
    ["alex", "billing.payment", "role_lacks_action", false],
    ["adam", "team.edit_permissions", "stale_version", false],
    ["adam", "team.edit_permissions", "version_required", false],
    ["adam", "team.edit_permissions", "unknown_action", false],
    ["olivia", "team.change_roles", "invalid", false],
    ["bea", "chats.start", "granted_by_role", true],
  ];
  for (const step of steps) await step();
  // A list is filtered, not decided item by item: it is not logged.
  await s.api("numbers/main/chats", { member: "alex" });
  const log = await s.api("activity?limit=100", { member: "adam" });
  assert.equal(log.status, 200);
  // Signing in is logged too (the steps' members signed in as they went).
  const actions = log.data.entries.filter((e) => !e.action.startsWith("session.")).slice(0, want.length).reverse();
  const got = actions.map((e) => [e.member, e.action, e.code, e.allowed]);
  assert.deepEqual(got, want);
  const seqs = actions.map((e) => e.seq);
  assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), "the database orders the entries");
  assert.equal((await s.api("activity", { member: "alex" })).status, 403, "agents do not read the log");
  const last = await s.api("activity?limit=1", { member: "adam" });
  assert.deepEqual([last.data.entries[0].member, last.data.entries[0].action, last.data.entries[0].allowed], ["alex", "activity.read", false], "the refused read is logged too");
  // Paging through the whole log: every entry once.
  const all = (await s.all("activity", "entries", "adam", 7)).map((e) => e.seq);
  assert.equal(new Set(all).size, all.length);
});

test("the log gives each reader the entries of the numbers where their role may read it, and account-wide ones naming no member they may not read of", async () => {
  await reset();
  // Adam is an admin of main and a supervisor of sales (roles are per number, S004.2).
  // An edit's effect names members only where the editor reads the log: in
  // sales, Adam edits agents as a supervisor does, and is told of the role only.
  const body = { role: "agent", action: "chats.delete", scopes: ["mine"] };
  const inMain = await s.edit("numbers/main/permissions?dry=1", "adam", body);
  const inSales = await s.edit("numbers/sales/permissions?dry=1", "adam", body);
  assert.equal(inMain.status, 200, JSON.stringify(inMain.data));
  assert.equal(inSales.status, 200, JSON.stringify(inSales.data));
  assert.ok(inMain.data.effect.members.some((c) => c.member === "alex"));
  assert.deepEqual(inSales.data.effect.members, []);
  assert.ok(inSales.data.effect.roles.some((c) => c.role === "agent" && c.number === "sales"), JSON.stringify(inSales.data.effect.roles));
  assert.ok(!JSON.stringify(inSales.data).includes("alex"), "no member of sales named");
  // Entries in both numbers, then an account-wide edit (the plan).
  assert.equal((await s.edit("numbers/main/permissions", "adam", { role: "agent", action: "chats.read", scopes: ["mine"] })).status, 200);
  assert.equal((await s.api("numbers/sales/chats/6/reply", { method: "POST", member: "alex", body: { text: "sales only" } })).status, 200);
  assert.equal((await s.api("console/numbers.sync?number=sales", { method: "POST", member: "sara" })).status, 403);
  assert.equal((await s.api("numbers/main/chats/2/reply", { method: "POST", member: "alex", body: { text: "main" } })).status, 200);
  // The plan's answer names the members the owner may read of; its entry,
  // read by every reader of the log, names none.
  const plan = await s.edit("plan", "olivia", { plan: "pro" });
  assert.equal(plan.status, 200, JSON.stringify(plan.data));
  assert.ok(plan.data.effect.members.some((c) => c.member === "alex"), JSON.stringify(plan.data.effect));
  // Sam is in sales only: his sign-in (account-wide) is read by the owner,
  // not by an admin of main alone; Olivia's plan entry by both.
  await s.signIn("sam");
  const owner = await s.all("activity", "entries", "olivia", 50);
  const admin = await s.all("activity", "entries", "adam", 50);
  assert.ok(owner.some((e) => e.member === "sam" && e.action === "session.sign_in"));
  assert.ok(!JSON.stringify(admin).includes("sam"), "no entry of Sam's, nor his id, in the admin of main's log");
  assert.ok(owner.some((e) => e.number === "sales" && e.action === "chats.reply"), "the owner reads sales' entries");
  assert.ok(owner.some((e) => e.number === "sales" && e.member === "sara"));
  assert.deepEqual(admin.filter((e) => e.number === "sales"), [], "an admin of main only reads none of sales' entries");
  assert.ok(admin.some((e) => e.number === "main" && e.action === "chats.reply"));
  assert.deepEqual(
    admin.map((e) => e.seq),
    owner.filter((e) => e.number !== "sales" && e.member !== "sam").map((e) => e.seq),
    "the same entries otherwise, in the same order",
  );
  const planEntry = admin.find((e) => e.action === "billing.subscription" && e.code === "saved");
  assert.equal(planEntry.number, null);
  assert.match(planEntry.detail, /^plan → pro: /);
  assert.doesNotMatch(planEntry.detail, /Alex|Bea|Sara|Adam/, planEntry.detail);
});

test("a flood of account-wide entries by a member the reader may not read of is read a bounded part per page: short pages, each entry once", async () => {
  await reset();
  assert.equal((await s.api("numbers/main/chats/2/reply", { method: "POST", member: "alex", body: { text: "before" } })).status, 200);
  const since = (await s.api("activity?limit=1", { member: "olivia" })).data.entries[0].seq; // the log outlives a reset
  // More of Sam's sign-ins than a page reads of the account-wide entries (1,000).
  for (let i = 0; i < 21; i++) await Promise.all(Array.from({ length: 50 }, () => s.signIn("sam")));
  assert.equal((await s.api("numbers/main/chats/2/reply", { method: "POST", member: "alex", body: { text: "after" } })).status, 200);
  const first = await s.api("activity?limit=50", { member: "adam" });
  assert.equal(first.status, 200);
  assert.ok(first.data.entries.length < 50 && first.data.older, `a short page that goes on: ${first.data.entries.length} entries, older ${first.data.older}`);
  const admin = await s.all("activity", "entries", "adam", 50);
  const owner = await s.all("activity", "entries", "olivia", 100);
  assert.equal(owner.filter((e) => e.member === "sam" && e.seq > since).length, 1050);
  assert.deepEqual(
    admin.map((e) => e.seq),
    owner.filter((e) => e.number !== "sales" && e.member !== "sam").map((e) => e.seq),
    "every entry the admin may read, once, in order",
  );
  assert.equal(admin.filter((e) => e.action === "chats.reply" && e.seq >= since).length, 2, "both replies, before and after the flood");
});

test("signing in and out are in the log, once each, in the account's words", async () => {
  await reset();
  const version = (await s.api("state", { member: "olivia" })).data.version;
  const cookie = await s.signIn("bea");
  assert.equal((await s.api("state", { headers: { cookie } })).status, 200);
  const out = await s.api("session", { method: "DELETE", headers: { cookie } });
  assert.equal(out.status, 200);
  // The same cookie again: no session, no change, nothing logged.
  assert.equal((await s.api("session", { method: "DELETE", headers: { cookie } })).status, 200);
  assert.equal((await s.api("session", { method: "POST", body: { member: "nobody" } })).status, 401);
  const log = (await s.api("activity?limit=10", { member: "olivia" })).data.entries;
  const bea = log.filter((e) => e.member === "bea").map((e) => [e.action, e.code, e.allowed, e.number, e.version]);
  assert.deepEqual(bea, [
    ["session.sign_out", "done", true, null, version],
    ["session.sign_in", "done", true, null, version],
  ]);
  assert.ok(!log.some((e) => e.member === "nobody"), "a refused sign-in names no member of the account");
});

test("outside demo mode: no reset, and no sign-in by picking a member; sessions made by the sign-in work", async () => {
  const env = pg ? storage : { TEAMGATE_DATA_DIR: dataDir() };
  // A session in the database, as your authentication would make it.
  const demo = await startServer(env);
  const cookie = await demo.signIn("olivia");
  await demo.stop();
  const prod = await startServer({ ...env, TEAMGATE_DEMO: "0" });
  try {
    for (const r of [await prod.api("sign-in"), await prod.api("session", { method: "POST", body: { member: "olivia" } })]) {
      assert.equal(r.status, 404, JSON.stringify(r.data));
      assert.equal(r.data.code, "no_sign_in");
      assert.match(r.data.message, /demo mode \(TEAMGATE_DEMO=1\)/);
      assert.match(r.data.hint, /session::sign_in/);
    }
    assert.equal((await prod.api("state", { headers: { cookie } })).status, 200, "a session made by the sign-in works");
    assert.equal((await prod.api("reset", { method: "POST", headers: { cookie } })).status, 404);
    assert.equal((await prod.api("session", { method: "DELETE", headers: { cookie } })).status, 200);
    assert.equal((await prod.api("state", { headers: { cookie } })).status, 401, "signed out");
  } finally {
    await prod.stop();
  }
});

test("a restart keeps versions, edits, chats, messages, sessions and the log", async () => {
  const env = pg ? storage : { TEAMGATE_DATA_DIR: dataDir() };
  let a = await startServer(env);
  await a.api("reset", { method: "POST", member: "olivia" });
  const saved = await a.edit("numbers/main/permissions", "adam", { role: "agent", action: "chats.delete", scopes: ["mine"] });
  assert.equal(saved.status, 200);
  assert.equal((await a.api("numbers/main/chats/1/reply", { method: "POST", member: "adam", body: { text: "kept" } })).status, 200);
  const cookie = await a.session("adam");
  await a.stop();
  a = await startServer(env);
  try {
    const st = (await a.api("state", { headers: { cookie } })).data;
    assert.equal(st.version, saved.data.version, "the version survives, and never goes back; so does the session");
    assert.deepEqual(st.policy.numbers.find((n) => n.id === "main").team_permissions, { agent: { "chats.delete": ["mine"] } });
    assert.deepEqual((await a.api("numbers/main/chats/1", { member: "adam" })).data.messages[0].text, "kept");
    assert.ok((await a.api("activity", { member: "adam" })).data.entries.length >= 2);
    // An old page's stale edit after the restart: 409.
    const stale = await a.api("numbers/main/permissions", { method: "POST", member: "adam", body: { role: "agent", action: "chats.read", scopes: ["mine"], version: saved.data.version - 1 } });
    assert.equal(stale.status, 409);
  } finally {
    await a.stop();
  }
});

test("an edit's preview (?dry=1) and its saved answer say what it does, only what the editor may read", async () => {
  await reset();
  const version = (await s.api("state", { member: "adam" })).data.version;
  const body = { role: "agent", action: "chats.delete", scopes: ["mine"], version };
  const dry = await s.api("numbers/main/permissions?dry=1", { method: "POST", member: "adam", body });
  assert.equal(dry.status, 200);
  assert.equal(dry.data.allowed, true);
  const lines = dry.data.effect.summary;
  assert.ok(lines.includes("Alex (Agent) on +34 600 000 001 loses “Delete chats” for unassigned chats and others' chats"), lines.join("\n"));
  assert.ok(lines.includes("Agent on +34 600 000 001 loses “Delete chats” for unassigned chats and others' chats"), lines.join("\n"));
  assert.equal(dry.data.effect.grantsAccess, false);
  assert.deepEqual(dry.data.effect.members.map((c) => c.member).sort(), ["alex", "bea"]);
  assert.equal((await s.api("state", { member: "adam" })).data.version, version, "a preview saves nothing");
  // A supervisor may edit agents (S004.7) but not read who is in the team:
  // the roles' changes only, nobody named.
  const sara = await s.api("numbers/main/permissions?dry=1", { method: "POST", member: "sara", body });
  assert.equal(sara.status, 200);
  assert.deepEqual(sara.data.effect.members, []);
  assert.ok(!JSON.stringify(sara.data).includes("alex"), "no member's id in the answer");
  assert.deepEqual(sara.data.effect.summary, ["Agent on +34 600 000 001 loses “Delete chats” for unassigned chats and others' chats"]);
  // Saved: the same effect in the answer and, in words, in the activity log.
  const saved = await s.api("numbers/main/permissions", { method: "POST", member: "adam", body });
  assert.equal(saved.status, 200);
  assert.deepEqual(saved.data.effect.summary, lines);
  const log = (await s.api("activity?limit=3", { member: "adam" })).data.entries;
  const entry = log.find((e) => e.code === "saved");
  assert.equal(entry.detail, `agent chats.delete → [mine]: ${lines.join("; ")}`);
  // A denial is logged in the engine's words.
  const denied = await s.api("console/billing.payment?number=main", { method: "POST", member: "alex" });
  assert.equal(denied.status, 403);
  const last = (await s.api("activity?limit=1", { member: "adam" })).data.entries[0];
  assert.deepEqual([last.code, last.detail], ["role_lacks_action", denied.data.message]);
  // A refused edit: what was asked and why, in words.
  const refused = await s.api("numbers/main/permissions", { method: "POST", member: "sara", body: { role: "admin", action: "chats.read", scopes: ["mine"], version: saved.data.version } });
  assert.equal(refused.status, 403);
  const why = (await s.api("activity?limit=1", { member: "adam" })).data.entries[0];
  assert.equal(why.detail, `admin chats.read → [mine]: refused: ${refused.data.message}`);
});

test("a dry run (?dry=1) decides and changes and logs nothing, allowed or refused, on every write that takes it; ?dry is 0 or 1", async () => {
  await reset();
  assert.equal((await s.edit("numbers/main/permissions", "adam", { role: "agent", action: "chats.reply", scopes: ["mine"] })).status, 200);
  const newest = async () => (await s.api("activity?limit=1", { member: "olivia" })).data.entries[0].seq;
  const { version } = (await s.api("state", { member: "olivia" })).data;
  // From the list: opening a chat is logged.
  const chat3 = async () => (await s.api("numbers/main/chats", { member: "olivia" })).data.chats.find((c) => c.id === 3).messageCount;
  for (const member of ["adam", "bea"]) await s.api("state", { member }); // signed in (a sign-in is logged)
  const [seq, messages] = [await newest(), await chat3()];
  const dry = (path, member, body) => s.api(`${path}${path.includes("?") ? "&" : "?"}dry=1`, { method: "POST", member, body });
  const cases = [
    // [what, answer, status, code]
    ["a reply to one's own chat", await dry("numbers/main/chats/3/reply", "bea", { text: "hi" }), 200, "granted_by_role"],
    ["a reply to another's chat", await dry("numbers/main/chats/4/reply", "bea", { text: "hi" }), 403, "restricted_in_number"],
    ["a new chat", await dry("numbers/main/chats", "adam"), 200, "granted_by_role"],
    ["a console action", await dry("console/numbers.reboot?number=main", "adam"), 200, "granted_by_role"],
    ["a console action the role lacks", await dry("console/billing.payment?number=main", "bea"), 403, "role_lacks_action"],
    ["an edit", await dry("numbers/main/permissions", "adam", { role: "agent", action: "chats.delete", scopes: ["mine"], version }), 200, undefined],
    ["an edit the role may not make", await dry("numbers/main/permissions", "bea", { role: "agent", action: "chats.delete", scopes: ["mine"], version }), 403, undefined],
    ["a stale edit", await dry("numbers/main/permissions", "adam", { role: "agent", action: "chats.delete", scopes: ["mine"], version: version - 1 }), 409, "stale_version"],
    ["a plan the account does not fit on", await dry("plan", "olivia", { plan: "basic", version }), 409, "limit_reached"],
    ["a new role the role may not create", await dry("roles", "bea", { role: { id: "custom_1", rank: 5, grants: ["files.view"] }, version }), 403, undefined],
  ];
  for (const [what, r, status, code] of cases) {
    assert.equal(r.status, status, `${what}: ${JSON.stringify(r.data)}`);
    if (code) assert.equal(r.data.code, code, what);
    if (status === 200) assert.equal(r.data.allowed, true, what);
  }
  assert.equal(await newest(), seq, "no dry run is in the log, allowed or refused");
  assert.equal((await s.api("state", { member: "olivia" })).data.version, version, "no dry run saved an edit");
  assert.equal(await chat3(), messages, "no dry run wrote a message");
  // Anything but 0 or 1 is refused, never read as either.
  for (const [value, found] of [["2", "`2`"], ["true", "`true`"], ["", "nothing"], ["01", "`01`"]]) {
    const r = await s.api(`console/numbers.reboot?number=main&dry=${value}`, { method: "POST", member: "adam" });
    assert.equal(r.status, 400, value);
    assert.deepEqual([r.data.path, r.data.message], ["query.dry", `expected 0 or 1, found ${found}`]);
  }
  assert.equal(await newest(), seq);
  assert.equal((await s.api("console/numbers.reboot?number=main&dry=0", { method: "POST", member: "adam" })).status, 200);
  assert.equal((await s.api("activity?limit=1", { member: "olivia" })).data.entries[0].action, "numbers.reboot", "?dry=0 does it");
});

test("an edit that would break one of the account's invariants is refused with the counterexample, and logged", async () => {
  const { writeFileSync, mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const rules = join(mkdtempSync(join(tmpdir(), "teamgate-rules-")), "rules.json");
  writeFileSync(rules, JSON.stringify({ invariants: [{ name: "supervisors read every chat", always: { roles: ["supervisor"], actions: ["chats.read"] } }] }));
  const own = await startServer({ ...storage, ...(pg ? {} : { TEAMGATE_DATA_DIR: dataDir() }), TEAMGATE_INVARIANTS: rules });
  try {
    assert.equal((await own.api("reset", { method: "POST", member: "olivia" })).status, 200);
    const version = (await own.api("state", { member: "adam" })).data.version;
    const body = { role: "supervisor", action: "chats.read", scopes: ["mine"], version };
    for (const path of ["numbers/main/permissions?dry=1", "numbers/main/permissions"]) {
      const r = await own.api(path, { method: "POST", member: "adam", body });
      assert.equal(r.status, 409, path);
      assert.equal(r.data.code, "invariant_broken");
      assert.equal(r.data.invariant, "supervisors read every chat");
      assert.deepEqual(r.data.counterexample, { plan: "premium", number: "main", role: "supervisor", action: "chats.read", scope: "pending", code: "restricted_in_number", explanation: r.data.counterexample.explanation });
      assert.match(r.data.message, /^“supervisors read every chat” would no longer hold: broken in \d+ of \d+ cases, first: role `supervisor` in number `main` on plan `premium`: denied `chats.read` \(pending\) \(restricted_in_number\)$/);
    }
    assert.equal((await own.api("state", { member: "adam" })).data.version, version, "nothing saved");
    const last = (await own.api("activity?limit=1", { member: "adam" })).data.entries[0];
    assert.equal(last.code, "invariant_broken");
    // Edits that keep the rule go through.
    assert.equal((await own.api("numbers/main/permissions", { method: "POST", member: "adam", body: { ...body, role: "agent" } })).status, 200);
  } finally {
    own.stop();
  }
});

test("every endpoint of docs/server.md's API table exists, with its method", async () => {
  const { readFileSync } = await import("node:fs");
  const { root } = await import("./server.mjs");
  const doc = readFileSync(`${root}docs/server.md`, "utf8");
  const table = doc.slice(doc.indexOf("## The API"), doc.indexOf("## Settings"));
  const rows = [...table.matchAll(/^\| (GET|POST|DELETE) \| `\/api\/([^`]*)` \|(.*)$/gm)].map((m) => [m[1], m[2], m[3]]);
  assert.ok(rows.length >= 17, `the table's rows: ${rows.length}`);
  const fill = { number: "main", id: "1", verb: "read", action: "files.view" };
  for (const [method, template, rest] of rows) {
    const path = template.replace(/\{(\w+)\}/g, (_, k) => fill[k]);
    // Writes only decide where the table says they take `?dry=1` (and must
    // take it); the console and reset as an agent, refused.
    const dry = rest.includes("`?dry=1`");
    const query = [path.startsWith("console") && "number=main", dry && "dry=1"].filter(Boolean).join("&");
    assert.ok(dry || method !== "POST" || /^(session|reset)$/.test(path), `${method} ${path}: a write the table gives no ?dry=1`);
    const cookie = await s.signIn(path === "reset" || path.startsWith("console") ? "alex" : "olivia");
    const body = path === "session" ? JSON.stringify({ member: "adam" }) : undefined;
    const ctl = new AbortController();
    const res = await fetch(`${s.base}api/${path}${query && `?${query}`}`, { method, headers: { cookie, origin: s.base.slice(0, -1), ...(body && { "content-type": "application/json" }) }, body, signal: ctl.signal });
    const answer = res.headers.get("content-type")?.startsWith("application/json") ? await res.json() : null;
    ctl.abort();
    assert.notEqual(res.status, 405, `${method} ${path}`);
    if (dry) assert.notEqual(answer?.path, "query.dry", `${method} ${path}: ?dry=1 refused: ${JSON.stringify(answer)}`);
    assert.notEqual(res.status, 401, `${method} ${path}`);
    assert.ok(!(res.status === 404 && answer?.message === "no such endpoint"), `${method} ${path}: ${JSON.stringify(answer)}`);
  }
  // And the table leaves out nothing the router has (the load runs' ungated twins aside).
  const routes = readFileSync(`${root}www/server/src/routes.rs`, "utf8");
  const routed = [...routes.matchAll(/\.route\(\s*"\/([^"]+)",\s*((?:get|post|delete)\([^)]*\)(?:\s*\.(?:get|post|delete)\([^)]*\))*)/g)]
    .filter((m) => !m[1].startsWith("bench/"))
    .flatMap((m) => [...m[2].matchAll(/(get|post|delete)\(/g)].map((x) => `${x[1].toUpperCase()} ${m[1]}`));
  assert.deepEqual(routed.sort(), rows.map(([m, p]) => `${m} ${p}`).sort());
});

test("docs/server.md's settings are what the server reads, with its defaults; a wrong value stops the start, named", async () => {
  const { readFileSync, readdirSync } = await import("node:fs");
  const { spawnSync } = await import("node:child_process");
  const { root, serverBin } = await import("./server.mjs");
  const doc = readFileSync(`${root}docs/server.md`, "utf8");
  const table = doc.slice(doc.indexOf("## Settings"), doc.indexOf("## The server at scale"));
  const rows = new Map([...table.matchAll(/^\| `([A-Z_]+)` \| ([^|]+) \|/gm)].map((m) => [m[1], m[2].trim()]));
  const dir = `${root}www/server/src`;
  const files = readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith(".rs"));
  // What the server runs: each file up to its test module (tests read their own variables).
  const source = files.map((f) => readFileSync(`${dir}/${f}`, "utf8").split(/#\[cfg\(test\)\]\s*mod tests\b/)[0]).join("\n");
  const read = new Set([...source.matchAll(/(?:env::var|whole)\(\s*"([A-Z_]+)"/g)].map((m) => m[1]));
  assert.deepEqual([...rows.keys()].sort(), [...read].sort(), "the table names every variable the server reads, and no other");
  // The numeric defaults, as the source has them.
  for (const m of source.matchAll(/whole\(\s*"([A-Z_]+)",\s*([\d_* ]+),/g)) {
    const value = m[2].split("*").map((x) => Number(x.trim().replaceAll("_", ""))).reduce((a, b) => a * b, 1);
    assert.match(rows.get(m[1]), new RegExp(`^\`${value}\``), `${m[1]}'s default`);
  }
  for (const name of ["TEAMGATE_DB_WAIT_MS", "TEAMGATE_HEADER_TIMEOUT_MS", "TEAMGATE_MAX_CONNECTIONS", "TEAMGATE_SESSION_IDLE_SECS", "TEAMGATE_SESSIONS_PER_MEMBER"]) {
    const r = spawnSync(serverBin, [], { env: { ...process.env, PORT: "0", TEAMGATE_DATA_DIR: dataDir(), [name]: "soon" }, encoding: "utf8", timeout: 20_000 });
    assert.notEqual(r.status, 0, name);
    assert.match(r.stderr, new RegExp(`${name} must be a whole number`), r.stderr);
  }
  // The idle-connection hint docs/server.md quotes is the default timeout's.
  const hint = /`Keep-Alive: (timeout=\d+)`/.exec(readFileSync(`${root}docs/server.md`, "utf8"))[1];
  for (const res of [await s.api("sign-in"), await s.api("state"), await s.api("no/such")]) assert.equal(res.headers.get("keep-alive"), hint);
});
