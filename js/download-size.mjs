// What a browser downloads for a page: an esbuild bundle of `page` (minified,
// the wasm left out: it is fetched as its own file) plus the wasm file, raw,
// gzip -9 and brotli -11. Used by js/size.mjs (teamgate's entries) and by the
// benchmark (teamgate and its peers, measured alike).
import { readFileSync } from "node:fs";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";
import * as esbuild from "esbuild";

/** raw / gzip / brotli bytes of `parts` (Buffers), each compressed on its own. */
export function compressedSizes(parts) {
  const sum = (f) => parts.reduce((t, p) => t + f(p), 0);
  return {
    raw: sum((p) => p.length),
    gzip: sum((p) => gzipSync(p, { level: 9 }).length),
    brotli: sum((p) => brotliCompressSync(p, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length),
  };
}

/**
 * The sizes of `page` (module source; imports resolved from `resolveDir`
 * and `nodePaths`) bundled, plus `wasm` (a file path) if given.
 */
export async function downloadSize({ page, resolveDir, nodePaths = [], wasm }) {
  const r = await esbuild.build({
    stdin: { contents: page, resolveDir, loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "silent",
    nodePaths,
    loader: { ".wasm": "empty" },
  });
  const parts = [Buffer.from(r.outputFiles[0].contents)];
  if (wasm) parts.push(readFileSync(wasm));
  return compressedSizes(parts);
}
