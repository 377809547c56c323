// Server rendering that agrees with the client: the server renders with the
// engine; the browser hydrates with a gate that answers from the server's
// dehydrated decisions (its wasm not yet loaded): the same markup, no
// hydration warning; once the wasm has loaded the engine answers, the same.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { installDom } from "./dom.mjs";
import { Gate } from "../../pkg/node.js";
import * as lite from "../../pkg/lite.js"; // the browser entry: not ready until init
import { de } from "../../pkg/messages.js";

installDom();
const React = await import("react");
const { renderToString } = await import("react-dom/server");
const { hydrateRoot } = await import("react-dom/client");
const reactAdapter = await import("../src/react.js");
const Vue = await import("vue");
const { renderToString: vueRenderToString } = await import("vue/server-renderer");
const vueAdapter = await import("../src/vue.js");

const server = new Gate();
server.setPlan("basic"); // plan denials too: team permissions need premium
const snapshot = server.snapshot();
const errors = [];
const original = { error: console.error, warn: console.warn };
console.error = (...a) => errors.push(a.join(" "));
console.warn = (...a) => errors.push(a.join(" "));

const SCREEN = [
  ["chats.delete", "others"],
  ["chats.reply", "mine"],
  ["team.edit_permissions", undefined],
  ["billing.payment", undefined],
  ["analytics.view", undefined],
];

function ReactScreen() {
  const h = React.createElement;
  const { Can, useCan, useExplain } = reactAdapter;
  const canPay = useCan("billing.payment");
  const why = useExplain("team.edit_permissions");
  return h(
    "main",
    null,
    h("p", { id: "pay" }, canPay ? "can pay" : "cannot pay"),
    h("p", { id: "why" }, why.message),
    ...SCREEN.map(([action, scope]) => h(Can, { key: action, action, scope, disabled: true }, h("button", null, action))),
  );
}

for (const role of ["agent", "admin", "owner"]) {
  test(`React (${role}): server HTML = hydrated HTML = engine's, no hydration warning`, async () => {
    const decisions = JSON.parse(JSON.stringify(server.dehydrate({ role, number: "main" })));
    const app = (gate) => React.createElement(reactAdapter.GateProvider, { gate, role, number: "main", messages: de }, React.createElement(ReactScreen));
    const html = renderToString(app(server));
    assert.match(html, /data-reason/, "something is denied on this screen");
    const browser = new lite.Gate(snapshot, { decisions });
    assert.equal(lite.isReady(), false);
    assert.equal(renderToString(app(browser)), html, "the browser's first render, from dehydrated decisions, is the server's");
    const el = document.createElement("div");
    el.innerHTML = html;
    document.body.append(el);
    errors.length = 0;
    await React.act(async () => {
      hydrateRoot(el, app(browser));
    });
    assert.deepEqual(errors, [], "no hydration warning");
    assert.equal(el.innerHTML, html);
    assert.match(el.querySelector("#why").textContent, /Tarif `basic`/, "reasons in the provider's language");
  });
}

test("Vue: <Can>, useCan and v-can render on the server with real decisions, and hydrate with none", async () => {
  const { h, withDirectives, resolveDirective, defineComponent, createSSRApp } = Vue;
  const { Can, useCan, createGate } = vueAdapter;
  const Screen = defineComponent({
    setup() {
      const canPay = useCan("billing.payment");
      return () =>
        h("main", [
          h("p", { id: "pay" }, canPay.value ? "can pay" : "cannot pay"),
          ...SCREEN.map(([action, scope]) => h(Can, { action, scope, disabled: true }, { default: () => h("button", { class: "can" }, action) })),
          withDirectives(h("button", { id: "pay-button" }, "Pay"), [[resolveDirective("can"), "billing.payment"]]),
          withDirectives(h("button", { id: "delete" }, "Delete"), [[resolveDirective("can"), ["chats.delete", "others"]]]),
          withDirectives(h("a", { id: "billing" }, "Billing"), [[resolveDirective("can"), "billing.payment", undefined, { hide: true }]]),
        ]);
    },
  });
  for (const role of ["agent", "owner"]) {
    const decisions = JSON.parse(JSON.stringify(server.dehydrate({ role, number: "main" })));
    const make = (gate) => createSSRApp(Screen).use(createGate({ gate, role, number: "main" }));
    const html = await vueRenderToString(make(server));
    const pay = server.can(role, "billing.payment");
    // v-can on the server (getSSRProps): the denied button is denied (aria), the hidden link hidden.
    if (!pay) {
      assert.match(html, /<button id="pay-button" aria-disabled="true" aria-description="[^"]+" title="[^"]+" data-reason="role_lacks_action">/);
      assert.match(html, /<a id="billing" style="display:none;">/);
    } else {
      assert.match(html, /<button id="pay-button">/);
      assert.match(html, /<a id="billing">/);
    }
    const browser = new lite.Gate(snapshot, { decisions });
    assert.equal(await vueRenderToString(make(browser)), html, "the browser's first render is the server's");
    const el = document.createElement("div");
    el.innerHTML = html;
    document.body.append(el);
    errors.length = 0;
    const app = make(browser);
    app.config.warnHandler = (msg) => errors.push(msg);
    app.mount(el);
    await Vue.nextTick();
    assert.deepEqual(errors, [], `${role}: no hydration mismatch`);
    assert.equal(el.querySelector("#pay-button").getAttribute("aria-disabled") === "true", !pay);
  }
});

test("once the wasm has loaded, hydrated apps re-render with the engine: the same answers, and updates apply", async () => {
  const decisions = server.dehydrate({ role: "admin", number: "main" });
  const browser = new lite.Gate(snapshot, { decisions });
  const el = document.createElement("div");
  document.body.append(el);
  const { createRoot } = await import("react-dom/client");
  const root = createRoot(el);
  await React.act(async () => root.render(React.createElement(reactAdapter.GateProvider, { gate: browser, role: "admin", number: "main" }, React.createElement(ReactScreen))));
  const before = el.innerHTML;
  await React.act(async () => {
    await lite.init(readFileSync(new URL("../../pkg/teamgate_lite_bg.wasm", import.meta.url)));
  });
  assert.equal(browser.version, 1);
  assert.equal(el.innerHTML, before, "the engine's answers are the dehydrated ones");
  const premium = new Gate(server);
  premium.setPlan("premium");
  await React.act(async () => browser.update(premium.snapshot()));
  assert.notEqual(el.innerHTML, before, "an update applies without a reload");
  assert.equal(el.querySelector('button[data-reason="plan_lacks_feature"]'), null);
  console.error = original.error;
  console.warn = original.warn;
});
