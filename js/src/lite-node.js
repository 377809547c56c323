// Node entry of teamgate/lite: the same API, with the wasm loaded
// synchronously on import.
import { readFileSync } from "node:fs";
import { initSync } from "./lite.js";

initSync(readFileSync(new URL("./teamgate_lite_bg.wasm", import.meta.url)));

export * from "./lite.js";
