// The playground: a policy, its decisions, its change from a preset, its
// tests and invariants, all computed in this page by teamgate (WebAssembly).
// The state lives in the URL's fragment (compressed), which browsers never
// send to a server.
import { init, Gate, PolicyError, presetNames, presetDocument } from "teamgate";
import { init as initReview, effectOf, runTests, verify } from "teamgate/review";

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") e.textContent = v;
    else e.setAttribute(k, v);
  }
  e.append(...children);
  return e;
};

const DEFAULT_TESTS = {
  cases: [
    { name: "agents reply to their own chats", role: "agent", action: "chats.reply", scope: "mine", number: "main", expect: "allow" },
    { name: "agents never pay", role: "agent", action: "billing.payment", expect: "deny" },
    { name: "team permissions need Premium", plan: "basic", role: "admin", action: "team.edit_permissions", expect: "deny", reason: "plan_lacks_feature" },
  ],
};
const DEFAULT_RULES = {
  invariants: [
    { name: "no agent ever sees billing", never: { roles: ["agent"], actions: ["billing.*"] } },
    { name: "below admin, no developer tools", never: { below: "admin", actions: ["developers.*"] } },
    { name: "agents never read others' chats on main", never: { roles: ["agent"], actions: ["chats.read"], scopes: ["others"], numbers: ["main"], plans: ["premium"] } },
    { name: "nobody may grant what they lack", no_escalation: true },
  ],
};

// ---- the URL fragment: #s=<base64url of the deflated JSON state> ----------

