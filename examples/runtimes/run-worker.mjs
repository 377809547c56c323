// Runs dist/worker.js in workerd (miniflare), with the .wasm files beside it
// as the modules wrangler would upload, and asks it as two roles.
import { Miniflare } from "miniflare";
import { readFileSync } from "node:fs";

const wasm = (name) => ({ type: "CompiledWasm", path: name, contents: readFileSync(`node_modules/teamgate/${name}`) });
const mf = new Miniflare({
  modules: [{ type: "ESModule", path: "worker.js", contents: readFileSync("dist/worker.js", "utf8") }, wasm("teamgate_lite_bg.wasm"), wasm("teamgate_wasm_bg.wasm")],
  compatibilityDate: "2025-01-01",
});
const out = {};
for (const role of ["owner", "agent"]) {
  const res = await mf.dispatchFetch(`http://localhost/?role=${role}`);
  out[role] = { status: res.status, ...(await res.json()) };
}
await mf.dispose();
console.log(JSON.stringify(out));
