// Deno entry of teamgate (the `deno` condition): the wasm inside a JS module
// (base64, decoded with atob: no Node globals needed), loaded synchronously
// on import.
import { initSync } from "./index.js";
import wasm from "./teamgate_wasm_bytes.js";

initSync(Uint8Array.from(atob(wasm), (c) => c.charCodeAt(0)));

export * from "./index.js";
