// Side-by-side benchmark of teamgate and its peers, in one run (each engine
// timed in a process of its own, bench/timed.mjs):
//   node bench/run.mjs           full run; writes bench/RESULTS.md
//   node bench/run.mjs --smoke   checks that every engine gives identical
//                                answers and that each measurement runs (seconds)
// Needs pkg/ (scripts/build-pkg.sh) and `npm ci` in bench/.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { downloadSize } from "../js/download-size.mjs";
import { ENGINES, modelFrom, decisionSet, ownLoop, screenRequests } from "./engines.mjs";
import { medianMs } from "./harness.mjs";
import { Gate, memoryBytes } from "../pkg/node.js";
import { effectOf, runTests, verify } from "../pkg/review-node.js";
import { publish } from "./publish.mjs";

const smoke = process.argv.includes("--smoke");
const here = fileURLToPath(new URL(".", import.meta.url));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const reference = new Gate();
const model = modelFrom(reference);
const requests = decisionSet(reference, smoke ? 2_000 : 10_000);
const expected = requests.map(([r, a, s]) => reference.can(r, a, s));

// 1. Every engine gives identical answers.
const built = {};
for (const [name, engine] of Object.entries(ENGINES)) {
  if (engine.coldOnly) continue; // its cold start and memory only (section 3)
  const e = await engine.build(model);
  const answers = e.prepare ? e.prepare(requests).map(e.checkPrepared) : requests.map(([r, a, s]) => e.check(r, a, s));
  const wrong = answers.findIndex((x, i) => x !== expected[i]);
  if (wrong >= 0) throw new Error(`${name} disagrees on ${JSON.stringify(requests[wrong])}: ${answers[wrong]} vs ${expected[wrong]}`);
  built[name] = e;
}
console.log(`all ${Object.keys(built).length} engines agree on ${requests.length} decisions (${expected.filter(Boolean).length} allowed)`);

// 2. ns per check (median of rounds); each task runs the whole decision set.
// Each engine in a fresh process of its own (bench/timed.mjs: no engine is
// timed through code another trained), on the same model and requests (one
// file for it and for the cold starts); the screens below in this process.
const timing = [];
const dataFile = join(mkdtempSync(join(tmpdir(), "teamgate-bench-")), "data.json");
writeFileSync(dataFile, JSON.stringify({ model, requests }));
// The cold starts read the model alone (bench/cold.mjs says why).
const modelFile = join(dirname(dataFile), "model.json");
writeFileSync(modelFile, JSON.stringify({ model, requests: [] }));
for (const name of Object.keys(built)) {
  const out = execFileSync(process.execPath, [join(here, "timed.mjs"), name, dataFile, ...(smoke ? ["--smoke"] : [])], { encoding: "utf8" });
  const { ns, perRun } = JSON.parse(out.trim().split("\n").at(-1));
  timing.push({ name, ns, perRun });
}
// A whole screen: 50 chats × 7 chat actions for one role, in one batch call.
const screen = screenRequests(reference);
const prepared = built.teamgate.gate.prepare(screen);
const screens = [
  ["teamgate prepare(screen).run(): 350 decisions, one wasm call", () => prepared.run()],
  ["teamgate canMany(screen): 350 decisions on strings", () => built.teamgate.batch(screen)],
  ["teamgate capabilities(role): every decision of a role (shared until an update)", () => built.teamgate.gate.capabilities("agent")],
];
for (const [name, fn] of screens) {
  timing.push({ name, ns: (await medianMs(name, fn, smoke)) * 1e6, perRun: 1 });
}

// 3. Cold start: import + instantiate + build the model + first check, fresh processes.
const coldRuns = smoke ? 1 : 7;
const cold = {};
for (const name of Object.keys(ENGINES)) {
  const ms = [];
  for (let i = 0; i < coldRuns; i++) {
    ms.push(JSON.parse(execFileSync(process.execPath, ["--expose-gc", join(here, "cold.mjs"), name, modelFile], { encoding: "utf8" }).trim().split("\n").at(-1)));
  }
  cold[name] = { ms: median(ms.map((x) => x.ms)), heap: median(ms.map((x) => x.heap)), external: median(ms.map((x) => x.external)), rss: median(ms.map((x) => x.rss)) };
}

rmSync(dirname(dataFile), { recursive: true, force: true });

