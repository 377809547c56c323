// Node entry of teamgate/lite: the same API, with the wasm loaded
// synchronously on import, from inside a JS module (base64), so that server
// bundles carry it (see node.js).
import { initSync } from "./lite.js";
import wasm from "./teamgate_lite_bytes.js";

initSync(Buffer.from(wasm, "base64"));

export * from "./lite.js";
