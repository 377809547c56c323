// Reports the bytes a browser downloads for teamgate (default preset
// included: presets are embedded in the wasm): raw, gzip -9, brotli -11.
// Usage: node js/size.mjs [--json]
import { readFileSync } from "node:fs";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const pkg = new URL("../pkg/", import.meta.url);
const files = ["index.js", "teamgate_wasm.js", "teamgate_wasm_bg.wasm"];
const rows = files.map((f) => {
  const d = readFileSync(new URL(f, pkg));
  return {
    file: f,
    raw: d.length,
    gzip: gzipSync(d, { level: 9 }).length,
    brotli: brotliCompressSync(d, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
});
const total = rows.reduce((t, r) => ({ file: "total", raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
rows.push(total);
if (process.argv.includes("--json")) {
  console.log(JSON.stringify(rows));
} else {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log("| file | raw | gzip | brotli |\n|---|---|---|---|");
  for (const r of rows) console.log(`| ${r.file} | ${kb(r.raw)} | ${kb(r.gzip)} | ${kb(r.brotli)} |`);
}
