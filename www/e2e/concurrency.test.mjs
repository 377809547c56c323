// No acknowledged write is lost: many writers at once on one chat, one
// number and one log, counted afterwards. Runs on SQLite, and on
// PostgreSQL when TEAMGATE_TEST_DATABASE_URL names one (scripts/test.sh).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { dataDir, sixTogether, startAll, startServer } from "./server.mjs";

const pg = process.env.TEAMGATE_TEST_DATABASE_URL;
const storage = pg ? { DATABASE_URL: pg } : {};
let s;
before(async () => {
  s = await startServer(storage);
});
after(() => s?.stop());

const reset = async () => assert.equal((await s.api("reset", { method: "POST", member: "olivia" })).status, 200);

/** Runs `n` async jobs with at most `width` at a time; resolves to their results in order. */
async function pool(n, width, job) {
  const out = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await job(i);
      }
    }),
  );
  return out;
}

/** Every message of chat `id` in `number`, paging through them as `member` (on `server`, `s` unless named). */
async function allMessages(member, number, id, server = s) {
  return (await server.all(`numbers/${number}/chats/${id}/messages`, "messages", member)).map((m) => m.text);
}

/** How many allowed replies the log of `server` holds, paging through it as adam. */
async function loggedReplies(server) {
  return (await server.all("activity", "entries", "adam")).filter((e) => e.action === "chats.reply" && e.allowed).length;
}

test("50 writers x 100 replies to one chat: every acknowledged reply is kept", async () => {
  await reset();
  const WRITERS = 50;
  const EACH = 100;
  // Each writer its own session, as 50 browsers would be.
  const cookies = await Promise.all(Array.from({ length: WRITERS }, () => s.signIn("adam")));
  const t0 = Date.now();
  const statuses = await Promise.all(
    cookies.map(async (cookie, w) => {
      const got = [];
      for (let i = 0; i < EACH; i++) {
        const r = await s.api("numbers/main/chats/1/reply", { method: "POST", headers: { cookie }, body: { text: `w${w} r${i}` } });
        got.push(r.status);
      }
      return got;
    }),
  );
  const acknowledged = statuses.flat().filter((x) => x === 200).length;
  console.log(`# ${acknowledged} replies acknowledged in ${Date.now() - t0} ms`);
  assert.equal(acknowledged, WRITERS * EACH, `statuses: ${[...new Set(statuses.flat())]}`);
  const texts = await allMessages("adam", "main", 1);
  assert.equal(texts.length, WRITERS * EACH + 1, "every reply and the customer's first message");
  assert.equal(new Set(texts).size, texts.length);
  for (let w = 0; w < WRITERS; w++) {
    // Each writer's replies, in the order it sent them.
    const mine = texts.filter((t) => t.startsWith(`w${w} `)).reverse();
    assert.deepEqual(mine, Array.from({ length: EACH }, (_, i) => `w${w} r${i}`));
  }
  const chat = await s.api("numbers/main/chats/1", { member: "adam" });
  assert.equal(chat.data.messageCount, WRITERS * EACH + 1);
  // Each acknowledged reply has its entry in the log.
  assert.equal(await loggedReplies(s), WRITERS * EACH);
});

