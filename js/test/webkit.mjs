// The plain page of page.test.mjs in WebKit, Safari's engine (Debian's
// WebKitGTK and its WebDriver, under Xvfb: scripts/test.sh runs this with
// xvfb-run): a gated decision, the golden vectors through the JS API (full
// and lite), and the boundary property, in the browser engine Chromium and
// Firefox are not.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { serve } from "./serve.mjs";

const DRIVER = process.env.WEBKIT_WEBDRIVER ?? "/usr/bin/WebKitWebDriver";

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** A WebDriver session of WebKitWebDriver (its default browser, MiniBrowser). */
async function webkit() {
  const port = await freePort();
  const driver = spawn(DRIVER, [`--port=${port}`], { stdio: "ignore" });
  const base = `http://127.0.0.1:${port}`;
  const call = async (method, path, body) => {
    const res = await fetch(`${base}${path}`, { method, headers: { "content-type": "application/json" }, body: body && JSON.stringify(body) });
    const json = await res.json();
    if (json.value?.error) throw new Error(`${path}: ${json.value.error}: ${json.value.message}`);
    return json.value;
  };
  for (let i = 0; ; i++) {
    try {
      await fetch(`${base}/status`);
      break;
    } catch (err) {
      if (i > 100) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const { sessionId } = await call("POST", "/session", { capabilities: {} });
  const s = `/session/${sessionId}`;
  return {
    goto: (url) => call("POST", `${s}/url`, { url }),
    run: (script) => call("POST", `${s}/execute/sync`, { script, args: [] }),
    async close() {
      await call("DELETE", s).catch(() => {});
      driver.kill();
    },
  };
}

test("the package works in a plain page in WebKit: a decision, the golden vectors, the boundary property", { timeout: 180_000 }, async () => {
  const server = await serve();
  const browser = await webkit();
  try {
    await browser.goto(`${server.url}/js/test/page.html`);
    let r;
    for (let i = 0; i < 600 && (r === undefined || r === null); i++) {
      r = await browser.run("return window.__result === undefined ? null : JSON.parse(JSON.stringify(window.__result));");
      if (r === null) await new Promise((res) => setTimeout(res, 200));
    }
    assert.ok(r, "the page finished");
    assert.equal(r.error, undefined, r.error);
    assert.equal(r.agentReplyMine, true);
    assert.equal(r.agentBilling.code, "role_lacks_action");
    assert.equal(await browser.run('return document.getElementById("decision").textContent;'), "agent may reply");
    assert.ok(r.vectors.cases > 200);
    assert.deepEqual(r.vectors.failures, []);
    assert.deepEqual(r.liteVectors.failures, []);
    for (const b of r.boundary) assert.deepEqual(b.failures, []);
    assert.ok(/AppleWebKit/.test(await browser.run("return navigator.userAgent;")), "the engine is WebKit");
  } finally {
    await browser.close();
    await server.close();
  }
});
