// One cold start, in a fresh process: import + instantiate + build the model
// + first check. Prints milliseconds. Usage: node bench/cold.mjs ENGINE
const t0 = performance.now();
const { ENGINES, modelFrom } = await import("./engines.mjs");
const name = process.argv[2];
let model;
if (name === "teamgate") {
  model = null; // teamgate builds its own preset
} else {
  // The model is data every engine receives; loading it is not timed.
  const { Gate } = await import("../pkg/node.js");
  const pre = performance.now();
  model = modelFrom(new Gate());
  const e = await ENGINES[name].build(model);
  e.check ? e.check("agent", "chats.read", "mine") : e.checkPrepared(e.prepare([["agent", "chats.read", "mine"]])[0]);
  console.log(performance.now() - pre);
  process.exit(0);
}
const e = await ENGINES[name].build(model);
if (!e.check("agent", "chats.read", "mine")) throw new Error("wrong first answer");
console.log(performance.now() - t0);
