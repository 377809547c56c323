// Reports the bytes a browser downloads for each entry of the package (the
// default preset included: it is embedded in the wasm), raw, gzip -9 and
// brotli -11: the package's files as they are, and what an app ships after
// its bundler (an esbuild bundle, minified, of a page that builds the default
// gate and asks one question, plus the wasm file).
// Usage: node js/size.mjs [--json] [--check] [--write]
// --check fails when `teamgate/lite` exceeds its budget of 31 KB brotli.
// --write writes the table to bench/SIZE.md and docs/lite.md (bench/publish.mjs).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compressedSizes, downloadSize } from "./download-size.mjs";
import { publish } from "../bench/publish.mjs";

const BUDGET = 31 * 1024;
const pkg = new URL("../pkg/", import.meta.url);
const ENTRIES = {
  teamgate: { js: "index.js", glue: "teamgate_wasm.js", wasm: "teamgate_wasm_bg.wasm" },
  "teamgate/lite": { js: "lite.js", glue: "teamgate_lite.js", wasm: "teamgate_lite_bg.wasm" },
};
/** The modules both entries share (js/src: what every gate does). */
const SHARED = ["gate.js", "cache.js", "dehydrated.js", "errors.js", "loader.js", "sources.js"];
const file = (f) => readFileSync(new URL(f, pkg));
const measure = (name, files) => ({ name, ...compressedSizes(files.map(file)) });

const rows = [];
for (const [name, e] of Object.entries(ENTRIES)) {
  const js = [e.js, ...SHARED, e.glue];
  for (const f of [...js, e.wasm]) rows.push({ entry: name, ...measure(f, [f]) });
  rows.push({ entry: name, ...measure("files, total", [...js, e.wasm]) });
  const page = `import { init, Gate } from "./${e.js}";
await init();
console.log(new Gate().can("agent", "chats.reply", "mine"));`;
  const bundled = await downloadSize({ page, resolveDir: fileURLToPath(pkg), wasm: fileURLToPath(new URL(e.wasm, pkg)) });
  rows.push({ entry: name, name: "bundled (esbuild --minify) + wasm", ...bundled });
}

// teamgate/review: loaded only where changes are reviewed (a permissions page, CI, a server).
{
  rows.push({ entry: "teamgate/review", ...measure("teamgate_review_bg.wasm", ["teamgate_review_bg.wasm"]) });
  const page = `import { init, effectOf } from "./review.js";
await init();
console.log(typeof effectOf);`;
  const bundled = await downloadSize({ page, resolveDir: fileURLToPath(pkg), wasm: fileURLToPath(new URL("teamgate_review_bg.wasm", pkg)) });
  rows.push({ entry: "teamgate/review", name: "bundled (esbuild --minify) + wasm", ...bundled });
}

if (process.argv.includes("--json")) {
  console.log(JSON.stringify(rows));
} else {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const table = ["| entry | file | raw | gzip | brotli |", "|---|---|---|---|---|", ...rows.map((r) => `| ${r.entry} | ${r.name} | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.brotli)} |`)].join("\n");
  console.log(table);
  if (process.argv.includes("--write")) publish("SIZE.md", "Download size", "node js/size.mjs --write", table);
}
if (process.argv.includes("--check")) {
  const lite = rows.find((r) => r.entry === "teamgate/lite" && r.name.startsWith("bundled"));
  if (lite.brotli > BUDGET) {
    console.error(`teamgate/lite: ${lite.brotli} bytes brotli, over the budget of ${BUDGET}`);
    process.exit(1);
  }
  console.log(`teamgate/lite: ${(lite.brotli / 1024).toFixed(1)} KB (${lite.brotli} bytes) brotli, within the ${BUDGET / 1024} KB budget`);
}
