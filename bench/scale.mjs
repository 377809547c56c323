// The scale run of the reference server: a database filled by
// `teamgate-demo generate` (10,000 accounts, 1,000,000 chats, 5,000,000
// messages: one account, `big`, holds most chats in one number; `small`
// holds 1,000), then, per role, the inbox's list page and one chat (p50,
// p99), gated and with the decision left out (TEAMGATE_BENCH=1), reply
// throughput with 50 writers, and the server's memory — on SQLite, and on
// PostgreSQL when TEAMGATE_TEST_DATABASE_URL names one. Loopback only,
// bounded in requests and time.
//   node bench/scale.mjs                 SQLite, full size (several minutes)
//   bash scripts/with-postgres.sh node bench/scale.mjs     SQLite, then PostgreSQL
//   node bench/scale.mjs --smoke         small sizes, every step once (the test command)
//   ... --only sqlite | --only postgres  one database
// Prints a Markdown table per database and checks the goals: list p99 at
// the big account <= 1.5x at the small one, gated <= 1.05x ungated, memory
// flat. Needs the server built (scripts/build-demo.sh).
import { spawnSync } from "node:child_process";
import { serverBin, dataDir, startServer } from "../www/e2e/server.mjs";
import { interleaved } from "./load.mjs";
import { publish } from "./publish.mjs";

const smoke = process.argv.includes("--smoke");
const SIZE = smoke ? { accounts: 20, chats: 5_000, messages: 20_000 } : { accounts: 10_000, chats: 1_000_000, messages: 5_000_000 };
const REQUESTS = smoke ? 40 : 2_000;
const CONCURRENCY = 16;
const WRITERS = 50;
const REPLIES = smoke ? 100 : 5_000;
const ROLES = { owner: "olivia", admin: "adam", supervisor: "sara", agent: "alex" };