// 4. Bytes a browser downloads: an esbuild bundle of a tiny page using each engine (+ its wasm).
const sizes = {};
const entries = {
  teamgate: `import { init, Gate } from ${JSON.stringify(join(here, "../pkg/index.js"))}; await init(); console.log(new Gate().can("agent","chats.read","mine"));`,
  "teamgate/lite (decision-only, default preset embedded)": `import { init, Gate } from ${JSON.stringify(join(here, "../pkg/lite.js"))}; await init(); console.log(new Gate().can("agent","chats.read","mine"));`,
  "CASL 7 (@casl/ability)": `import { createMongoAbility } from "@casl/ability"; console.log(createMongoAbility([{action:"read",subject:"mine"}]).can("read","mine"));`,
  "accesscontrol 3": `import { AccessControl } from "accesscontrol"; console.log(new AccessControl({a:{r:{"read:any":["*"]}}}).can("a").readAny("r").granted);`,
  "casbin 5": `import * as casbin from "casbin"; console.log(casbin.newModelFromString);`,
  "Cedar 4 (@cedar-policy/cedar-wasm), pre-parsed": `import init, { isAuthorized } from "@cedar-policy/cedar-wasm/web"; await init(); console.log(isAuthorized);`,
};
const wasmOf = {
  teamgate: join(here, "../pkg/teamgate_wasm_bg.wasm"),
  "teamgate/lite (decision-only, default preset embedded)": join(here, "../pkg/teamgate_lite_bg.wasm"),
  "Cedar 4 (@cedar-policy/cedar-wasm), pre-parsed": join(here, "node_modules/@cedar-policy/cedar-wasm/web/cedar_wasm_bg.wasm"),
};
for (const [name, code] of Object.entries(entries)) {
  try {
    sizes[name] = await downloadSize({ page: code, resolveDir: here, nodePaths: [join(here, "node_modules")], wasm: wasmOf[name] });
  } catch (err) {
    sizes[name] = { error: err.errors?.[0]?.text ?? String(err.message || err).split("\n")[0] };
  }
}

// 5. Scaling: load time and check time with 10 … 1,000 custom roles and 50 / 500 actions.
const scaling = [];
for (const nActions of smoke ? [50] : [50, 500]) {
  for (const nRoles of smoke ? [10] : [10, 100, 1000]) {
    const actions = Array.from({ length: nActions }, (_, i) => ({ id: `s${i % 10}.v${i}`, scoped: i % 2 === 0 }));
    const roles = Array.from({ length: nRoles }, (_, i) => ({ id: `r${i}`, rank: 10 + (i % 500), grants: actions.filter((_, k) => (k + i) % 3 === 0).map((a) => a.id) }));
    const doc = { version: 1, id: "scale", scopes: ["pending", "mine", "others"], actions, roles };
    const text = JSON.stringify(doc);
    // Load time: median of 5 loads (the first one also warms the JIT up).
    const loads = [];
    let g = null;
    for (let k = 0; k < (smoke ? 1 : 5); k++) {
      if (g !== null) g.dispose();
      const t0 = performance.now();
      g = new Gate(text);
      loads.push(performance.now() - t0);
    }
    const load = median(loads);
    const reqs = Array.from({ length: 10_000 }, (_, i) => [`r${(i * 7) % nRoles}`, actions[(i * 13) % nActions].id, actions[(i * 13) % nActions].scoped ? "mine" : undefined]);
    // Its own copy of the loop per policy, one warm-up pass (JIT, first
    // asks), then the median of rounds.
    const loop = ownLoop({ check: (r, a, s) => g.can(r, a, s) }, reqs);
    loop();
    const rounds = [];
    for (let k = 0; k < (smoke ? 1 : 15); k++) {
      const t1 = performance.now();
      loop();
      rounds.push(((performance.now() - t1) * 1e6) / reqs.length);
    }
    const ns = median(rounds);
    scaling.push({ nRoles, nActions, loadMs: load, ns, wasm: memoryBytes() });
    g.dispose();
  }
}

