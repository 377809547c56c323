// A bounded load run of the reference server on loopback: a fixed number of
// requests (or a time cap) per endpoint, a fixed concurrency, one signed-in
// member; p50 and p99 latency of a gated list and a gated action, side by
// side with the same endpoints without the decision (TEAMGATE_BENCH=1 adds
// those), their requests interleaved in one run so that the gate's cost is
// a ratio that drift on the machine does not bend.
//   node bench/server.mjs            the full run (prints a Markdown table)
//   node bench/server.mjs --smoke    a few requests per endpoint
// Needs the server built (scripts/build-demo.sh).
import { startServer } from "../www/e2e/server.mjs";
import { interleaved } from "./load.mjs";
import { publish } from "./publish.mjs";

const smoke = process.argv.includes("--smoke");
const REQUESTS = smoke ? 200 : 5_000;
const CONCURRENCY = 16;
const CAP_MS = smoke ? 5_000 : 30_000;

const server = await startServer({ TEAMGATE_BENCH: "1" });
const cookie = await server.session("olivia");

/** `REQUESTS` requests to each of `paths`, interleaved (bench/load.mjs), within `CAP_MS`. */
const run = (method, ...paths) =>
  interleaved({ base: server.base, cookie, method, paths: paths.map((p) => () => p), requests: REQUESTS, concurrency: CONCURRENCY, capMs: CAP_MS });

const rows = [];
try {
  for (const [what, gated, ungated, method] of [
    ["list the chats of a number", "numbers/main/chats", "bench/ungated/numbers/main/chats", "GET"],
    ["a console action", "console/team.add_members?number=main", "bench/ungated/console/team.add_members", "POST"],
  ]) {
    await run(method, gated); // warm-up
    const [g, u] = await run(method, gated, ungated);
    rows.push(`| ${what} | ${g.p50.toFixed(2)} / ${g.p99.toFixed(2)} ms | ${u.p50.toFixed(2)} / ${u.p99.toFixed(2)} ms | ${(g.p50 / u.p50).toFixed(2)} | ${g.rps.toFixed(0)} |`);
  }
} finally {
  await server.stop();
}
const report = [
  `Loopback, SQLite, ${CONCURRENCY} concurrent clients, ${REQUESTS} requests per row (cap ${CAP_MS / 1000} s):`,
  "",
  "| endpoint | gated p50 / p99 | ungated p50 / p99 | gated / ungated (p50) | req/s, both interleaved |",
  "|---|---|---|---|---|",
  ...rows,
].join("\n");
console.log(report);
if (!smoke) publish("SERVER.md", "The cost of the gate on the server", "node bench/server.mjs", report);
