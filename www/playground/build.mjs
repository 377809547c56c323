// Builds the playground into plain files (index.html, playground.js, the
// two wasm modules): `node www/playground/build.mjs [OUT]` (default
// www/playground/dist). The demo serves a copy at /playground/; any static
// host can serve the folder as it is.
import { build } from "../../js/node_modules/esbuild/lib/main.js";
import { cpSync, mkdirSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const pkg = here("../../pkg/");
const out = process.argv[2] ?? here("dist");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [here("playground.js")],
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: true,
  outfile: `${out}/playground.js`,
  alias: { teamgate: `${pkg}index.js`, "teamgate/review": `${pkg}review.js` },
  logLevel: "warning",
});
// The wasm modules next to the bundle: each entry's init() fetches its own
// file from beside the code (import.meta.url).
for (const f of ["teamgate_wasm_bg.wasm", "teamgate_review_bg.wasm"]) cpSync(`${pkg}${f}`, `${out}/${f}`);
for (const f of ["index.html", "playground.css"]) cpSync(here(f), `${out}/${f}`);
console.log(`playground: ${out}`);
