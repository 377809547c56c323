// Event streams are bounded and give their memory back: a session keeps at
// most 4 (a new one ends its oldest), an account at most 256 (then 429),
// and thousands opened and closed leave the server's memory where it was.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer } from "./server.mjs";

let s;
before(async () => {
  s = await startServer();
});
after(() => s?.stop());

/** Opens an event stream with `cookie`; resolves once its first event came. */
async function open(cookie) {
  const controller = new AbortController();
  const res = await fetch(`${s.base}api/events`, { headers: { cookie }, signal: controller.signal });
  if (res.status !== 200) return { status: res.status, data: await res.json(), close() {} };
  const reader = res.body.getReader();
  const first = await reader.read();
  assert.match(new TextDecoder().decode(first.value), /event: version/);
  /** Resolves to true when the server ends the stream within `ms`. */
  const ended = (ms) =>
    Promise.race([
      (async () => {
        for (;;) {
          const { done } = await reader.read().catch(() => ({ done: true }));
          if (done) return true;
        }
      })(),
      new Promise((r) => setTimeout(() => r(false), ms)),
    ]);
  return { status: 200, ended, close: () => controller.abort() };
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
