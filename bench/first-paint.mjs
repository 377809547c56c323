// First paint: the time from navigation to a correctly gated screen, in
// headless Chromium, for the same page built three ways, side by side in one
// run, with the bytes each downloads before its screen is gated:
//   - teamgate: the server sends the signed-in role's dehydrated decisions
//     in the page; teamgate/lite answers from them at once and loads its
//     wasm afterwards (the engine takes over when it has loaded);
//   - teamgate, no decisions: the page waits for teamgate/lite's wasm
//     (preloaded beside the script, compiled as it streams in) and then
//     gates the screen;
//   - CASL: the server sends the role's rules in the page (as CASL's
//     packRules users do); @casl/ability builds an ability from them.
// All pages render the same screen (every action of the default preset, in
// every scope) as buttons, disabled when denied; the run checks that all
// gate every button as the engine does. Files are served brotli-compressed
// from localhost, on an unthrottled link and on a slow one (1.6 Mbit/s,
// 150 ms round trip: CDP network emulation).
//   node bench/first-paint.mjs           (after scripts/build-pkg.sh and npm ci in bench/)
//   node bench/first-paint.mjs --smoke   (two runs each: checks it works)
import { createServer } from "node:http";
import { publish } from "./publish.mjs";
import { mkdirSync, readFileSync, writeFileSync, copyFileSync, rmSync } from "node:fs";
import { brotliCompressSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { extname, join } from "node:path";
import * as esbuild from "esbuild";
import { Gate } from "../pkg/node.js";
import { launch } from "../js/test/browser.mjs";

const smoke = process.argv.includes("--smoke");
const RUNS = smoke ? 2 : 15;
const root = fileURLToPath(new URL("..", import.meta.url));
const out = join(root, "target", "first-paint");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// What the server knows: the policy, the signed-in role, the screen.
const ROLE = "agent";
const server = new Gate();
const screen = [];
for (const a of server.capabilities(ROLE).actions) {
  if (a.scoped) for (const s of server.scopes) screen.push([a.action, s]);
  else screen.push([a.action, null]);
}
const expected = screen.map(([a, s]) => server.can(ROLE, a, s ?? undefined));
const decisions = server.dehydrate({ role: ROLE });
const rules = [];
for (const a of server.capabilities(ROLE).actions) {
  if (a.scoped) for (const s of a.scopes) rules.push({ action: a.action, subject: s });
  else if (a.allowed) rules.push({ action: a.action, subject: "console" });
}

// The screen, shared by both pages: one button per (action, scope).
writeFileSync(
  join(out, "screen.js"),
  `export const SCREEN = ${JSON.stringify(screen)};
export function render(can) {
  const root = document.getElementById("screen");
  for (const [action, scope] of SCREEN) {
    const b = document.createElement("button");
    b.textContent = scope ? action + " (" + scope + ")" : action;
    b.disabled = !can(action, scope);
    root.append(b);
  }
  performance.mark("gated");
  document.body.dataset.gated = "1";
}
`,
);
writeFileSync(
  join(out, "teamgate-entry.js"),
  `import { Gate, init } from ${JSON.stringify(join(root, "pkg", "lite.js"))};
import { render } from "./screen.js";
const decisions = JSON.parse(document.getElementById("decisions").textContent);
const gate = new Gate(undefined, { decisions });
render((action, scope) => gate.can(${JSON.stringify(ROLE)}, action, scope ?? undefined));
init(); // the engine takes over when its wasm has loaded
`,
);
// The same page without dehydrated decisions: the screen waits for the wasm.
writeFileSync(
  join(out, "cold-entry.js"),
  `import { Gate, init } from ${JSON.stringify(join(root, "pkg", "lite.js"))};
import { render } from "./screen.js";
await init();
const gate = new Gate();
render((action, scope) => gate.can(${JSON.stringify(ROLE)}, action, scope ?? undefined));
`,
);
writeFileSync(
  join(out, "casl-entry.js"),
  `import { createMongoAbility } from "@casl/ability";
import { render } from "./screen.js";
const ability = createMongoAbility(JSON.parse(document.getElementById("rules").textContent));
render((action, scope) => ability.can(action, scope ?? "console"));
`,
);
const bundle = (name) =>
  esbuild.build({
    entryPoints: [join(out, `${name}-entry.js`)],
    bundle: true,
    minify: true,
    format: "esm",
    outfile: join(out, `${name}.js`),
    nodePaths: [join(root, "bench", "node_modules")],
    logLevel: "error",
  });
await bundle("teamgate");
await bundle("cold");
await bundle("casl");
copyFileSync(join(root, "pkg", "teamgate_lite_bg.wasm"), join(out, "teamgate_lite_bg.wasm"));
const page = (title, dataId, data, script, head = "") =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title><link rel="icon" href="data:,">${head}` +
  `<script type="module" src="${script}"></script></head><body><div id="screen"></div>` +
  `<script id="${dataId}" type="application/json">${JSON.stringify(data).replace(/</g, "\\u003c")}</script></body></html>`;
writeFileSync(join(out, "teamgate.html"), page("teamgate", "decisions", decisions, "teamgate.js"));
// As docs/lite.md advises a page that waits for the engine (its tag, read
// from the page): the wasm is preloaded, so that it downloads beside the
// script instead of after it.
const advice = readFileSync(join(root, "docs", "lite.md"), "utf8").split("## Loading the wasm early")[1] ?? "";
const preload = /```html\n(<link rel="preload"[^\n]*>)\n```/.exec(advice)?.[1].replace("/assets/", "");
if (!preload) throw new Error("docs/lite.md: no preload tag under 'Loading the wasm early'");
writeFileSync(join(out, "cold.html"), page("teamgate, no decisions", "none", null, "cold.js", preload));
writeFileSync(join(out, "casl.html"), page("CASL", "rules", rules, "casl.js"));

// Brotli, as a production server or CDN sends them.
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm" };
const files = new Map();
const http = createServer((req, res) => {
  const path = new URL(req.url, "http://x").pathname.slice(1);
  let body = files.get(path);
  if (body === undefined) {
    try {
      body = brotliCompressSync(readFileSync(join(out, path)));
      files.set(path, body);
    } catch {
      res.writeHead(404).end();
      return;
    }
  }
  res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream", "content-encoding": "br", "cache-control": "no-store" });
  res.end(body);
});
await new Promise((r) => http.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${http.address().port}`;

const LINKS = {
  "localhost, unthrottled": null,
  "slow link (1.6 Mbit/s, 150 ms RTT)": { offline: false, latency: 150, downloadThroughput: 200_000, uploadThroughput: 93_750 },
};

const browser = await launch();
/** One cold load (fresh context: empty cache): ms to the gated screen, bytes before it and in all, and whether it gates as the engine. */
async function measure(name, link) {
  const context = await browser.newContext();
  const p = await context.newPage();
  if (link) {
    const cdp = await context.newCDPSession(p);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", link);
  }
  await p.goto(`${base}/${name}.html`);
  await p.waitForSelector("body[data-gated]", { timeout: 60_000 });
  const r = await p.evaluate(() => {
    const gated = performance.getEntriesByName("gated")[0].startTime;
    const nav = performance.getEntriesByType("navigation")[0];
    const res = performance.getEntriesByType("resource");
    const before = res.filter((e) => e.responseEnd <= gated).reduce((n, e) => n + e.encodedBodySize, nav.encodedBodySize);
    return { gated, before, disabled: [...document.querySelectorAll("#screen button")].map((b) => b.disabled) };
  });
  await p.waitForLoadState("networkidle");
  const all = await p.evaluate(() => performance.getEntriesByType("resource").reduce((n, e) => n + e.encodedBodySize, performance.getEntriesByType("navigation")[0].encodedBodySize));
  await context.close();
  const correct = r.disabled.length === expected.length && r.disabled.every((d, i) => d === !expected[i]);
  if (!correct) throw new Error(`${name}: the screen is not gated as the engine decides`);
  return { ms: r.gated, before: r.before, all };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const rows = [];
for (const [linkName, link] of Object.entries(LINKS)) {
  const results = { teamgate: [], cold: [], casl: [] };
  const names = Object.keys(results);
  for (let i = 0; i < RUNS; i++) {
    // In turns, so that all see the same machine over time.
    for (let k = 0; k < names.length; k++) {
      const name = names[(i + k) % names.length];
      results[name].push(await measure(name, link));
    }
  }
  for (const [name, label] of [
    ["teamgate", "teamgate/lite + dehydrated decisions"],
    ["cold", "teamgate/lite, no decisions in the page (waits for its wasm, preloaded)"],
    ["casl", `CASL 7 (@casl/ability) + packed rules`],
  ]) {
    const rs = results[name];
    rows.push(`| ${label} | ${linkName} | ${median(rs.map((r) => r.ms)).toFixed(1)} ms | ${kb(median(rs.map((r) => r.before)))} | ${kb(median(rs.map((r) => r.all)))} |`);
  }
}
const version = browser.version();
await browser.close();
http.close();

const report = [
  `First gated paint in headless Chromium ${version}: ${screen.length} buttons for role \`${ROLE}\`, median of ${RUNS} cold loads each, in turns; brotli over HTTP from localhost. Command: \`node bench/first-paint.mjs\` (${new Date().toISOString().slice(0, 10)}).`,
  "",
  "| page | link | navigation → gated screen | bytes before it (brotli) | bytes in all |",
  "|---|---|---|---|---|",
  ...rows,
  "",
].join("\n");
console.log(report);
if (!smoke) publish("FIRST-PAINT.md", "First gated paint", "node bench/first-paint.mjs", report);
process.exit(0);
