// Cloudflare Workers entry of teamgate/lite (the `workerd` condition): the wasm is
// imported as a module, as Workers require (they compile no wasm from bytes
// at run time; wrangler uploads the .wasm beside the script), and loaded
// synchronously on import: `import { Gate } from "teamgate/lite"` decides at the
// first request with nothing else to do.
import { initSync } from "./lite.js";
import module from "./teamgate_lite_bg.wasm";

initSync(module);

export * from "./lite.js";
