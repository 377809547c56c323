// teamgate/vue in a DOM: plugin, useCan, <Can>, v-can, reactive to updates.
import { test } from "node:test";
import assert from "node:assert/strict";
import { installDom } from "./dom.mjs";

installDom();
const { createApp, h, nextTick, withDirectives, resolveDirective, defineComponent } = await import("vue");
const { createGate, useCan, useGate, Can } = await import("../src/vue.js");
const { Gate } = await import("../../pkg/node.js");

function mount(component, plugin) {
  const el = document.createElement("div");
  document.body.append(el);
  const app = createApp(component);
  if (plugin) app.use(plugin);
  app.config.warnHandler = () => {};
  app.mount(el);
  return { el, app };
}

test("useCan, <Can> and v-can follow updates and the signed-in role", async () => {
  const gate = new Gate();
  let clicks = 0;
  let ctx;
  const Inbox = defineComponent({
    setup() {
      ctx = useGate();
      const canDelete = useCan("chats.delete", "others");
      return () =>
        h("div", [
          h("span", { id: "hook" }, canDelete.value ? "yes" : "no"),
          h(Can, { action: "chats.delete", scope: "others" }, { default: () => h("button", { id: "hidden" }, "Delete"), fallback: () => h("i", { id: "fallback" }, "nope") }),
          h(Can, { action: "chats.delete", scope: "others", disabled: true }, { default: ({ allowed, reason }) => h("button", { id: "slot", disabled: !allowed, title: reason.message }, "Delete") }),
          h(Can, { action: "chats.delete", scope: "others", disabled: true }, { default: () => h("button", { id: "plain", onClick: () => clicks++ }, "Delete") }),
          withDirectives(h("button", { id: "directive", onClick: () => clicks++ }, "Delete"), [[resolveDirective("can"), "chats.delete", "others"]]),
          withDirectives(h("button", { id: "native" }, "Delete"), [[resolveDirective("can"), "chats.delete", "others", { native: true }]]),
          withDirectives(h("button", { id: "hide" }, "Billing"), [[resolveDirective("can"), "billing.payment", undefined, { hide: true }]]),
        ]);
    },
  });
  const { el, app } = mount(Inbox, createGate({ gate, role: "agent", number: "main" }));
  assert.equal(el.querySelector("#hook").textContent, "yes");
  assert.ok(el.querySelector("#hidden"));
  assert.equal(el.querySelector("#directive").getAttribute("aria-disabled"), null);
  assert.equal(el.querySelector("#hide").style.display, "none");

  gate.setTeamPermission("admin", "main", "agent", "chats.delete", ["mine"]);
  await nextTick();
  assert.equal(el.querySelector("#hook").textContent, "no");
  assert.equal(el.querySelector("#hidden"), null);
  assert.ok(el.querySelector("#fallback"));
  assert.equal(el.querySelector("#slot").disabled, true);
  // <Can disabled> denies a child that does not do it itself, as React's
  // does: focusable, described by a visible reason, clicks stopped.
  const plain = el.querySelector("#plain");
  assert.equal(plain.disabled, false);
  assert.equal(plain.getAttribute("aria-disabled"), "true");
  assert.equal(plain.dataset.reason, "restricted_in_number");
  assert.match(plain.title, /restrict/);
  assert.match(document.getElementById(plain.getAttribute("aria-describedby")).textContent, /restrict/);
  plain.click();
  assert.equal(clicks, 0, "a denied control's click does nothing");
  const d = el.querySelector("#directive");
  assert.equal(d.getAttribute("aria-disabled"), "true");
  assert.match(d.getAttribute("aria-description"), /restrict/);
  assert.equal(d.dataset.reason, "restricted_in_number");
  d.click();
  assert.equal(clicks, 0, "v-can stops a denied element's clicks");
  assert.equal(el.querySelector("#native").disabled, true, "v-can.native: the native attribute");

  ctx.role.value = "owner"; // switch the signed-in member
  await nextTick();
  assert.equal(el.querySelector("#hook").textContent, "yes");
  assert.equal(el.querySelector("#hide").style.display, "");
  app.unmount();
});

test("a missing plugin gives an actionable error", () => {
  const Lost = defineComponent({
    setup() {
      useCan("chats.read", "mine");
      return () => null;
    },
  });
  const el = document.createElement("div");
  const app = createApp(Lost);
  let caught;
  app.config.errorHandler = (e) => {
    caught = e;
  };
  app.config.warnHandler = () => {};
  app.mount(el);
  assert.match(String(caught), /found no gate.*app.use\(createGate/);
});

test("who asks may be the app's own ref (followed, and switched through it) or a getter", async () => {
  const { ref } = await import("vue");
  const gate = new Gate();
  const role = ref("agent");
  const session = ref({ number: "main" });
  let ctx;
  const Pay = defineComponent({
    setup() {
      ctx = useGate();
      const pays = useCan("billing.payment");
      return () => h("span", { id: "pays" }, pays.value ? "yes" : "no");
    },
  });
  const { el, app } = mount(Pay, createGate({ gate, role, number: () => session.value.number }));
  assert.equal(el.querySelector("#pays").textContent, "no");
  role.value = "owner"; // the app's ref
  await nextTick();
  assert.equal(el.querySelector("#pays").textContent, "yes");
  assert.equal(ctx.role.value, "owner", "the context's ref is the app's");
  ctx.role.value = "agent"; // and switching through the context switches the app's
  await nextTick();
  assert.equal(role.value, "agent");
  assert.equal(el.querySelector("#pays").textContent, "no");
  assert.equal(ctx.number.value, "main", "a getter is read");
  app.unmount();
});

test("a signed-in member (role plus grants), and v-can with an [action, scope] array", async () => {
  const { presetDocument } = await import("../../pkg/node.js");
  const doc = presetDocument("team-inbox");
  doc.members = [{ id: "ana", roles: { main: "agent" }, grants: ["developers.docs"] }];
  const gate = new Gate(doc);
  const Screen = defineComponent({
    setup() {
      const docs = useCan("developers.docs");
      const keys = useCan("developers.api_keys");
      return () =>
        h("div", [
          h("span", { id: "docs" }, docs.value ? "docs" : "no docs"),
          h("span", { id: "keys" }, keys.value ? "keys" : "no keys"),
          withDirectives(h("button", { id: "pair" }, "Read others"), [[resolveDirective("can"), ["chats.read", "others"]]]),
        ]);
    },
  });
  const { el, app } = mount(Screen, createGate({ gate, member: "ana", number: "main" }));
  assert.equal(el.querySelector("#docs").textContent, "docs", "a grant to the member on top of the agent role");
  assert.equal(el.querySelector("#keys").textContent, "no keys");
  assert.equal(el.querySelector("#pair").getAttribute("aria-disabled"), null);
  gate.setTeamPermission("admin", "main", "agent", "chats.read", ["mine"]);
  await nextTick();
  assert.equal(el.querySelector("#pair").getAttribute("aria-disabled"), "true", "the array's scope is the one decided");
  assert.equal(el.querySelector("#pair").dataset.reason, "restricted_in_number");
  app.unmount();
});