async function pack(state) {
  const bytes = new TextEncoder().encode(JSON.stringify(state));
  const deflated = new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate-raw"))).arrayBuffer());
  let bin = "";
  for (const b of deflated) bin += String.fromCharCode(b);
  return btoa(bin).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

async function unpack(text) {
  const bin = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  const inflated = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate-raw"))).text();
  return JSON.parse(inflated);
}

// ---- rendering -------------------------------------------------------------

function showProblems(err) {
  const box = $("problems");
  box.replaceChildren();
  if (!err) return box.append(el("p", { class: "pass", text: "No problems: the policy is valid." }));
  const problems = err instanceof PolicyError ? err.problems : [{ code: "error", path: "$", message: String(err.message ?? err) }];
  box.append(el("p", { class: "problem", text: `${problems.length} problem${problems.length === 1 ? "" : "s"}:` }));
  box.append(el("ul", {}, ...problems.map((p) =>
    el("li", { class: "problem", "data-path": p.path, "data-code": p.code },
      el("code", { text: p.path }), ` ${p.message}`, p.hint ? ` (${p.hint})` : "", ` [${p.code}]`))));
}

/** The gate on the chosen plan (a copy, when it is not the policy's own). */
function onPlan(gate, plan) {
  if (!plan || plan === gate.plan) return gate;
  const copy = new Gate(gate);
  copy.setPlan(plan);
  return copy;
}

function showMatrix(gate, doc) {
  const numberSel = $("number");
  const planSel = $("plan");
  const keep = (sel, options, fallback) => {
    const was = sel.value;
    sel.replaceChildren(...options.map(([v, label]) => el("option", { value: v, text: label })));
    sel.value = options.some(([v]) => v === was) ? was : fallback;
  };
  keep(numberSel, [["", "role defaults (no number)"], ...gate.numbers.map((n) => [n, `number ${n}`])], gate.numbers[0] ?? "");
  keep(planSel, (doc.plans ?? []).map((p) => [p.id, p.name ?? p.id]), gate.plan ?? "");
  const number = numberSel.value || undefined;
  const g = onPlan(gate, planSel.value);
  try {
    fillMatrix(g, doc, number);
  } finally {
    if (g !== gate) g.dispose();
  }
}

/** The decision table of `g` (on its plan) in `number`, or on the role defaults. */
function fillMatrix(g, doc, number) {
  const describe = Object.fromEntries((doc.actions ?? []).map((a) => [a.id, a.description ?? a.id]));
  const isScoped = Object.fromEntries((doc.actions ?? []).map((a) => [a.id, a.scoped === true]));
  const table = $("matrix");
  table.replaceChildren(
    el("thead", {}, el("tr", {}, el("th", { text: "action" }), ...g.roles.map((r) => el("th", { text: r })))),
    el("tbody", {}, ...g.actions.map((a) =>
      el("tr", {}, el("th", { title: describe[a], text: a }), ...g.roles.map((r) => {
        if (!isScoped[a]) {
          const e = g.explain(r, a, undefined, number);
          return el("td", { class: e.allowed ? "yes" : "no", title: e.message, "data-role": r, "data-action": a, "data-allowed": e.allowed ? "yes" : "", "data-code": e.code }, e.allowed ? "✓" : `✗ ${e.code}`);
        }
        const each = g.scopes.map((s) => [s, g.explain(r, a, s, number)]);
        const held = each.filter(([, e]) => e.allowed).map(([s]) => s);
        const cls = held.length === each.length ? "yes" : held.length ? "some" : "no";
        return el("td", { class: cls, title: each.map(([s, e]) => `${s}: ${e.message}`).join("\n"), "data-role": r, "data-action": a, "data-allowed": held.join(" "), "data-code": each.find(([, e]) => !e.allowed)?.[1].code ?? "" },
          each.map(([s, e]) => `${e.allowed ? "✓" : "✗"} ${s}`).join(" "));
      }))),
    ),
  );
}

function showEffect(preset, gate) {
  const list = $("effect");
  const effect = effectOf(preset, gate);
  list.replaceChildren(...(effect.summary.length ? effect.summary : ["No decision changes."]).map((line) => el("li", { text: line })));
}

function showChecks(gate, testsText, rulesText) {
  const tests = $("test-results");
  tests.replaceChildren();
  try {
    const report = runTests(gate, testsText);
    tests.append(el("p", { class: report.failed ? "fail" : "pass", text: `${report.passed} passed, ${report.failed} failed` }));
    tests.append(el("ul", {}, ...report.results.map((r) => el("li", { class: r.passed ? "pass" : "fail", "data-case": r.name }, `${r.passed ? "✓" : "✗"} ${r.name}${r.failure ? `: ${r.failure}` : ""}`))));
  } catch (err) {
    tests.append(el("p", { class: "fail", text: `The tests do not read: ${(err.problems ?? []).map((p) => `${p.path}: ${p.message}`).join("; ") || err.message}` }));
  }
  const rules = $("rule-results");
  rules.replaceChildren();
  try {
    const results = verify(gate, rulesText);
    rules.append(el("ul", {}, ...results.map((r) => el("li", { class: r.holds ? "pass" : "fail", "data-rule": r.name }, `${r.holds ? "✓" : "✗"} ${r.name}: ${r.message}`))));
  } catch (err) {
    rules.append(el("p", { class: "fail", text: `The rules do not read: ${(err.problems ?? []).map((p) => `${p.path}: ${p.message}`).join("; ") || err.message}` }));
  }
}

// ---- the page --------------------------------------------------------------

let lastGood = null;
/** The preset gates compared against, made once each. */
const presets = new Map();
const presetGate = (name) => {
  if (!presets.has(name)) presets.set(name, new Gate(name));
  return presets.get(name);
};

async function update({ save = true } = {}) {
  const text = $("policy").value;
  const preset = presetGate($("preset").value);
  let gate = null;
  try {
    gate = new Gate(text);
    showProblems(null);
  } catch (err) {
    showProblems(err);
  }
  if (gate) {
    // The wasm memory of the gate it replaces goes back at once.
    lastGood?.dispose();
    lastGood = gate;
    const doc = JSON.parse(text);
    showMatrix(gate, doc);
    showEffect(preset, gate);
    showChecks(gate, $("tests").value, $("rules").value);
  }
  document.body.dataset.valid = gate ? "true" : "false";
  if (save) {
    const state = { preset: $("preset").value, policy: text, tests: $("tests").value, rules: $("rules").value };
    history.replaceState(null, "", `#s=${await pack(state)}`);
  }
  document.body.dataset.ready = "true";
}

async function start() {
  await Promise.all([init(), initReview()]);
  $("preset").replaceChildren(...presetNames().map((n) => el("option", { value: n, text: n })));
  const hash = new URLSearchParams(location.hash.slice(1)).get("s");
  let state = null;
  if (hash) {
    try {
      state = await unpack(hash);
    } catch {
      state = null; // a damaged link: start from the preset
    }
  }
  const pretty = (v) => JSON.stringify(v, null, 2);
  $("preset").value = state?.preset ?? "team-inbox";
  $("policy").value = state?.policy ?? pretty(presetDocument($("preset").value));
  $("tests").value = state?.tests ?? pretty(DEFAULT_TESTS);
  $("rules").value = state?.rules ?? pretty(DEFAULT_RULES);
  let timer;
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(update, 150);
  };
  for (const id of ["policy", "tests", "rules"]) $(id).addEventListener("input", soon);
  $("number").addEventListener("change", () => lastGood && showMatrix(lastGood, JSON.parse($("policy").value)));
  $("plan").addEventListener("change", () => lastGood && showMatrix(lastGood, JSON.parse($("policy").value)));
  $("preset").addEventListener("change", () => {
    $("policy").value = pretty(presetDocument($("preset").value));
    update();
  });
  $("share").addEventListener("click", async () => {
    await update();
    try {
      await navigator.clipboard.writeText(location.href);
      $("shared").textContent = "Link copied.";
    } catch {
      $("shared").textContent = "Copy this page's address to share it.";
    }
  });
  await update({ save: Boolean(state) });
}

start();
