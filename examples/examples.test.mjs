// The examples as users build them (and Jest, as React codebases test): each app installs teamgate from the
// tarball `npm pack` makes of pkg/, is built and served as in production,
// and opened in headless Chromium: the right buttons for two roles (in the
// server's HTML too, for Next.js and Nuxt), no console error, no hydration
// warning, and an update applied without a reload.
//   node --test examples/examples.test.mjs   (after scripts/build-pkg.sh)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { launch } from "../js/test/browser.mjs";
import { axeViolations, deniedByKeyboard } from "../js/test/a11y.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const packDir = join(root, "target", "examples");
const tarball = join(packDir, "teamgate.tgz");
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NUXT_TELEMETRY_DISABLED: "1", npm_config_audit: "false", npm_config_fund: "false" };

function run(cwd, cmd, args) {
  execFileSync(cmd, args, { cwd, env, stdio: ["ignore", "inherit", "inherit"] });
}

/** Installs the example's locked dependencies, then teamgate from the tarball, then builds it. */
function build(name) {
  const dir = join(root, "examples", name);
  // A clean build, as on a fresh clone (a previous run's output may name files that are gone).
  for (const out of [".next", ".nuxt", ".output", "dist"]) rmSync(join(dir, out), { recursive: true, force: true });
  run(dir, "npm", ["install", "--no-save", "--loglevel=error"]); // as locked; quick when already installed
  run(dir, "npm", ["install", "--no-save", "--loglevel=error", tarball]);
  run(dir, "npm", ["run", "build", "--silent"]);
  return dir;
}

/** Starts `npm run <script> [args]` and waits until `url` answers; returns a stop function. */
async function serve(dir, script, args, url, extraEnv = {}) {
  const child = spawn("npm", ["run", script, "--silent", "--", ...args], { cwd: dir, env: { ...env, ...extraEnv }, detached: true, stdio: ["ignore", "inherit", "inherit"] });
  const stop = () => {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {}
  };
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).status < 500) return stop;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  stop();
  throw new Error(`${dir}: ${url} did not answer`);
}

let browser;
before(() => {
  mkdirSync(packDir, { recursive: true });
  for (const f of readdirSync(packDir)) if (f.endsWith(".tgz")) rmSync(join(packDir, f));
  run(join(root, "pkg"), "npm", ["pack", "--silent", "--pack-destination", packDir]);
  const [packed] = readdirSync(packDir).filter((f) => f.endsWith(".tgz"));
  renameSync(join(packDir, packed), tarball);
});
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Opens `url`; returns the page and the console's errors and warnings (and page errors). */
async function open(url) {
  const page = await browser.newPage();
  const problems = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning" || /hydrat/i.test(m.text())) problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  await page.goto(url);
  await page.waitForSelector('[data-engine="wasm"]', { timeout: 20_000 });
  return { page, problems };
}

/** What a role's screen must show, the same in every example. */
async function expectScreen(page, role) {
  const permissions = page.locator("#permissions");
  if (role === "agent") {
    assert.equal(await permissions.isDisabled(), true, "an agent cannot open team permissions");
    assert.equal(await permissions.getAttribute("data-reason"), "role_lacks_action");
    assert.match(await permissions.getAttribute("title"), /agent/);
    assert.equal(await page.locator('#pay:not([disabled]):not([aria-disabled="true"])').count(), 0, "an agent cannot pay");
  } else {
    assert.equal(await permissions.isDisabled(), false, `${role} opens team permissions`);
    assert.equal(await permissions.getAttribute("data-reason"), null);
  }
  assert.equal(await page.locator("#delete").isDisabled(), false);
  assert.equal(await page.textContent("#chats"), "All chats");
}

/** As admin: switching to the basic plan turns team permissions off at once, with no reload; then back. */
async function expectLiveUpdate(page) {
  await page.evaluate(() => {
    window.__sameDocument = true;
  });
  await page.click("#plan-basic");
  await page.waitForSelector('#permissions[data-reason="plan_lacks_feature"]', { timeout: 10_000 });
  assert.equal(await page.locator("#permissions").isDisabled(), true);
  assert.equal(await page.evaluate(() => window.__sameDocument), true, "no reload");
  await page.click("#plan-premium");
  await page.waitForSelector("#permissions:not([disabled])", { timeout: 10_000 });
}

/** The server's HTML, before any script runs, already gates (server rendering). */
async function expectServerHtml(base) {
  const agent = await (await fetch(`${base}/?role=agent`)).text();
  assert.match(agent, /<button id="permissions"(?=[^>]*aria-disabled="true")(?=[^>]*data-reason="role_lacks_action")[^>]*>/, "denied in the server's HTML");
  const admin = await (await fetch(`${base}/?role=admin`)).text();
  assert.match(admin, /<button id="permissions">/, "allowed in the server's HTML");
}

/**
 * No axe-core violation; every denied control is reached by Tab and
 * announced with its reason (its accessible description), not only shown
 * in a `title` that keyboards and touch screens never see.
 */
async function expectAccessible(page, role) {
  assert.deepEqual(await axeViolations(page), [], `${role}: axe-core`);
  const denied = await deniedByKeyboard(page);
  console.log(`# ${role}: ${denied.length} denied controls, each reached by Tab and announced with its reason`);
  assert.ok(denied.length > 0 || role !== "agent", "the agent's screen has denied controls");
  for (const d of denied) {
    assert.ok(d.reached, `${role}: the keyboard reaches ${d.id}`);
    assert.equal(d.description, d.reason, `${role}: ${d.id} is announced with its reason`);
  }
}

