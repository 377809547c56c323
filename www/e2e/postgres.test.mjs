// Several server processes on one PostgreSQL: they all come up together on
// an empty database (migrations under sqlx's advisory lock, seeding in one
// transaction), stay consistent (an edit through one reaches pages of the
// other: LISTEN/NOTIFY, then Server-Sent Events; a stale edit on either is
// 409), lose no write or log entry made through both at once, and come
// out of a flood on a slow database with their connections whole. Runs
// when TEAMGATE_TEST_DATABASE_URL names a database (scripts/with-postgres.sh).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { serverBin, sixTogether, startServer } from "./server.mjs";
import { slowLink } from "./slow-link.mjs";

const url = process.env.TEAMGATE_TEST_DATABASE_URL;
let a;
let b;

/** A URL of a fresh, empty database on the same server. */
async function emptyDatabase(name) {
  const admin = await startServer({ DATABASE_URL: url });
  await admin.stop();
  const { spawnSync } = await import("node:child_process");
  const u = new URL(url);
  const psql = (sql) => spawnSync("psql", ["-h", u.hostname, "-p", u.port, "-U", u.username, "-d", u.pathname.slice(1), "-v", "ON_ERROR_STOP=1", "-c", sql], { encoding: "utf8" });
  psql(`DROP DATABASE IF EXISTS ${name}`);
  const made = psql(`CREATE DATABASE ${name}`);
  assert.equal(made.status, 0, made.stderr);
  u.pathname = `/${name}`;
  return u.toString();
}

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

test("six processes started together on an empty database all come up, and seed it once", { skip: !url && "no TEAMGATE_TEST_DATABASE_URL" }, async () => {
  await sixTogether(async (round) => ({ DATABASE_URL: await emptyDatabase(`teamgate_empty_${round}`) }));
});

test("a server the database refuses stops at start, with the database's reason", { skip: !url && "no TEAMGATE_TEST_DATABASE_URL" }, async () => {
  const { spawnSync } = await import("node:child_process");
  const u = new URL(url);
  u.username = "nobody_here";
  const started = Date.now();
  const run = spawnSync(serverBin, [], { env: { ...process.env, PORT: "0", DATABASE_URL: u.toString() }, encoding: "utf8", timeout: 30000 });
  assert.equal(run.status, 1, run.stderr);
  assert.match(run.stderr, /role "nobody_here" does not exist/);
  assert.ok(Date.now() - started < 10000, "it does not wait out the opening time");
});

test("writes and denials through two processes at once: all kept, all logged", { skip: !url && "no TEAMGATE_TEST_DATABASE_URL" }, async () => {
  await a.api("reset", { method: "POST", member: "olivia" });
  const N = 100;
  const jobs = [];
  for (let i = 0; i < N; i++) {
    const server = i % 2 ? a : b;
    jobs.push(server.api("numbers/main/chats/1/reply", { method: "POST", member: "adam", body: { text: `p${i}` } }));
    jobs.push(server.api("console/billing.payment?number=main", { method: "POST", member: "alex" }));
  }
  const answers = await Promise.all(jobs);
  assert.equal(answers.filter((r) => r.status === 200).length, N);
  assert.equal(answers.filter((r) => r.status === 403).length, N);
  const texts = (await b.all("numbers/main/chats/1/messages", "messages", "adam")).map((m) => m.text);
  assert.equal(texts.filter((t) => /^p\d+$/.test(t)).length, N);
  // The log since the reset above (newest first, up to the reset's entry).
  const entries = [];
  let before = null;
  for (;;) {
    const page = await a.api(`activity?limit=100${before ? `&before=${before}` : ""}`, { member: "adam" });
    const at = page.data.entries.findIndex((e) => e.action === "reset");
    entries.push(...(at >= 0 ? page.data.entries.slice(0, at) : page.data.entries));
    before = page.data.older;
    if (at >= 0 || !before) break;
  }
  assert.equal(entries.filter((e) => e.member === "alex" && e.action === "billing.payment" && !e.allowed).length, N);
  assert.equal(entries.filter((e) => e.member === "adam" && e.action === "chats.reply" && e.allowed).length, N);
});

/**
 * Runs `body(f, link)` with a server `f` that reaches the database through
 * a relay (`./slow-link.mjs`), with `env` added to its settings.
 */
