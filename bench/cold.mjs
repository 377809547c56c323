// One cold start, in a fresh process: import + instantiate + build the model
// + first check, and the memory that setup leaves behind (JS heap after a full
// GC, external memory: array buffers and wasm linear memory, and the
// process's resident set).
// Prints one JSON line. Usage: node --expose-gc bench/cold.mjs ENGINE
// The harness (engines.mjs, which imports no engine itself) is loaded before
// the clock for every engine alike: what is timed is the engine's own import.
import { ENGINES, modelFrom } from "./engines.mjs";

const name = process.argv[2];
const gc = globalThis.gc ?? (() => {});
let model = null;
if (!name.startsWith("teamgate")) {
  // The model is data the other engines receive; building it is not timed.
  // (teamgate's engines build their gates themselves: importing teamgate
  // here would load its wasm before the clock starts.)
  const { Gate } = await import("../pkg/node.js");
  model = modelFrom(new Gate());
}
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
