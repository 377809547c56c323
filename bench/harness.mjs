// What bench/run.mjs shares with the processes it starts (bench/timed.mjs,
// bench/cold.mjs), besides the engines: the data file they read, and a
// tinybench measurement. Node only (the Chromium page times with its own
// loop).
import { readFileSync } from "node:fs";

/** The model and requests bench/run.mjs wrote (JSON has no `undefined`: a console action's scope is null there). */
export function readData(file) {
  const data = JSON.parse(readFileSync(file, "utf8"));
  const unNull = (xs) => xs.map(([role, action, scope]) => [role, action, scope ?? undefined]);
  return { model: { ...data.model, rules: unNull(data.model.rules) }, requests: unNull(data.requests) };
}

/**
 * The median pass of `fn`, in ms: a tinybench of its own (Node 20's
 * deoptimizer crashed on one Bench holding several tasks), at least one
 * second and 5 passes after a warm-up (smoke: a few ms).
 */
export async function medianMs(name, fn, smoke) {
  const { Bench } = await import("tinybench");
  const bench = new Bench({ time: smoke ? 20 : 1000, warmupTime: smoke ? 10 : 200, iterations: 5, warmupIterations: 2 });
  bench.add(name, fn);
  await bench.run();
  const r = bench.tasks[0].result;
  return r.latency?.p50 ?? r.p50 ?? r.mean;
}