async function throughRelay(env, body, linkOptions) {
  const u = new URL(url);
  const link = await slowLink(u.hostname, Number(u.port), linkOptions);
  u.port = String(link.port);
  const f = await startServer({ DATABASE_URL: u.toString(), ...env });
  try {
    await body(f, link);
  } finally {
    await f.stop();
    await link.stop();
  }
}

/** The statuses of `n` reads through `f` one after another. */
async function reads(f, cookie, n) {
  const statuses = [];
  for (let i = 0; i < n; i++) {
    const r = await f.api("numbers/main/chats?limit=50", { headers: { cookie } });
    statuses.push(r.status);
  }
  return statuses;
}

/**
 * Every kind of request at once through `f`, as `member` (an owner or an
 * admin): lists, openings of chat 1 (logged), replies to it, sign-ins, the
 * state; each answer's status, and the texts sent.
 */
async function everyKind(f, member, label) {
  const cookie = await f.signIn(member);
  const texts = Array.from({ length: 15 }, (_, i) => `${label} ${i}`);
  const answers = await Promise.all([
    ...texts.map((text) => f.api("numbers/main/chats/1/reply", { method: "POST", headers: { cookie }, body: { text } })),
    ...Array.from({ length: 15 }, () => f.api("numbers/main/chats?limit=50", { headers: { cookie } })),
    ...Array.from({ length: 10 }, () => f.api("numbers/main/chats/1", { headers: { cookie } })),
    ...Array.from({ length: 5 }, () => f.api("state", { headers: { cookie } })),
    ...Array.from({ length: 5 }, () => f.signIn(member).then(() => ({ status: 200 }), (e) => ({ status: String(e) }))),
  ]);
  return { statuses: answers.map((r) => r.status), texts, cookie };
}

/** The texts of chat 1's last 100 messages, read through `f`. */
async function chatTexts(f, cookie) {
  const r = await f.api("numbers/main/chats/1/messages?limit=100", { headers: { cookie } });
  assert.equal(r.status, 200);
  return r.data.messages.map((m) => m.text);
}

test("a flood on a slow database: busy for what it cannot take in time, answered at once after it", { skip: !url && "no TEAMGATE_TEST_DATABASE_URL" }, async () => {
  // The server reaches the database through a relay where opening a
  // connection takes 60 ms, and longer with each one opened in the second
  // before (as on a loaded PostgreSQL), and lets a request wait 50 ms for a
  // connection: less than any opening takes, so no request may be the one
  // to open a connection. The server opens all of them before it answers
  // (when it answered first, the flood took the places sqlx needed to open
  // the rest, and the pool stayed short), and keeps them.
  await throughRelay({ TEAMGATE_DB_WAIT_MS: "50" }, async (f) => {
    const cookie = await f.signIn("adam");
    const flood = await Promise.all(
      Array.from({ length: 600 }, (_, i) =>
        i % 3 === 2
          ? f.api("numbers/main/chats?limit=50", { headers: { cookie } })
          : f.api("numbers/main/chats/1/reply", { method: "POST", headers: { cookie }, body: { text: `slow flood ${i}` } }),
      ),
    );
    assert.ok(flood.every((r) => r.status === 200 || (r.status === 503 && r.data.code === "busy")), `statuses: ${[...new Set(flood.map((r) => r.status))]}`);
    assert.ok(flood.some((r) => r.status === 503), "the flood is more than the database takes in 50 ms");
    // Afterwards the server's connections are all there: no request waits
    // on opening one (when a flood cut off every opening and closed pinged
    // connections, these were busy for seconds).
    assert.deepEqual(await reads(f, cookie, 20), Array(20).fill(200));
  }, { firstOpen: 60 });
});