// 6. Reviewing a change (teamgate/review): the preview, the preset's policy
// tests, and invariants proved over every case, on the default preset and
// on 1,000 roles × 500 actions. Median of 5 (smoke: 1).
const reviewing = [];
{
  const timeIt = (f) => {
    const times = [];
    let out;
    for (let k = 0; k < (smoke ? 1 : 5); k++) {
      const t0 = performance.now();
      out = f();
      times.push(performance.now() - t0);
    }
    return { ms: median(times), out };
  };
  const presetRules = JSON.parse(readFileSync(join(here, "../examples/policy-review/rules.json"), "utf8"));
  const presetTests = readFileSync(join(here, "../presets/team-inbox.tests.json"), "utf8");
  const inbox = new Gate();
  const restricted = new Gate(inbox);
  restricted.setTeamPermission("admin", "main", "agent", "chats.read", ["pending", "mine"]);
  const nActions = 500;
  const nRoles = smoke ? 50 : 1000;
  const actions = Array.from({ length: nActions }, (_, i) => ({ id: `s${i % 10}.v${i}`, scoped: i % 2 === 0 }));
  const roles = Array.from({ length: nRoles }, (_, i) => ({ id: `r${i}`, rank: 10 + (i % 500), grants: actions.filter((_, k) => (k + i) % 3 === 0).map((a) => a.id) }));
  const doc = { version: 1, id: "scale", scopes: ["pending", "mine", "others"], actions, roles };
  const big = new Gate(JSON.stringify(doc));
  roles[0].grants = [...roles[0].grants, actions[1].id];
  const bigAfter = new Gate(JSON.stringify(doc));
  const bigRules = {
    invariants: [
      { name: "nobody holds s1.v1 in others' chats", never: { actions: ["s1.*"], scopes: ["others"] } },
      { name: "r0 holds what it is granted", always: { roles: ["r0"] }, unless: ["role_lacks_action", "scope_not_granted"] },
      { name: "every role, every action, every scope", never: { roles: ["r999"].filter(() => !smoke), actions: ["*"] } },
    ],
  };
  const rows = [
    ["team-inbox", "effectOf (a restriction)", () => effectOf(inbox, restricted).roles.length],
    ["team-inbox", "runTests (its 92 seed cases)", () => runTests(inbox, presetTests).passed],
    ["team-inbox", "verify (5 rules)", () => verify(inbox, presetRules).reduce((n, r) => n + r.cases, 0)],
    [`${nRoles} roles × ${nActions} actions`, "effectOf (one grant more)", () => effectOf(big, bigAfter).roles.length],
    [`${nRoles} roles × ${nActions} actions`, `verify (${bigRules.invariants.length} rules)`, () => verify(big, bigRules).reduce((n, r) => n + r.cases, 0)],
  ];
  for (const [policy, what, f] of rows) {
    const { ms, out } = timeIt(f);
    reviewing.push({ policy, what, ms, out });
  }
  for (const g of [inbox, restricted, big, bigAfter]) g.dispose();
}

// Report.
const version = (p) => {
  try {
    return JSON.parse(readFileSync(join(here, "node_modules", p, "package.json"), "utf8")).version;
  } catch {
    return "";
  }
};
const kb = (n) => (n === undefined ? "—" : `${(n / 1024).toFixed(1)} KB`);
const floor = timing.find((t) => t.name.startsWith("JS bitmask")).ns;
const mapFloor = timing.find((t) => t.name.startsWith("JS Map")).ns;
let md = `| engine | ns per check (median) | × JS Map | × bitmask | cold start (median of ${coldRuns}) | memory after setup: JS heap / external / RSS added | browser download gzip / brotli |\n|---|---|---|---|---|---|---|\n`;
// The engines in their order (one timed cold only has no figure per check), then the screens.
const rows = [...Object.keys(ENGINES).map((name) => timing.find((t) => t.name === name) ?? { name, ns: undefined, perRun: 0 }), ...timing.filter((t) => !(t.name in ENGINES))];
for (const t of rows) {
  const name = t.name;
  const e = ENGINES[name];
  const s = sizes[name];
  const v = e?.pkg && e.pkg !== "teamgate" ? ` ${version(e.pkg)}` : "";
  const c = cold[name];
  const screenRow = t.perRun === 1;
  const timed = t.ns !== undefined;
  const ns = !timed ? "(timed cold only)" : screenRow ? `${(t.ns / 1000).toFixed(2)} µs per call` : t.ns < 100 ? t.ns.toFixed(1) : Math.round(t.ns).toLocaleString("en");
  md += `| ${name}${v} | ${ns} | ${screenRow || !timed ? "" : (t.ns / mapFloor).toFixed(2)} | ${screenRow || !timed ? "" : (t.ns / floor).toFixed(1)} | ${c ? `${c.ms.toFixed(1)} ms` : ""} | ${c ? `${kb(c.heap)} / ${kb(c.external)} / ${kb(c.rss)}` : ""} | ${s ? (s.error ? `n/a (${s.error.slice(0, 40)})` : `${kb(s.gzip)} / ${kb(s.brotli)}`) : "—"} |\n`;
}
md += `\nScaling (teamgate, one process): load = \`new Gate(jsonText)\` (median of 5), check = \`can\` with strings (median of 15 passes over 10,000 requests).\n\n| custom roles | actions | load | ns per check | wasm memory |\n|---|---|---|---|---|\n`;
for (const s of scaling) md += `| ${s.nRoles} | ${s.nActions} | ${s.loadMs.toFixed(1)} ms | ${s.ns.toFixed(1)} | ${kb(s.wasm)} |\n`;
md += `\nReviewing a change (\`teamgate/review\`, Node; median of 5; each call hands the gates over as snapshots):\n\n| policy | what | time | cases / changes / passed |\n|---|---|---|---|\n`;
for (const r of reviewing) md += `| ${r.policy} | ${r.what} | ${r.ms.toFixed(1)} ms | ${r.out.toLocaleString("en")} |\n`;
// 7. The same engines and decisions in headless Chromium (bench/page.mjs).
let chromium = null;
try {
  const { runInChromium, table } = await import("./browser.mjs");
  chromium = await runInChromium({ smoke });
  md += `\nThe same decision set in headless Chromium (\`node bench/browser.mjs\`; a fresh page for each engine; fast engines only: the casbin and Cedar packages used here are Node builds):\n\n${table(chromium)}`;
} catch (err) {
  if (smoke) throw err;
  md += `\nHeadless Chromium run skipped: ${String(err.message || err).split("\n")[0]}\n`;
}
const machine = `${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, Node ${process.version}`;
md += `\nMachine: ${machine}. Bitmask floor: ${floor.toFixed(1)} ns. Command: \`node bench/run.mjs\`.\n`;

