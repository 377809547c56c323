// Event streams are bounded and give their memory back: a session keeps at
// most 4 (a new one ends its oldest), an account at most 256 (then 429),
// and thousands opened and closed leave the server's memory where it was.
// A stream lives no longer than its session.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { dataDir, startServer } from "./server.mjs";

let s;
before(async () => {
  // Thousands of streams from one member's sessions: more sessions than a
  // member keeps by default.
  s = await startServer({ TEAMGATE_SESSIONS_PER_MEMBER: "1000" });
});
after(() => s?.stop());

/** Opens an event stream of `server` with `cookie`; resolves once its first event came. */
async function open(cookie, server = s) {
  const controller = new AbortController();
  const res = await fetch(`${server.base}api/events`, { headers: { cookie }, signal: controller.signal });
  if (res.status !== 200) return { status: res.status, data: await res.json(), close() {} };
  const reader = res.body.getReader();
  const first = await reader.read();
  assert.match(new TextDecoder().decode(first.value), /event: version/);
  const later = []; // the versions sent after the first
  /** Resolves to true when the server ends the stream within `ms`. */
  const ended = (ms) =>
    Promise.race([
      (async () => {
        for (;;) {
          const { done, value } = await reader.read().catch(() => ({ done: true }));
          if (done) return true;
          for (const m of new TextDecoder().decode(value).matchAll(/^data: (\d+)$/gm)) later.push(Number(m[1]));
        }
      })(),
      new Promise((r) => setTimeout(() => r(false), ms)),
    ]);
  return { status: 200, ended, later, close: () => controller.abort() };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test("a session keeps at most 4 streams: a fifth ends the oldest", async () => {
  const cookie = await s.signIn("adam");
  const streams = [];
  for (let i = 0; i < 6; i++) streams.push(await open(cookie));
  assert.ok(streams.every((x) => x.status === 200));
  assert.equal(await streams[0].ended(2000), true, "the oldest ended");
  assert.equal(await streams[1].ended(2000), true, "the second oldest ended");
  assert.equal(await streams[5].ended(500), false, "the newest stays");
  for (const x of streams) x.close();
});

test("an account holds at most 256 streams; closed ones free their places", async () => {
  const cookies = await Promise.all(Array.from({ length: 70 }, () => s.signIn("sara")));
  const open1 = [];
  for (const cookie of cookies) for (let i = 0; i < 4; i++) open1.push(await open(cookie));
  const refused = open1.filter((x) => x.status === 429);
  assert.equal(open1.filter((x) => x.status === 200).length, 256);
  assert.equal(refused.length, 280 - 256);
  assert.equal(refused[0].data.code, "too_many_streams");
  for (const x of open1) x.close();
  // Once closed, the places are free again (the server notices at once or at its next keep-alive).
  let again;
  for (let i = 0; i < 30; i++) {
    await sleep(500);
    again = await open(cookies[0]);
    again.close();
    if (again.status === 200) break;
  }
  assert.equal(again.status, 200);
});

test("3,000 streams opened and closed give their memory back", async () => {
  const cookies = await Promise.all(Array.from({ length: 750 }, () => s.signIn("alex")));
  // One stream opened and closed first: what every server holds once it has served one.
  const warm = await open(cookies[0]);
  warm.close();
  await sleep(200);
  const before = s.rssMb();
  // The account cap is 256: open in waves, closing each wave before the next.
  let opened = 0;
  let peak = before;
  for (let wave = 0; wave < 12; wave++) {
    const group = [];
    for (let i = 0; i < 250; i++) group.push(await open(cookies[(wave * 250 + i) % cookies.length]));
    opened += group.filter((x) => x.status === 200).length;
    peak = Math.max(peak, s.rssMb());
    for (const x of group) x.close();
    for (let i = 0; i < 40; i++) {
      const probe = await open(cookies[0]);
      probe.close();
      if (probe.status === 200) break;
      await sleep(500);
    }
  }
  await sleep(1000);
  const afterMb = s.rssMb();
  console.log(`# ${opened} streams: RSS ${before.toFixed(1)} MB before, ${peak.toFixed(1)} MB at the peak, ${afterMb.toFixed(1)} MB after`);
  assert.equal(opened, 3000);
  assert.ok(afterMb < before + 5, `memory kept after the streams closed: ${before.toFixed(1)} -> ${afterMb.toFixed(1)} MB`);
});

test("a stream ends with its session: signed out, signed in again, expired, idle", async () => {
  // Signed out: that session's streams end at once; another session's stay.
  const [mine, other] = [await s.signIn("adam"), await s.signIn("adam")];
  const [a, b] = [await open(mine), await open(other)];
  assert.equal((await s.api("session", { method: "DELETE", headers: { cookie: mine } })).status, 200);
  assert.equal(await a.ended(1000), true, "signed out: its stream ended");
  assert.equal(await b.ended(300), false, "another session's stream stays");
  b.close();
  // Signed in again from the same browser: the old session ends, and its streams.
  const old = await s.signIn("adam");
  const c = await open(old);
  const again = await fetch(`${s.base}api/session`, { method: "POST", headers: { "content-type": "application/json", cookie: old }, body: JSON.stringify({ member: "adam" }) });
  assert.equal(again.status, 200);
  assert.equal(await c.ended(1000), true, "the replaced session's stream ended");
  // Expired (2 s after sign-in), and idle (1 s without a request: an open
  // stream is not a use): each stream ends on time though nothing is sent.
  for (const env of [{ TEAMGATE_SESSION_MAX_AGE_SECS: "2" }, { TEAMGATE_SESSION_IDLE_SECS: "1" }]) {
    const short = await startServer(env);
    try {
      const stream = await open(await short.signIn("adam"), short);
      assert.equal(await stream.ended(500), false, `${JSON.stringify(env)}: open while the session lives`);
      assert.equal(await stream.ended(3000), true, `${JSON.stringify(env)}: ended with its session`);
    } finally {
      await short.stop();
    }
  }
});

test("a session ended through another process sends its streams no further version", async () => {
  // Two processes on one SQLite file: signed out through the second, the
  // first's stream ends at the next version instead of receiving it.
  const dir = dataDir();
  const [one, two] = [await startServer({ TEAMGATE_DATA_DIR: dir }), await startServer({ TEAMGATE_DATA_DIR: dir })];
  try {
    const cookie = await one.signIn("adam");
    const stream = await open(cookie, one);
    assert.equal((await two.api("session", { method: "DELETE", headers: { cookie } })).status, 200);
    // (A stream checks its session at most once a second: the edit comes later.)
    assert.equal(await stream.ended(1200), false, "not known to the first process yet");
    const edit = await one.edit("numbers/main/permissions", "olivia", { role: "agent", action: "chats.delete", scopes: ["mine"] });
    assert.equal(edit.status, 200, JSON.stringify(edit.data));
    assert.equal(await stream.ended(2000), true, "ended at the next version");
    assert.deepEqual(stream.later, [], "and not sent it");
  } finally {
    await one.stop();
    await two.stop();
  }
});

test("two processes on one SQLite file: a version saved through one reaches the other's pages", async () => {
  const dir = dataDir();
  const [one, two] = [await startServer({ TEAMGATE_DATA_DIR: dir }), await startServer({ TEAMGATE_DATA_DIR: dir })];
  try {
    const stream = await open(await one.signIn("adam"), one);
    const edit = await two.edit("numbers/main/permissions", "olivia", { role: "agent", action: "chats.delete", scopes: ["mine"] });
    assert.equal(edit.status, 200, JSON.stringify(edit.data));
    // Each process looks at the file every second.
    assert.equal(await stream.ended(2500), false);
    assert.ok(stream.later.includes(edit.data.version), `sent ${JSON.stringify(stream.later)}, saved ${edit.data.version}`);
    stream.close();
  } finally {
    await one.stop();
    await two.stop();
  }
});
