// Connection floods against the reference server: clients that never finish
// a request's headers (slow-headers, "slowloris"), idle kept-alive
// connections, and more connections than the server keeps open at once.
// The server closes what sends no headers in time and keeps answering.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { connect } from "node:net";
import { startServer } from "./server.mjs";

const HEADER_TIMEOUT_MS = 1000;
const MAX_CONNECTIONS = 20;
let s;
before(async () => {
  s = await startServer({ TEAMGATE_HEADER_TIMEOUT_MS: `${HEADER_TIMEOUT_MS}`, TEAMGATE_MAX_CONNECTIONS: `${MAX_CONNECTIONS}` });
});
after(() => s?.stop());

/** `promise`, or Infinity after `ms` (so that a server that never closes fails an assertion, not the run). */
const within = (promise, ms) => Promise.race([promise, new Promise((r) => setTimeout(() => r(Infinity), ms))]);
const LONG = HEADER_TIMEOUT_MS * 8;

/**
 * A raw connection that sends `text` and then nothing: `answered` and
 * `closed` resolve to how long the server took to answer and to close it
 * (Infinity past LONG), `got()` is what it sent.
 */
function raw(text) {
  const { hostname, port } = new URL(s.base);
  const t0 = Date.now();
  const sock = connect(Number(port), hostname, () => sock.write(text));
  let got = "";
  sock.on("data", (d) => (got += d));
  sock.on("error", () => {});
  const answered = within(new Promise((resolve) => sock.once("data", () => resolve(Date.now() - t0))), LONG);
  const closed = within(new Promise((resolve) => sock.on("close", () => resolve(Date.now() - t0))), LONG);
  return { sock, answered, closed, got: () => got };
}

const time = async (f) => {
  const t0 = Date.now();
  const r = await f();
  return [r, Date.now() - t0];
};

test("connections that never finish their headers are closed, and the server answers meanwhile", async () => {
  const half = Array.from({ length: MAX_CONNECTIONS * 2 }, () => raw("GET /api/state HTTP/1.1\r\nHost: x\r\nX-Slow: "));
  // More stalled connections than the server keeps open: a request waits
  // for a place (one header timeout at most), then is answered.
  const [r, ms] = await time(() => within(s.api("sign-in"), LONG));
  assert.equal(r?.status, 200, `answered in ${ms} ms`);
  assert.ok(ms < HEADER_TIMEOUT_MS * 4, `answered in ${ms} ms`);
  const closedAfter = await Promise.all(half.map((c) => c.closed));
  for (const c of half) c.sock.destroy();
  for (const ms of closedAfter) assert.ok(ms < HEADER_TIMEOUT_MS * 6, `a stalled connection lived ${ms} ms`);
  assert.ok(Math.min(...closedAfter) >= HEADER_TIMEOUT_MS * 0.9, "none closed before its time");
});

test("a body that does not arrive in time is 408, and nothing is done", async () => {
  const cookie = await s.session("adam");
  const before = (await s.api("numbers/main/chats/1/messages?limit=100", { member: "adam" })).data.messages.length;
  const body = JSON.stringify({ text: "slow" });
  // The headers, and half of the body: then nothing.
  const slow = raw(`POST /api/numbers/main/chats/1/reply HTTP/1.1\r\nHost: x\r\nCookie: ${cookie}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`);
  const answered = await slow.answered;
  slow.sock.destroy();
  assert.ok(answered >= HEADER_TIMEOUT_MS * 0.9 && answered < HEADER_TIMEOUT_MS * 6, `answered after ${answered} ms`);
  assert.match(slow.got(), /^HTTP\/1.1 408/);
  assert.match(slow.got(), /"code":"timeout"/);
  const after = (await s.api("numbers/main/chats/1/messages?limit=100", { member: "adam" })).data.messages.length;
  assert.equal(after, before, "nothing was written");
  // A whole body in time is read as always; one over the limit is 413.
  assert.equal((await s.api("numbers/main/chats/1/reply", { method: "POST", member: "adam", body: { text: "in time" } })).status, 200);
  const big = await s.api("numbers/main/chats/1/reply", { method: "POST", member: "adam", raw: JSON.stringify({ text: "x".repeat(70_000) }) });
  assert.equal(big.status, 413);
  assert.equal(big.data.code, "too_large");
});

test("an idle kept-alive connection is closed after the header timeout; an event stream is not", async () => {
  const cookie = await s.session("adam");
  // One request, then nothing on the same connection.
  const idle = raw(`GET /api/state HTTP/1.1\r\nHost: x\r\nCookie: ${cookie}\r\n\r\n`);
  const lived = await idle.closed;
  idle.sock.destroy();
  assert.match(idle.got(), /^HTTP\/1.1 200/);
  assert.ok(lived >= HEADER_TIMEOUT_MS * 0.9 && lived < HEADER_TIMEOUT_MS * 6, `lived ${lived} ms`);
  // An event stream sends nothing after its request, and stays open.
  const ctl = new AbortController();
  const res = await fetch(`${s.base}api/events`, { headers: { cookie }, signal: ctl.signal });
  assert.equal(res.status, 200);
  const reader = res.body.getReader();
  await reader.read();
  await new Promise((r) => setTimeout(r, HEADER_TIMEOUT_MS * 2.5));
  const edit = await s.edit("numbers/main/permissions", "adam", { role: "agent", action: "chats.read", scopes: ["all"] });
  assert.equal(edit.status, 200);
  const next = await reader.read();
  assert.equal(next.done, false, "the stream is still open and brings the new version");
  ctl.abort();
});

test("each answer says when an idle connection closes, so a client reusing one at that moment is not refused", async () => {
  // Node's fetch keeps connections for reuse: without the hint it sends a
  // request into a connection the server is closing, and fails.
  const first = await s.api("sign-in");
  assert.equal(first.headers.get("keep-alive"), `timeout=${Math.floor(HEADER_TIMEOUT_MS / 1000)}`);
  for (const wait of [0.9, 0.95, 1, 1, 1.02, 1.05, 1.1, 1, 0.98, 1.01]) {
    await new Promise((r) => setTimeout(r, HEADER_TIMEOUT_MS * wait));
    assert.equal((await s.api("sign-in")).status, 200, `after ${HEADER_TIMEOUT_MS * wait} ms idle`);
  }
});

test("many connections at once, each with a request: every one answered", async () => {
  const answers = await Promise.all(Array.from({ length: MAX_CONNECTIONS * 5 }, () => fetch(`${s.base}api/sign-in`, { headers: { connection: "close" } }).then((r) => r.status)));
  assert.deepEqual([...new Set(answers)], [200]);
});

test("what HTTP itself cannot read gets hyper's empty answer, and the server goes on", async () => {
  const headers = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`x-h${i}`, "v"]));
  const many = await fetch(`${s.base}api/state`, { headers });
  assert.equal(many.status, 431);
  assert.equal(await many.text(), "");
  const garbage = raw("GARBAGE\r\n\r\n");
  await garbage.closed;
  garbage.sock.destroy();
  assert.match(garbage.got(), /^HTTP\/1.1 400/);
  assert.equal((await s.api("sign-in")).status, 200);
});