async function expectApp(base, { ssr }) {
  if (ssr) await expectServerHtml(base);
  for (const role of ["agent", "admin"]) {
    const { page, problems } = await open(`${base}/?role=${role}`);
    await expectScreen(page, role);
    await expectAccessible(page, role);
    if (role === "admin") await expectLiveUpdate(page);
    assert.deepEqual(problems, [], `${role}: no console errors, warnings or hydration messages`);
    await page.close();
  }
}

test("Next.js (App Router): server components and route handlers decide; client components render from dehydrated decisions", async () => {
  const dir = build("next");
  const base = "http://127.0.0.1:3871";
  const stop = await serve(dir, "start", ["-p", "3871", "-H", "127.0.0.1"], base);
  try {
    await expectApp(base, { ssr: true });
    assert.equal((await fetch(`${base}/api/check?role=agent&action=billing.payment`)).status, 403);
    const owner = await fetch(`${base}/api/check?role=owner&action=billing.payment`);
    assert.equal(owner.status, 200);
    assert.equal((await owner.json()).code, "owner");
    assert.match(await (await fetch(`${base}/?role=admin`)).text(), /analytics shown/, "a server component decided");
    // Middleware on the edge runtime: teamgate/lite decides at the first request.
    const agent = await fetch(`${base}/billing?role=agent`);
    assert.equal(agent.status, 403);
    assert.equal((await agent.json()).code, "role_lacks_action");
    const ownerPays = await fetch(`${base}/billing?role=owner`);
    assert.equal(ownerPays.status, 200);
    assert.equal((await ownerPays.json()).code, "owner");
  } finally {
    stop();
  }
  // The development server too: no console error, no hydration warning.
  const devBase = "http://127.0.0.1:3874";
  const stopDev = await serve(dir, "dev", ["-p", "3874", "-H", "127.0.0.1"], devBase);
  try {
    for (const role of ["agent", "admin"]) {
      const { page, problems } = await open(`${devBase}/?role=${role}`);
      await expectScreen(page, role);
      assert.deepEqual(problems.filter((p) => !/Download the React DevTools|\[HMR\]|\[Fast Refresh\]/.test(p)), [], `next dev, ${role}`);
      await page.close();
    }
    assert.equal((await fetch(`${devBase}/billing?role=agent`)).status, 403, "middleware under next dev");
  } finally {
    stopDev();
  }
});

test("Nuxt: <Can>, useCan and v-can render on the server and hydrate cleanly; server routes decide", async () => {
  const dir = build("nuxt");
  const base = "http://127.0.0.1:3872";
  const stop = await serve(dir, "start", [], base, { PORT: "3872", HOST: "127.0.0.1" });
  try {
    await expectApp(base, { ssr: true });
    const agent = await (await fetch(`${base}/?role=agent`)).text();
    assert.match(agent, /<a id="billing" href="#billing" style="display:none;">/, "v-can.hide on the server");
    assert.equal((await fetch(`${base}/api/check?role=agent&action=billing.payment`)).status, 403);
    assert.equal((await fetch(`${base}/api/check?role=owner&action=billing.payment`)).status, 200);
  } finally {
    stop();
  }
});

for (const [name, port] of [
  ["vite-react", 3873],
  ["vite-vue", 3874],
]) {
  test(`${name}: a gate made before its wasm has loaded re-renders when it has; reasons in German`, async () => {
    const dir = build(name);
    const base = `http://127.0.0.1:${port}`;
    const stop = await serve(dir, "preview", ["--port", String(port), "--strictPort", "--host", "127.0.0.1"], base);
    try {
      await expectApp(base, { ssr: false });
      const { page, problems } = await open(`${base}/?role=agent&lang=de`);
      assert.equal(await page.getAttribute("#permissions", "title"), "Der Rolle `agent` fehlt `team.edit_permissions`");
      assert.deepEqual(problems, []);
      await page.close();
    } finally {
      stop();
    }
  });
}

test("Jest 30 (babel-jest, jsdom): require() of teamgate, teamgate/lite and teamgate/react works with only testEnvironment: jsdom", () => {
  const dir = join(root, "examples", "jest");
  run(dir, "npm", ["install", "--no-save", "--loglevel=error"]);
  run(dir, "npm", ["install", "--no-save", "--loglevel=error", tarball]);
  // Its own test run: <Can> and useCan for two roles, with both entries, and an edit re-rendering.
  run(dir, "npm", ["test", "--silent"]);
});

test("workerd (Cloudflare Workers, through miniflare), Deno and Bun: teamgate decides at once on import", () => {
  const dir = join(root, "examples", "runtimes");
  run(dir, "npm", ["install", "--no-save", "--loglevel=error"]);
  run(dir, "npm", ["install", "--no-save", "--loglevel=error", tarball]);
  const out = (script) => JSON.parse(execFileSync("npm", ["run", "--silent", script], { cwd: dir, env, encoding: "utf8" }).trim().split("\n").at(-1));
  for (const runtime of ["deno", "bun"]) {
    assert.deepEqual(out(runtime), { runtime, agentReplies: true, agentPays: false, reason: "role_lacks_action", supportReads: true });
  }
  const worker = out("workerd");
  assert.deepEqual([worker.owner.status, worker.owner.code, worker.owner.full], [200, "owner", "owner"]);
  assert.deepEqual([worker.agent.status, worker.agent.code, worker.agent.full], [403, "role_lacks_action", "role_lacks_action"]);
});
