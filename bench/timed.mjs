// One engine's ns per check, in a fresh process: its own copy of the loop
// over the decision set, in a tinybench of its own (at least one second and
// 5 passes after a warm-up; smoke: a few ms), the median pass. A process
// per engine, so that no engine is timed through code another engine's
// calls made polymorphic: `teamgate` and `teamgate/lite` share the
// package's JS wrapper (gate.js), and the one timed second ran through
// call sites the first had trained on its own tables.
// Prints one JSON line. Usage: node bench/timed.mjs ENGINE DATA.json [--smoke]
// DATA.json: { model, requests } from bench/run.mjs (JSON has no
// `undefined`: a console action's scope is null there).
import { readFileSync } from "node:fs";
import { Bench } from "tinybench";
import { ENGINES, ownLoop } from "./engines.mjs";

const [name, dataFile] = process.argv.slice(2);
const smoke = process.argv.includes("--smoke");
const data = JSON.parse(readFileSync(dataFile, "utf8"));
const unNull = (xs) => xs.map(([role, action, scope]) => [role, action, scope ?? undefined]);
const model = { ...data.model, rules: unNull(data.model.rules) };
const engine = ENGINES[name];
const e = await engine.build(model);
const requests = unNull(data.requests).slice(0, engine.slow ? (smoke ? 20 : 500) : undefined);
const bench = new Bench({ time: smoke ? 20 : 1000, warmupTime: smoke ? 10 : 200, iterations: 5, warmupIterations: 2 });
bench.add(name, ownLoop(e, requests));
await bench.run();
const r = bench.tasks[0].result;
const p50 = r.latency?.p50 ?? r.p50 ?? r.mean;
console.log(JSON.stringify({ ns: (p50 * 1e6) / requests.length, perRun: requests.length }));