test("a flood the database cannot take in time: 503 busy with Retry-After, nothing done by those, nothing lost of the rest", async () => {
  // A server that lets a request wait 50 ms for a database connection.
  const f = await startServer({ ...storage, TEAMGATE_DB_WAIT_MS: "50" });
  try {
    assert.equal((await f.api("reset", { method: "POST", member: "olivia" })).status, 200);
    const cookies = [];
    for (let i = 0; i < 20; i++) cookies.push(await f.signIn("adam"));
    const repliesBefore = await loggedReplies(f);
    const N = 600;
    const isList = (i) => i % 3 === 2;
    const answers = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        isList(i)
          ? f.api("numbers/main/chats?limit=50", { headers: { cookie: cookies[i % 20] } })
          : f.api("numbers/main/chats/1/reply", { method: "POST", headers: { cookie: cookies[i % 20] }, body: { text: `flood ${i}` } }),
      ),
    );
    for (const r of answers) {
      assert.ok(r.status === 200 || r.status === 503, `status ${r.status}: ${JSON.stringify(r.data)}`);
      if (r.status === 503) {
        assert.equal(r.data.code, "busy");
        assert.equal(r.headers.get("retry-after"), "1");
      }
    }
    const busy = answers.filter((r) => r.status === 503).length;
    console.log(`# flood: ${N - busy} answered, ${busy} busy`);
    assert.ok(busy > 0, "the flood is more than the database takes in 50 ms");
    // Afterwards: the acknowledged replies are there, each once, and no refused one.
    const acknowledged = answers.flatMap((r, i) => (!isList(i) && r.status === 200 ? [`flood ${i}`] : []));
    const texts = (await allMessages("adam", "main", 1, f)).filter((t) => t.startsWith("flood "));
    assert.deepEqual(texts.sort(), acknowledged.sort());
    // ... and logged once each (the log outlives a reset: counted before and after).
    assert.equal((await loggedReplies(f)) - repliesBefore, acknowledged.length);
  } finally {
    await f.stop();
  }
});

test("chats started in parallel: each gets its own id, and every one exists", async () => {
  await reset();
  const N = 200;
  const started = await pool(N, 40, () => s.api("numbers/main/chats", { method: "POST", member: "sara" }));
  assert.ok(started.every((r) => r.status === 200), `statuses: ${[...new Set(started.map((r) => r.status))]}`);
  const ids = started.map((r) => r.data.id);
  assert.equal(new Set(ids).size, N);
  const listed = new Set();
  let after = null;
  do {
    const page = await s.api(`numbers/main/chats?scope=mine&limit=100${after ? `&after=${after}` : ""}`, { member: "sara" });
    for (const c of page.data.chats) listed.add(c.id);
    after = page.data.next;
  } while (after);
  for (const id of ids) assert.ok(listed.has(id), `chat ${id} is listed`);
});

test("parallel denials: every one is in the log", async () => {
  await reset();
  const N = 200;
  const denied = await pool(N, 50, () => s.api("console/billing.payment?number=main", { method: "POST", member: "alex" }));
  assert.ok(denied.every((r) => r.status === 403));
  const entries = (await s.all("activity", "entries", "adam")).filter((e) => e.member === "alex" && e.action === "billing.payment");
  assert.equal(entries.length, N);
  assert.ok(entries.every((e) => e.code === "role_lacks_action" && !e.allowed));
});

test("replies racing a reassignment: nothing is written on a chat the writer may no longer touch", async () => {
  await reset();
  // Agents may reply only to their own chats here.
  assert.equal((await s.edit("numbers/main/permissions", "adam", { role: "agent", action: "chats.reply", scopes: ["mine"] })).status, 200);
  // Chat 2 is alex's. While alex replies, the admin moves it away and back.
  const replies = [];
  const moves = [];
  for (let i = 0; i < 40; i++) {
    replies.push(s.api("numbers/main/chats/2/reply", { method: "POST", member: "alex", body: { text: `a${i}` } }));
    moves.push(s.api("numbers/main/chats/2/reassign", { method: "POST", member: "adam", body: { to: i % 2 ? "alex" : "bea" } }));
  }
  const answers = await Promise.all(replies);
  await Promise.all(moves);
  const accepted = answers.filter((r) => r.status === 200).length;
  assert.ok(answers.every((r) => [200, 403, 409].includes(r.status)), `statuses ${[...new Set(answers.map((r) => r.status))]}`);
  const texts = await allMessages("adam", "main", 2);
  assert.equal(texts.filter((t) => /^a\d+$/.test(t)).length, accepted, "exactly the acknowledged replies are there");
});

