// A plain HTML page importing pkg/ in headless Chromium: a decision, the
// golden vectors through the JS API in the browser, and the boundary
// property (random arguments of every JS type to every export).
import { test } from "node:test";
import assert from "node:assert/strict";
import { serve } from "./serve.mjs";
import { launch } from "./browser.mjs";

test("the package works in a plain <script type=module> page in Chromium", async () => {
  const server = await serve();
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await page.goto(`${server.url}/js/test/page.html`);
    await page.waitForFunction(() => window.__result !== undefined, null, { timeout: 30000 });
    const r = await page.evaluate(() => window.__result);
    assert.equal(r.error, undefined, r.error);
    assert.deepEqual(errors, []);
    assert.equal(r.agentReplyMine, true);
    assert.equal(r.agentBilling.code, "role_lacks_action");
    assert.equal(await page.textContent("#decision"), "agent may reply");
    assert.ok(r.vectors.cases > 200);
    assert.deepEqual(r.vectors.failures, []);
    assert.equal(r.liteAgentReplyMine, true);
    assert.ok(r.liteVectors.cases > 200);
    assert.deepEqual(r.liteVectors.failures, []);
    assert.equal(r.usesNodeBuiltins, false);
    // Random arguments of every JS type to every export, in Chromium.
    for (const b of r.boundary) {
      assert.equal(b.calls, 3000);
      assert.deepEqual(b.failures, []);
    }
    console.log(`# boundary property in Chromium: slowest call ${Math.max(...r.boundary.map((b) => b.slowest)).toFixed(1)} ms`);
  } finally {
    await browser.close();
    await server.close();
  }
});
