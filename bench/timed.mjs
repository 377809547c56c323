// One engine's ns per check, in a fresh process: its own copy of the loop
// over the decision set, in a tinybench of its own (at least one second and
// 5 passes after a warm-up; smoke: a few ms), the median pass. A process
// per engine, so that no engine is timed through code another engine's
// calls made polymorphic: `teamgate` and `teamgate/lite` share the
// package's JS wrapper (gate.js), and the one timed second ran through
// call sites the first had trained on its own tables.
// Prints one JSON line. Usage: node bench/timed.mjs ENGINE DATA.json [--smoke]
// DATA.json: { model, requests } from bench/run.mjs.
import { ENGINES, ownLoop } from "./engines.mjs";
import { medianMs, readData } from "./harness.mjs";

const [name, dataFile] = process.argv.slice(2);
const smoke = process.argv.includes("--smoke");
const data = readData(dataFile);
const engine = ENGINES[name];
const e = await engine.build(data.model);
const requests = data.requests.slice(0, engine.slow ? (smoke ? 20 : 500) : undefined);
const ms = await medianMs(name, ownLoop(e, requests), smoke);
console.log(JSON.stringify({ ns: (ms * 1e6) / requests.length, perRun: requests.length }));
