// The benchmark page run in headless Chromium by bench/browser.mjs: the same
// engines and decision set as bench/run.mjs (the fast ones; casbin and Cedar
// are Node builds), timed with performance.now(), medians of rounds; one
// engine per page load (bench/browser.mjs opens a page for each).
import { ENGINES, modelFrom, decisionSet, ownLoop, screenRequests } from "./engines.mjs";
import { init, Gate } from "../pkg/index.js";
import { init as initLite, Gate as LiteGate } from "../pkg/lite.js";

const params = new URLSearchParams(location.search);
const smoke = params.has("smoke");
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** ns per call of `run` (which makes `per` decisions): median of rounds. */
function time(run, per) {
  const rounds = smoke ? 3 : 9;
  const budget = smoke ? 5 : 150; // ms per round
  const out = [];
  run(); // warm up
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const t0 = performance.now();
    do {
      run();
      n++;
    } while (performance.now() - t0 < budget);
    out.push(((performance.now() - t0) * 1e6) / (n * per));
  }
  return median(out);
}

/**
 * `?engine=NAME`: that engine's row, timed on a page of its own (no other
 * engine's calls trained the code it runs through: `teamgate` and
 * `teamgate/lite` share the package's JS wrapper), then checked to give the
 * reference's answers. `?screens`: the batch rows.
 */
async function main() {
  await init(new URL("/pkg/teamgate_wasm_bg.wasm", location.href));
  await initLite(new URL("/pkg/teamgate_lite_bg.wasm", location.href));
  const lib = { Gate, lite: { Gate: LiteGate } };
  const reference = new Gate();
  // The model and the requests come from `capabilities`, not `can`.
  const model = modelFrom(reference);
  const requests = decisionSet(reference, smoke ? 2_000 : 10_000);
  const rows = [];
  const name = params.get("engine");
  if (name !== null) {
    const e = await ENGINES[name].build(model, lib);
    const ns = time(ownLoop(e, requests), requests.length);
    const answers = e.prepare ? e.prepare(requests).map(e.checkPrepared) : requests.map(([r, a, s]) => e.check(r, a, s));
    const expected = requests.map(([r, a, s]) => reference.can(r, a, s));
    if (answers.some((x, i) => x !== expected[i])) throw new Error(`${name} disagrees`);
    rows.push({ name, ns });
  }
  if (params.has("screens")) {
    const screen = screenRequests(reference);
    const batch = reference.prepare(screen);
    rows.push({ name: "teamgate prepare(screen).run(): 350 decisions", ns: time(() => batch.run(), 1), screen: true });
    rows.push({ name: "teamgate canMany(screen): 350 decisions on strings", ns: time(() => reference.canMany(screen), 1), screen: true });
  }
  return { userAgent: navigator.userAgent, rows };
}

main().then(
  (r) => {
    window.__results = r;
  },
  (err) => {
    window.__results = { error: String(err && err.stack ? err.stack : err) };
  },
);
