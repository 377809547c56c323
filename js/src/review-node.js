// Node entry of teamgate/review: the same API, with its wasm loaded
// synchronously on import, from inside a JS module (base64; see node.js).
import { initSync } from "./review.js";
import wasm from "./teamgate_review_bytes.js";

initSync(Buffer.from(wasm, "base64"));

export * from "./review.js";
