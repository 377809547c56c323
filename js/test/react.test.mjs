// teamgate/react in a DOM: provider, hooks, <Can>, re-render on update().
import { test } from "node:test";
import assert from "node:assert/strict";
import { installDom } from "./dom.mjs";

installDom();
const { createElement: h, act } = await import("react");
const { createRoot } = await import("react-dom/client");
const { GateProvider, useCan, useGate, Can } = await import("../src/react.js");
const { Gate } = await import("../../pkg/node.js");

async function render(element) {
  const el = document.createElement("div");
  document.body.append(el);
  const root = createRoot(el);
  await act(async () => root.render(element));
  return { el, root };
}

test("useCan and <Can> follow the provider's role and re-render on policy updates", async () => {
  const gate = new Gate();
  let renders = 0;
  let clicks = 0;
  function Inbox() {
    renders++;
    const canDelete = useCan("chats.delete", "others");
    return h("div", null,
      h("span", { id: "hook" }, canDelete ? "yes" : "no"),
      h(Can, { action: "chats.delete", scope: "others" }, h("button", { id: "hidden" }, "Delete")),
      h(Can, { action: "chats.delete", scope: "others", disabled: true }, h("button", { id: "disabled", onClick: () => clicks++ }, "Delete")),
      h(Can, { action: "chats.delete", scope: "others", disabled: "native" }, h("button", { id: "native" }, "Delete")),
      h(Can, { action: "billing.payment", fallback: h("i", { id: "fallback" }, "no billing") }, h("b", null, "billing")),
    );
  }
  const { el, root } = await render(h(GateProvider, { gate, role: "agent", number: "main" }, h(Inbox)));
  assert.equal(el.querySelector("#hook").textContent, "yes");
  assert.ok(el.querySelector("#hidden"));
  assert.equal(el.querySelector("#disabled").getAttribute("aria-disabled"), null);
  assert.equal(el.querySelector(".teamgate-reason"), null, "no reason while allowed");
  assert.ok(el.querySelector("#fallback"));

  const before = renders;
  await act(async () => gate.setTeamPermission("admin", "main", "agent", "chats.delete", ["mine"]));
  assert.ok(renders > before, "re-rendered after the update");
  assert.equal(el.querySelector("#hook").textContent, "no");
  assert.equal(el.querySelector("#hidden"), null, "hidden when denied");
  // Denied, accessibly: focusable, clicks stopped, described by a visible reason.
  const disabled = el.querySelector("#disabled");
  assert.equal(disabled.disabled, false, "still focusable");
  assert.equal(disabled.getAttribute("aria-disabled"), "true");
  assert.equal(disabled.getAttribute("data-reason"), "restricted_in_number");
  assert.match(disabled.title, /restrict `chats.delete`/);
  const reason = document.getElementById(disabled.getAttribute("aria-describedby"));
  assert.equal(reason.className, "teamgate-reason");
  assert.match(reason.textContent, /restrict `chats.delete`/);
  disabled.focus();
  assert.equal(document.activeElement, disabled);
  await act(async () => disabled.click());
  assert.equal(clicks, 0, "a denied control's click does nothing");
  // disabled="native": the native attribute, as before.
  assert.equal(el.querySelector("#native").disabled, true);
  assert.equal(el.querySelector("#native").getAttribute("aria-describedby"), null);

  await act(async () => gate.setPlan("basic")); // D3: restrictions not enforced
  assert.equal(el.querySelector("#hook").textContent, "yes");
  await act(async () => root.unmount());
});

test("<Can> shows the upgrade a plan needs", async () => {
  const gate = new Gate();
  gate.setPlan("pro");
  const { el, root } = await render(
    h(GateProvider, { gate, role: "admin" }, h(Can, { action: "team.edit_permissions", disabled: true }, h("button", { id: "perm" }, "Permissions"))),
  );
  const b = el.querySelector("#perm");
  assert.equal(b.getAttribute("aria-disabled"), "true");
  assert.equal(b.getAttribute("data-reason"), "plan_lacks_feature");
  assert.equal(b.getAttribute("data-upgrade-to"), "premium");
  await act(async () => root.unmount());
});

test("a missing provider gives an actionable error", async () => {
  function Lost() {
    useGate();
    return null;
  }
  const errors = [];
  const original = console.error;
  console.error = (...a) => errors.push(a.join(" "));
  try {
    await assert.rejects(render(h(Lost)), /outside <GateProvider>.*Wrap your app/);
  } finally {
    console.error = original;
  }
});

test("a signed-in member (their role in the number plus their grants), and children as a function of the decision", async () => {
  const { presetDocument } = await import("../../pkg/node.js");
  const doc = presetDocument("team-inbox");
  doc.members = [{ id: "ana", roles: { main: "agent" }, grants: ["developers.docs"] }];
  const gate = new Gate(doc);
  function Screen() {
    return h("div", null,
      h("span", { id: "docs" }, useCan("developers.docs") ? "docs" : "no docs"),
      h("span", { id: "keys" }, useCan("developers.api_keys") ? "keys" : "no keys"),
      h(Can, { action: "chats.read", scope: "others" }, (d) => h("span", { id: "fn", "data-code": d.code }, d.allowed ? "All chats" : "Your chats")),
    );
  }
  const { el, root } = await render(h(GateProvider, { gate, member: "ana", number: "main" }, h(Screen)));
  assert.equal(el.querySelector("#docs").textContent, "docs", "a grant to the member on top of the agent role");
  assert.equal(el.querySelector("#keys").textContent, "no keys");
  assert.equal(el.querySelector("#fn").textContent, "All chats");
  await act(async () => gate.setTeamPermission("admin", "main", "agent", "chats.read", ["mine"]));
  assert.equal(el.querySelector("#fn").textContent, "Your chats", "a function child is called when denied too");
  assert.equal(el.querySelector("#fn").dataset.code, "restricted_in_number");
  await act(async () => root.unmount());
});
