// One cold start, in a fresh process: import + instantiate + build the model
// + first check, and the memory that setup leaves behind (JS heap after a full
// GC, external memory: array buffers and wasm linear memory, and the
// process's resident set).
// Prints one JSON line. Usage: node --expose-gc bench/cold.mjs ENGINE MODEL.json
// The harness (engines.mjs and harness.mjs, which import no engine) is loaded before
// the clock for every engine alike: what is timed is the engine's own import.
import { ENGINES } from "./engines.mjs";
import { readData } from "./harness.mjs";

const [name, dataFile] = process.argv.slice(2);
const gc = globalThis.gc ?? (() => {});
// The model is data the other engines receive (made by bench/run.mjs from
// teamgate's decisions): read from a file, so that no engine but the one
// measured is loaded in this process (teamgate's engines build their gates
// themselves). Every engine's process reads it alike, and the file holds the
// model only: with the 10,000 requests in it, parsing them grew the heap
// before the clock, and the engine measured then reused that memory, which
// hid a third to two thirds of its RSS (CASL: 0.6 MB added instead of 1.7).
const data = readData(dataFile);
const model = name.startsWith("teamgate") ? null : data.model;
gc();
const before = process.memoryUsage();
const t0 = performance.now();
const e = await ENGINES[name].build(model);
const first = e.check ? e.check("agent", "chats.read", "mine") : e.checkPrepared(e.prepare([["agent", "chats.read", "mine"]])[0]);
const ms = performance.now() - t0;
if (first !== true) throw new Error(`${name}: wrong first answer`);
gc();
const after = process.memoryUsage();
console.log(JSON.stringify({ ms, heap: after.heapUsed - before.heapUsed, external: after.external - before.external, rss: after.rss - before.rss, keep: e !== null }));
