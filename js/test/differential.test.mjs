// Native, wasm (Node) and wasm (Chromium) agree: 100,000 random requests over
// random valid policies, decided by the native `teamgate decide` and by the
// built package, compared answer by answer (decision and reason code).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Gate, presetDocument, presetNames } from "../../pkg/node.js";
import { serve } from "./serve.mjs";
import { launch } from "./browser.mjs";

const BIN = process.env.TEAMGATE_BIN || fileURLToPath(new URL("../../target/debug/teamgate", import.meta.url));
const POLICIES = 40;
const PER_POLICY = 2500; // 100,000 requests in all

/** mulberry32: a small seeded generator, so failures can be replayed. */
function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = (r, xs) => xs[Math.floor(r() * xs.length)];

/** A random valid policy: a preset with random plan, team permissions and roles. */
function randomPolicy(r, i) {
  const doc = presetDocument(presetNames()[i % 4]);
  const gate = new Gate(doc);
  doc.plan = pick(r, doc.plans.map((p) => p.id));
  const scoped = gate.actions.filter((a) => gate.capabilities(gate.roles[0]).actions.find((c) => c.action === a).scoped);
  const notOwner = doc.roles.filter((x) => !x.owner).map((x) => x.id);
  doc.numbers = [{ id: "main" }, { id: "second" }];
  for (const n of doc.numbers) {
    n.team_permissions = {};
    for (const role of notOwner) {
      if (r() < 0.5 || scoped.length === 0) continue;
      const perms = {};
      for (const a of scoped) if (r() < 0.5) perms[a] = gate.scopes.filter(() => r() < 0.5);
      n.team_permissions[role] = perms;
    }
  }
  for (let k = 0; k < 3; k++) {
    if (r() < 0.5) doc.roles.push({ id: `custom_${k}`, rank: 1 + Math.floor(r() * 150), grants: gate.actions.filter(() => r() < 0.3) });
  }
  gate.dispose();
  return doc;
}

function randomRequests(r, gate, n) {
  const roles = [...gate.roles, "ghost", ""];
  const actions = [...gate.actions, "chats.ghost"];
  const scopes = [null, ...gate.scopes, "all", "ghost"];
  const numbers = [null, ...gate.numbers, "nowhere"];
  return Array.from({ length: n }, () => [pick(r, roles), pick(r, actions), pick(r, scopes), pick(r, numbers)]);
}

test("native, wasm in Node and wasm in Chromium give identical decisions", async () => {
  assert.ok(existsSync(BIN), `no native binary at ${BIN}: run \`cargo build\` first`);
  const dir = mkdtempSync(join(tmpdir(), "teamgate-diff-"));
  const r = rng(20261123);
  const samples = [];
  let compared = 0;
  try {
    for (let i = 0; i < POLICIES; i++) {
      const doc = randomPolicy(r, i);
      const file = join(dir, `p${i}.json`);
      writeFileSync(file, JSON.stringify(doc));
      const gate = new Gate(doc);
      const reqs = randomRequests(r, gate, PER_POLICY);
      const native = execFileSync(BIN, ["decide", file], { input: reqs.map((q) => JSON.stringify(q)).join("\n"), encoding: "utf8", maxBuffer: 1 << 26 })
        .trim()
        .split("\n");
      assert.equal(native.length, reqs.length);
      const batch = gate.canMany(reqs);
      reqs.forEach((q, k) => {
        const [role, action, scope, number] = q;
        const e = gate.explain(role, action, scope, number);
        const wasm = `${e.allowed ? 1 : 0} ${e.code}`;
        assert.equal(wasm, native[k], `policy ${i}, request ${JSON.stringify(q)}`);
        assert.equal(gate.can(role, action, scope, number), e.allowed, `can vs explain: ${JSON.stringify(q)}`);
        assert.equal(batch[k], e.allowed, `canMany: ${JSON.stringify(q)}`);
        compared++;
      });
      samples.push({ doc, reqs: reqs.slice(0, 100), native: native.slice(0, 100) });
      gate.dispose();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(compared, POLICIES * PER_POLICY);

  // A sample of the same requests in headless Chromium.
  const server = await serve();
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(`${server.url}/js/test/page.html`);
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 30000 });
    const mismatches = await page.evaluate(async (samples) => {
      const { Gate } = await import("/pkg/index.js");
      const out = [];
      for (const s of samples) {
        const gate = new Gate(s.doc);
        s.reqs.forEach((q, k) => {
          const e = gate.explain(...q);
          const got = `${e.allowed ? 1 : 0} ${e.code}`;
          if (got !== s.native[k] || gate.can(...q) !== e.allowed) out.push({ q, got, native: s.native[k] });
        });
        gate.dispose();
      }
      return out;
    }, samples);
    assert.deepEqual(mismatches, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
