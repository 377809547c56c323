// Node entry: the same API, with the wasm loaded synchronously on import so
// that `import { Gate } from "teamgate"` is ready to use at once.
import { readFileSync } from "node:fs";
import { initSync } from "./index.js";

initSync(readFileSync(new URL("./teamgate_wasm_bg.wasm", import.meta.url)));

export * from "./index.js";