test("kill -9 in the middle of writing: every acknowledged reply is there after the restart", async () => {
  const env = pg ? storage : { TEAMGATE_DATA_DIR: dataDir() };
  const a = await startServer(env);
  await a.api("reset", { method: "POST", member: "olivia" });
  const cookies = await Promise.all(Array.from({ length: 20 }, () => a.signIn("adam")));
  const acknowledged = [];
  let stop = false;
  const writers = cookies.map(async (cookie, w) => {
    for (let i = 0; !stop; i++) {
      const text = `k${w}-${i}`;
      const r = await a.api("numbers/main/chats/1/reply", { method: "POST", headers: { cookie }, body: { text } }).catch(() => null);
      if (r?.status === 200) acknowledged.push(text);
      if (!r) return;
    }
  });
  await new Promise((r) => setTimeout(r, 1500));
  process.kill(a.pid, "SIGKILL");
  stop = true;
  await Promise.all(writers);
  await a.stop();
  assert.ok(acknowledged.length > 20, `only ${acknowledged.length} replies before the kill`);
  const b = await startServer(env);
  try {
    const texts = new Set(await allMessages("adam", "main", 1, b));
    const lost = acknowledged.filter((t) => !texts.has(t));
    console.log(`# ${acknowledged.length} replies acknowledged before kill -9, ${lost.length} lost`);
    assert.deepEqual(lost, []);
  } finally {
    await b.stop();
  }
});

test("six processes started together on an empty SQLite file all come up, and seed it once", { skip: pg ? "PostgreSQL: www/e2e/postgres.test.mjs" : false }, async () => {
  await sixTogether(() => ({ TEAMGATE_DATA_DIR: dataDir() }));
});

test("two server processes on one SQLite file, started together, writing at once: every acknowledged write kept once, with its entry", { skip: pg ? "PostgreSQL: www/e2e/postgres.test.mjs runs several processes" : false }, async () => {
  const env = { TEAMGATE_DATA_DIR: dataDir() };
  // Both start on an empty file at the same moment.
  const [a, b] = await startAll(2, env);
  try {
    assert.equal((await a.api("reset", { method: "POST", member: "olivia" })).status, 200);
    const WRITERS = 10;
    const EACH = 30;
    const servers = [a, b];
    const cookies = await Promise.all(Array.from({ length: WRITERS * 2 }, (_, w) => servers[w % 2].signIn("adam")));
    const answers = await Promise.all(
      cookies.map(async (cookie, w) => {
        const mine = [];
        for (let i = 0; i < EACH; i++) {
          const text = `p${w % 2}-w${w}-${i}`;
          const r = await servers[w % 2].api("numbers/main/chats/1/reply", { method: "POST", headers: { cookie }, body: { text } });
          mine.push([text, r.status]);
        }
        return mine;
      }),
    );
    const all = answers.flat();
    const statuses = new Set(all.map(([, status]) => status));
    assert.ok([...statuses].every((x) => x === 200 || x === 503), `statuses ${[...statuses]}`);
    const acknowledged = all.filter(([, status]) => status === 200).map(([text]) => text);
    console.log(`# ${acknowledged.length} of ${all.length} replies through two processes acknowledged`);
    assert.ok(acknowledged.length >= all.length * 0.9, `${acknowledged.length} of ${all.length} acknowledged`);
    for (const server of servers) {
      const texts = await allMessages("adam", "main", 1, server);
      const counted = new Map();
      for (const t of texts) counted.set(t, (counted.get(t) ?? 0) + 1);
      assert.deepEqual(acknowledged.filter((t) => counted.get(t) !== 1), [], "each acknowledged reply exactly once, read through either process");
      assert.deepEqual(texts.filter((t) => /^p\d-w/.test(t) && !acknowledged.includes(t)), [], "no refused reply written");
      // Each writer's replies in its order.
      for (let w = 0; w < WRITERS * 2; w++) {
        const order = texts.filter((t) => t.startsWith(`p${w % 2}-w${w}-`)).map((t) => Number(t.split("-")[2]));
        assert.deepEqual(order, [...order].sort((x, y) => y - x), `writer ${w}'s replies in order (newest first)`);
      }
      assert.equal(await loggedReplies(server), acknowledged.length, "each acknowledged reply logged once");
    }
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
});
