// Deno entry of teamgate/lite (the `deno` condition): the wasm inside a JS module
// (base64, decoded with atob: no Node globals needed), loaded synchronously
// on import.
import { initSync } from "./lite.js";
import wasm from "./teamgate_lite_bytes.js";

initSync(Uint8Array.from(atob(wasm), (c) => c.charCodeAt(0)));

export * from "./lite.js";