// 7. The goals, each against this run's figures (met or missed, by how much).
const LITE = "teamgate/lite (decision-only, default preset embedded)";
const CASL = "CASL 7 (@casl/ability)";
const nsOf = (name) => timing.find((t) => t.name === name)?.ns;
const inChromium = (name) => chromium?.rows.find((r) => r.name === name)?.ns;
const chromiumMap = chromium?.rows.find((r) => r.name.startsWith("JS Map"))?.ns;
const big = scaling.find((x) => x.nRoles === 1000 && x.nActions === 500);
const goals = [
  ["`can` with strings, `teamgate`, Node", nsOf("teamgate") / mapFloor, 1.0, "× JS Map"],
  ["`can` with strings, `teamgate/lite`, Node", nsOf(LITE) / mapFloor, 1.0, "× JS Map"],
  ["`can` with strings, `teamgate`, headless Chromium", chromium ? inChromium("teamgate") / chromiumMap : undefined, 1.0, "× JS Map"],
  ["`can` with strings, `teamgate/lite`, headless Chromium", chromium ? inChromium(LITE) / chromiumMap : undefined, 1.0, "× JS Map"],
  ["`can` with strings against CASL, Node", nsOf("teamgate") / nsOf(CASL), 0.5, "× CASL"],
  ["`resolve` + `canIds`", nsOf("teamgate, ids resolved once (resolve + canIds)") / floor, 3, "× the bitmask"],
  ["a 350-decision screen, `prepare(screen).run()`", nsOf("teamgate prepare(screen).run(): 350 decisions, one wasm call") / 1000, 10, "µs"],
  ["a 350-decision screen, `canMany`", nsOf("teamgate canMany(screen): 350 decisions on strings") / 1000, 10, "µs"],
  ["cold start of `teamgate/lite` against CASL's (fresh Node process)", cold[LITE]?.ms / cold[CASL]?.ms, 1.0, "× CASL"],
  ["RSS added by import + first check, `teamgate/lite` against CASL's", cold[LITE]?.rss / cold[CASL]?.rss, 1.5, "× CASL"],
  ["loading 1,000 roles × 500 actions", big?.loadMs, 20, "ms"],
  ["`teamgate/lite` download, bundle + wasm, brotli", sizes[LITE]?.brotli / 1024, 20, "KB"],
  ["`teamgate` download, bundle + wasm, brotli", sizes.teamgate?.brotli / 1024, 50, "KB"],
];
// The goals table is also published on its own (bench/GOALS.md), for the README.
let goalsMd = `| goal | at most | this run | |\n|---|---|---|---|\n`;
for (const [what, value, limit, unit] of goals) {
  const shown = value === undefined || Number.isNaN(value) ? "not measured" : `${value.toFixed(2)} ${unit}`;
  const verdict = value === undefined || Number.isNaN(value) ? "" : value <= limit ? "met" : `missed by ${((value / limit - 1) * 100).toFixed(0)}%`;
  goalsMd += `| ${what} | ${limit} ${unit} | ${shown} | ${verdict} |\n`;
}
const WASM_FLOOR = "wasm floor: the bitmask in a module with one JS import";
const NO_IMPORT = "wasm floor without its JS import (control)";
const rssOf = (name) => (cold[name]?.rss / cold[CASL]?.rss).toFixed(2);
goalsMd += `\nFor scale, the wasm floor (no engine at all) against CASL's in this run: cold start ${(cold[WASM_FLOOR]?.ms / cold[CASL]?.ms).toFixed(2)} ×, RSS added ${rssOf(WASM_FLOOR)} × (the same module without its one JS import: ${rssOf(NO_IMPORT)} ×).\n`;
md += `\nThe goals, in this run:\n\n${goalsMd}`;
console.log(md);
if (!smoke) {
  publish("RESULTS.md", "Benchmark results", "node bench/run.mjs", md);
  publish("GOALS.md", "Benchmark goals", "node bench/run.mjs", `${goalsMd}\nMachine: ${machine}. Command: \`node bench/run.mjs\`.\n`);
} else {
  console.log("bench smoke: 1 passed, 0 failed");
}
