// Edge entry of teamgate/lite (the `edge-light` condition: Vercel's edge
// runtime, Next.js middleware and edge routes): the wasm is imported as a
// WebAssembly.Module (`?module`, the way edge runtimes allow; they compile
// no wasm from bytes at run time) and loaded synchronously on import.
import { initSync } from "./lite.js";
import module from "./teamgate_lite_bg.wasm?module";

initSync(module);

export * from "./lite.js";
