// teamgate in Jest (babel-jest, jsdom): the package's CommonJS entries load
// their wasm on require, with nothing else to configure.
import { act } from "react";
import { createRoot } from "react-dom/client";
import { Gate } from "teamgate";
import { Gate as LiteGate } from "teamgate/lite";
import { Can, GateProvider, useCan } from "teamgate/react";

globalThis.IS_REACT_ACT_ENVIRONMENT = true;

function Toolbar() {
  const canDelete = useCan("chats.delete", "others");
  return (
    <>
      {canDelete && <button id="delete">Delete</button>}
      <Can action="billing.payment" disabled>
        <button id="pay">Pay</button>
      </Can>
    </>
  );
}

function render(gate, role) {
  const el = document.createElement("div");
  document.body.append(el);
  act(() => createRoot(el).render(<GateProvider gate={gate} role={role} number="main"><Toolbar /></GateProvider>));
  return el;
}

test.each([
  ["teamgate", () => new Gate()],
  ["teamgate/lite", () => new LiteGate()],
])("<Can> and useCan decide for two roles with %s", (_, make) => {
  const gate = make();
  const owner = render(gate, "owner");
  expect(owner.querySelector("#pay").getAttribute("aria-disabled")).toBeNull();
  expect(owner.querySelector("#delete")).not.toBeNull();
  const agent = render(gate, "agent");
  // Denied: still focusable, marked aria-disabled, the reason as visible text it is described by.
  const pay = agent.querySelector("#pay");
  expect(pay.getAttribute("aria-disabled")).toBe("true");
  expect(document.getElementById(pay.getAttribute("aria-describedby")).textContent).toBe(gate.explain("agent", "billing.payment", undefined, "main").message);
  expect(agent.querySelector("#delete")).not.toBeNull();
});

test("an edit re-renders what it changes", () => {
  const gate = new Gate();
  const agent = render(gate, "agent");
  expect(agent.querySelector("#delete")).not.toBeNull();
  act(() => gate.setTeamPermission("admin", "main", "agent", "chats.delete", ["mine"]));
  expect(agent.querySelector("#delete")).toBeNull();
});
