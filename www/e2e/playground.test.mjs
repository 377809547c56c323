// The playground (www/playground), as the demo serves it at /playground/,
// in headless Chromium: a broken document shows each problem at its path;
// a fix updates the decisions, the change from the preset, the tests and
// the invariants; the URL reopens the same state; nothing is sent anywhere.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch } from "../../js/test/browser.mjs";
import { axeViolations } from "../../js/test/a11y.mjs";
import { startServer } from "./server.mjs";

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.stop();
});

/** Opens the playground at `url`, recording every request it makes. */
async function open(url) {
  const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
  const requests = [];
  const errors = [];
  page.on("request", (r) => requests.push(`${r.method()} ${r.url()}`));
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.ready === "true");
  return { page, requests, errors };
}

/** Types `text` as the policy (as a person's edit: an input event) and waits for the page to settle. */
async function setPolicy(page, text) {
  await page.evaluate((t) => {
    document.body.dataset.ready = "false";
    const area = document.getElementById("policy");
    area.value = t;
    area.dispatchEvent(new Event("input"));
  }, text);
  await page.waitForFunction(() => document.body.dataset.ready === "true");
}

const cell = (page, role, action) => page.$eval(`#matrix td[data-role="${role}"][data-action="${action}"]`, (td) => ({ allowed: td.dataset.allowed, code: td.dataset.code, title: td.title }));

test("the playground: problems at their paths, live decisions, the change, tests, invariants, a shareable URL", async () => {
  const { page, requests, errors } = await open(`${server.base}playground/`);
  assert.equal(await page.$eval("body", (b) => b.dataset.valid), "true");
  assert.deepEqual(await cell(page, "agent", "billing.payment"), { allowed: "", code: "role_lacks_action", title: "role `agent` lacks `billing.payment`" });
  assert.equal((await cell(page, "agent", "chats.read")).allowed, "pending mine others");
  assert.deepEqual(await page.$$eval("#effect li", (l) => l.map((x) => x.textContent)), ["No decision changes."]);
  assert.equal(await page.textContent("#test-results p"), "3 passed, 0 failed");
  assert.match(await page.textContent('#rule-results [data-rule="agents never read others\' chats on main"]'), /^✗ .*broken in 1 of 1 cases, first: role `agent` in number `main` on plan `premium`: allowed `chats.read` \(others\)/);
  assert.deepEqual(await axeViolations(page), []);

  // A broken document: each problem at its path, with the hint.
  const original = await page.$eval("#policy", (a) => a.value);
  await setPolicy(page, original.replace('"inherits": "agent"', '"inherits": "agnet"').replace('"plan": "premium"', '"plan": "gold"'));
  assert.equal(await page.$eval("body", (b) => b.dataset.valid), "false");
  const problems = await page.$$eval("#problems li", (l) => l.map((x) => [x.dataset.path, x.dataset.code, x.textContent]));
  assert.deepEqual(problems.map(([p, c]) => [p, c]), [["$.plan", "unknown_plan"], ["$.roles[2].inherits", "unknown_role"]]);
  assert.match(problems[1][2], /unknown role `agnet` \(did you mean `agent`\?\)/);
  await setPolicy(page, "{ not json");
  assert.deepEqual(await page.$$eval("#problems li", (l) => l.map((x) => x.dataset.code)), ["json_syntax"]);

  // A fix that grants agents billing: the matrix, the change and the rules follow.
  const doc = JSON.parse(original);
  doc.roles.find((r) => r.id === "agent").grants.push("billing.payment");
  await setPolicy(page, JSON.stringify(doc, null, 2));
  assert.match(await page.textContent("#problems"), /No problems/);
  assert.equal((await cell(page, "agent", "billing.payment")).allowed, "yes");
  const effect = await page.$$eval("#effect li", (l) => l.map((x) => x.textContent));
  assert.ok(effect.includes("Agent gains “Payment details”"), effect.join("\n"));
  assert.match(await page.textContent('#rule-results [data-rule="no agent ever sees billing"]'), /^✗ no agent ever sees billing: broken in \d+ of \d+ cases, first: role `agent` on plan `basic`: allowed `billing.payment`/);
  assert.equal(await page.textContent("#test-results p"), "2 passed, 1 failed");
  // The plan selector decides on another plan.
  await page.selectOption("#plan", "basic");
  assert.equal((await cell(page, "admin", "team.edit_permissions")).code, "plan_lacks_feature");

  // The URL is the state: a new page on it shows the same.
  const shared = page.url();
  assert.match(shared, /#s=[A-Za-z0-9_-]+$/);
  const again = await open(shared);
  assert.equal(await again.page.$eval("#policy", (a) => a.value), JSON.stringify(doc, null, 2));
  assert.equal((await cell(again.page, "agent", "billing.payment")).allowed, "yes");
  assert.deepEqual(await again.page.$$eval("#effect li", (l) => l.map((x) => x.textContent)), effect);

  // Nothing left the page: only its own files were fetched.
  for (const r of [...requests, ...again.requests]) {
    assert.match(r, new RegExp(`^GET ${server.base}playground/`), r);
  }
  assert.deepEqual([...errors, ...again.errors], []);
  await page.close();
  await again.page.close();
});