test("connections the database drops are replaced, and no request fails for them: found while idle, or tried again", { skip: !url && "no TEAMGATE_TEST_DATABASE_URL" }, async () => {
  await throughRelay({}, async (f, link) => {
    const cookie = await f.signIn("adam");
    // Idle when they break: each second the server hands its idle
    // connections back to the pool, which pings them and replaces the broken.
    link.cut();
    await new Promise((r) => setTimeout(r, 3000));
    assert.deepEqual(await reads(f, cookie, 40), Array(40).fill(200));
    // Used at once, every one of the pool's 16 broken: a request handed a
    // broken connection finds it at its first statement (a read, a BEGIN),
    // which did nothing, and tries another; the broken one is replaced.
    link.cut();
    const { statuses, texts } = await everyKind(f, "adam", "after a cut");
    assert.deepEqual(statuses, Array(statuses.length).fill(200));
    const kept = await chatTexts(f, cookie);
    assert.deepEqual(texts.filter((t) => !kept.includes(t)), [], "every acknowledged reply is kept");
  });
});

test("PostgreSQL restarted under two servers: no request fails, no acknowledged write is lost", { skip: (!url || !process.env.TEAMGATE_TEST_PG_RESTART) && "no TEAMGATE_TEST_DATABASE_URL / TEAMGATE_TEST_PG_RESTART" }, async () => {
  const { execSync } = await import("node:child_process");
  for (const [server, member] of [[a, "adam"], [b, "olivia"]]) {
    // A real restart (pg_ctl restart -m fast): every session the servers
    // hold is ended by the database, idle or not.
    execSync(process.env.TEAMGATE_TEST_PG_RESTART, { stdio: "ignore" });
    const { statuses, texts, cookie } = await everyKind(server, member, `after a restart (${member})`);
    assert.deepEqual(statuses, Array(statuses.length).fill(200));
    const kept = await chatTexts(server, cookie);
    assert.deepEqual(texts.filter((t) => !kept.includes(t)), [], "every acknowledged reply is kept");
  }
});

test("a commit whose connection is lost is answered as unsettled, never as nothing done", { skip: !url && "no TEAMGATE_TEST_DATABASE_URL" }, async () => {
  await throughRelay({}, async (f, link) => {
    const cookie = await f.signIn("adam");
    const mark = (await a.api("activity?limit=1", { member: "adam" })).data.entries[0]?.seq ?? 0;
    // Lost before the database has the commit (it keeps nothing), and after
    // (it keeps the reply, but its answer never comes): the server cannot
    // tell these apart, and says so in both.
    for (const when of ["before", "after"]) {
      link.cutAtCommit(when);
      const r = await f.api("numbers/main/chats/1/reply", { method: "POST", headers: { cookie }, body: { text: `cut ${when} commit` } });
      assert.equal(r.status, 500);
      assert.equal(r.data.code, "unsettled");
      assert.match(r.data.message, /may or may not have been kept; reload/);
    }
    // The reply the database kept has its log entry, the lost one none (read
    // first: opening the messages below is logged too).
    const since = (await a.api("activity?limit=10", { member: "adam" })).data.entries.filter((e) => e.seq > mark);
    assert.deepEqual(
      since.map((e) => [e.member, e.action, e.chat, e.allowed]),
      [["adam", "chats.reply", 1, true]],
    );
    const texts = (await a.api("numbers/main/chats/1/messages?limit=100", { member: "adam" })).data.messages.map((m) => m.text);
    assert.ok(!texts.includes("cut before commit"), "a commit the database never had kept nothing");
    assert.ok(texts.includes("cut after commit"), "a commit the database had is kept");
  });
});

test("a version announced while a server's listening connection was down still reaches its pages", { skip: !url && "no TEAMGATE_TEST_DATABASE_URL" }, async () => {
  await a.api("reset", { method: "POST", member: "olivia" });
  await throughRelay({}, async (f, link) => {
    const page = await listen(f, "alex");
    let v = (await a.api("state", { member: "adam" })).data.version;
    await page.until(v);
    // The relay drops f's connections, its listening one too, and an edit
    // is saved through the other server meanwhile: once with the database
    // back at once (sqlx opens the listening connection again by itself),
    // once with it away for 1.5 s (the server opens it again, a second
    // after each failed try).
    const actions = ["chats.read", "chats.delete"];
    for (const downFor of [0, 1500]) {
      link.cut({ downFor });
      const saved = await a.api("numbers/main/permissions", { method: "POST", member: "adam", body: { role: "agent", action: actions.pop(), scopes: ["mine"], version: v } });
      assert.equal(saved.status, 200);
      await page.until(saved.data.version);
      v = saved.data.version;
    }
    page.close();
  });
});