/** Fills a fresh database: its environment for the server. */
function generate(env) {
  const t0 = Date.now();
  const r = spawnSync(serverBin, ["generate", "--accounts", `${SIZE.accounts}`, "--chats", `${SIZE.chats}`, "--messages", `${SIZE.messages}`], {
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`generate failed: ${r.stderr}`);
  console.log(`# ${r.stdout.trim()} (${((Date.now() - t0) / 1000).toFixed(0)} s with the server's start)`);
}

/** `REQUESTS` GETs of each of `paths`, interleaved (bench/load.mjs): `{ p50, p99 }` per path. */
const measure = (server, cookie, ...paths) => interleaved({ base: server.base, cookie, paths, requests: REQUESTS, concurrency: CONCURRENCY });

/** One database: generate, start, measure; returns the table rows and the goals' figures. */
async function run(name, env) {
  generate(env);
  const server = await startServer({ ...env, TEAMGATE_BENCH: "1" });
  const rows = [];
  const goals = { listRatio: 0, gateRatios: [], rss: [] };
  try {
    const rss0 = server.rssMb();
    for (const account of ["small", "big"]) {
      for (const [role, member] of Object.entries(ROLES)) {
        const cookie = await server.signIn(member, account);
        // The chats this member may open: an agent reads only pending chats and its own.
        const first = await server.api("numbers/main/chats?limit=50", { headers: { cookie } });
        const ids = first.data.chats.map((c) => c.id);
        if (role === "agent" && !first.data.chats.every((c) => c.scope === "pending" || c.scope === "mine")) throw new Error("the agent's list holds what it may not read");
        if (ids.length === 0) throw new Error(`${account}/${member}: an empty list`);
        await measure(server, cookie, () => "numbers/main/chats"); // warm-up
        const [list, ungated] = await measure(server, cookie, () => "numbers/main/chats", () => "bench/ungated/numbers/main/chats");
        const [one] = await measure(server, cookie, (i) => `numbers/main/chats/${ids[i % ids.length]}?limit=20`);
        rows.push(`| ${name} | ${account} | ${role} | ${list.p50.toFixed(2)} / ${list.p99.toFixed(2)} | ${ungated.p50.toFixed(2)} / ${ungated.p99.toFixed(2)} | ${(list.p50 / ungated.p50).toFixed(2)} | ${one.p50.toFixed(2)} / ${one.p99.toFixed(2)} |`);
        goals[account] = { ...(goals[account] ?? {}), [role]: list };
        goals.gateRatios.push(list.p50 / ungated.p50);
      }
      goals.rss.push(server.rssMb());
    }
    for (const role of Object.keys(ROLES)) goals.listRatio = Math.max(goals.listRatio, goals.big[role].p99 / goals.small[role].p99);
    // Reply throughput: 50 writers (each its own session) on the big account's chats.
    const cookies = await Promise.all(Array.from({ length: WRITERS }, () => server.signIn("adam", "big")));
    let sent = 0;
    const t0 = performance.now();
    await Promise.all(
      cookies.map(async (cookie, w) => {
        while (sent < REPLIES) {
          const i = sent++;
          const id = 1 + ((w * 7919 + i * 104729) % 1000);
          const r = await server.api(`numbers/main/chats/${id}/reply`, { method: "POST", headers: { cookie }, body: { text: `load ${i}` } });
          if (r.status !== 200) throw new Error(`reply: ${r.status} ${JSON.stringify(r.data)}`);
        }
      }),
    );
    const perSecond = REPLIES / ((performance.now() - t0) / 1000);
    goals.rss.push(server.rssMb());
    rows.push(`| ${name} | big | admin, ${WRITERS} writers | reply throughput: ${perSecond.toFixed(0)} replies/s | | | |`);
    rows.push(`| ${name} | | | server RSS: ${rss0.toFixed(1)} MB at start, ${goals.rss.map((x) => x.toFixed(1)).join(" / ")} MB after small / big / replies | | | |`);
  } finally {
    await server.stop();
  }
  return { name, rows, goals };
}

const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : null;
const results = [];
if (only !== "postgres") results.push(await run("SQLite", { TEAMGATE_DATA_DIR: dataDir() }));
const pg = process.env.TEAMGATE_TEST_DATABASE_URL;
if (pg && only !== "sqlite") {
  // A database of its own on the throwaway server.
  const u = new URL(pg);
  const psql = (sql) => spawnSync("psql", ["-h", u.hostname, "-p", u.port, "-U", u.username, "-d", u.pathname.slice(1), "-c", sql], { encoding: "utf8" });
  psql("DROP DATABASE IF EXISTS teamgate_scale");
  const made = psql("CREATE DATABASE teamgate_scale");
  if (made.status !== 0) throw new Error(made.stderr);
  u.pathname = "/teamgate_scale";
  results.push(await run("PostgreSQL", { DATABASE_URL: u.toString() }));
}

const lines = [
  `One run of \`${process.argv.slice(1).map((a) => a.replace(/.*\/bench\//, "bench/")).join(" ")}\`${pg ? " under scripts/with-postgres.sh" : ""}: ${SIZE.accounts} accounts, ${SIZE.chats} chats, ${SIZE.messages} messages; ${REQUESTS} requests per measurement, ${CONCURRENCY} at a time; times in ms, p50 / p99.`,
  "",
  "| database | account | role | list page (gated) | list page (ungated) | gated / ungated (p50) | one chat |",
  "|---|---|---|---|---|---|---|",
  ...results.flatMap((r) => r.rows),
  "",
];
for (const { name, goals: g } of results) {
  const flat = Math.max(...g.rss) - Math.min(...g.rss);
  const ratios = [...g.gateRatios].sort((a, b) => a - b);
  const median = ratios[Math.floor(ratios.length / 2)];
  lines.push(`- ${name}: list p99 big / small ${g.listRatio.toFixed(2)} (goal <= 1.5); gated / ungated p50 median ${median.toFixed(2)} over the ${ratios.length} rows, from ${ratios[0].toFixed(2)} to ${ratios.at(-1).toFixed(2)} (goal <= 1.05); RSS spread ${flat.toFixed(1)} MB`);
}
console.log(`\n${lines.join("\n")}`);
if (!smoke) publish("SCALE.md", "The server at scale", "node bench/scale.mjs", lines.join("\n"));
