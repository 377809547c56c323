// A bounded load run of the reference server on loopback: a fixed number of
// requests (or a time cap) per endpoint, a fixed concurrency, one signed-in
// member; requests per second and p99 latency for a gated list and a gated
// action, side by side with the same endpoints without the decision
// (TEAMGATE_BENCH=1 adds those), so that the gate's cost is a ratio.
//   node bench/server.mjs            the full run (prints a Markdown table)
//   node bench/server.mjs --smoke    a few requests per endpoint
// Needs the server built (scripts/build-demo.sh).
import { startServer } from "../www/e2e/server.mjs";

const smoke = process.argv.includes("--smoke");
const REQUESTS = smoke ? 200 : 5_000;
const CONCURRENCY = 16;
const CAP_MS = smoke ? 5_000 : 30_000;

const server = await startServer({ TEAMGATE_BENCH: "1" });
const cookie = await server.session("olivia");

async function run(method, path) {
  const url = `${server.base}api/${path}`;
  const latencies = [];
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < REQUESTS && performance.now() - start < CAP_MS) {
      next += 1;
      const t = performance.now();
      const res = await fetch(url, { method, headers: { cookie } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${method} ${path}: ${res.status}`);
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { n: latencies.length, rps: latencies.length / seconds, p99: latencies[Math.floor(latencies.length * 0.99)] };
}

const rows = [];
try {
  for (const [what, gated, ungated, method] of [
    ["list the chats of a number", "numbers/main/chats", "bench/ungated/numbers/main/chats", "GET"],
    ["a console action", "console/team.add_members?number=main", "bench/ungated/console/team.add_members", "POST"],
  ]) {
    await run(method, gated); // warm-up
    const g = await run(method, gated);
    const u = await run(method, ungated);
    rows.push(`| ${what} | ${g.rps.toFixed(0)} | ${g.p99.toFixed(2)} ms | ${u.rps.toFixed(0)} | ${u.p99.toFixed(2)} ms | ${(g.rps / u.rps).toFixed(2)} |`);
  }
} finally {
  await server.stop();
}
console.log(`Loopback, SQLite, ${CONCURRENCY} concurrent clients, ${REQUESTS} requests per row (cap ${CAP_MS / 1000} s):\n`);
console.log("| endpoint | gated req/s | gated p99 | ungated req/s | ungated p99 | gated / ungated |");
console.log("|---|---|---|---|---|---|");
for (const r of rows) console.log(r);
