// Runs bench/page.mjs in Debian's headless Chromium (playwright-core, from
// js/) and prints its table. Usage: node bench/browser.mjs [--smoke]
// Also used by bench/run.mjs. Needs pkg/ and the npm packages of js/ and bench/.
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join, normalize } from "node:path";
import { launch } from "../js/test/browser.mjs";
import { ENGINES } from "./engines.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = join(here, "..");

/** Runs the page; resolves to { userAgent, rows: [{ name, ns, screen? }] }. */
export async function runInChromium({ smoke = false } = {}) {
  const esbuild = await import("esbuild");
  const bundle = await esbuild.build({
    entryPoints: [join(here, "page.mjs")],
    bundle: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "silent",
    nodePaths: [join(here, "node_modules")],
    // Node-only builds the page never loads.
    external: ["../pkg/node.js", "../pkg/lite-node.js", "casbin", "@cedar-policy/cedar-wasm/nodejs"],
  });
  const page = Buffer.from(bundle.outputFiles[0].contents);
  const server = createServer((req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    if (path === "/" || path === "/index.html") {
      res.writeHead(200, { "content-type": "text/html" });
      res.end('<!doctype html><meta charset="utf-8"><title>teamgate bench</title><script type="module" src="/page.js"></script>');
    } else if (path === "/page.js") {
      res.writeHead(200, { "content-type": "text/javascript" });
      res.end(page);
    } else if (path.startsWith("/pkg/") && !normalize(path).includes("..")) {
      try {
        const body = readFileSync(join(root, normalize(path)));
        res.writeHead(200, { "content-type": path.endsWith(".wasm") ? "application/wasm" : "text/javascript" });
        res.end(body);
      } catch {
        res.writeHead(404).end();
      }
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const browser = await launch();
  try {
    // A fresh page for each engine, then one for the batch rows.
    const pages = Object.entries(ENGINES)
      .filter(([, engine]) => !engine.slow && !engine.coldOnly)
      .map(([name]) => `engine=${encodeURIComponent(name)}`);
    pages.push("screens");
    const all = { userAgent: "", rows: [] };
    for (const query of pages) {
      const tab = await browser.newPage();
      await tab.goto(`http://127.0.0.1:${server.address().port}/?${query}${smoke ? "&smoke" : ""}`);
      await tab.waitForFunction(() => window.__results !== undefined, null, { timeout: 300_000 });
      const results = await tab.evaluate(() => window.__results);
      await tab.close();
      if (results.error) throw new Error(`benchmark page failed: ${results.error}`);
      all.userAgent = results.userAgent;
      all.rows.push(...results.rows);
    }
    return all;
  } finally {
    await browser.close();
    server.close();
  }
}

/** The results as a Markdown table. */
export function table(results) {
  const map = results.rows.find((r) => r.name.startsWith("JS Map")).ns;
  const floor = results.rows.find((r) => r.name.startsWith("JS bitmask")).ns;
  let md = "| engine (headless Chromium) | ns per check (median) | × JS Map | × bitmask |\n|---|---|---|---|\n";
  for (const r of results.rows) {
    md += r.screen
      ? `| ${r.name} | ${(r.ns / 1000).toFixed(2)} µs per call | | |\n`
      : `| ${r.name} | ${r.ns.toFixed(1)} | ${(r.ns / map).toFixed(2)} | ${(r.ns / floor).toFixed(1)} |\n`;
  }
  return `${md}\nBrowser: ${results.userAgent.match(/(HeadlessChrome|Chrome)\/[\d.]+/)?.[0] ?? results.userAgent}.\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(table(await runInChromium({ smoke: process.argv.includes("--smoke") })));
}
