// Node entry: the same API, with the wasm loaded synchronously on import so
// that `import { Gate } from "teamgate"` is ready to use at once. The wasm
// comes inside a JS module (teamgate_wasm_bytes.js, base64, made by
// scripts/build-pkg.sh), not read from a path: server bundles (Next.js,
// Nitro, webpack, esbuild) carry it like any other module.
import { initSync } from "./index.js";
import wasm from "./teamgate_wasm_bytes.js";

initSync(Buffer.from(wasm, "base64"));

export * from "./index.js";
