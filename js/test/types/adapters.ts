// The adapters' declarations, type-checked against React's and Vue's types.
import { GateProvider, useCan, Can } from "teamgate/react";
import { createGate, useCan as useCanVue, useGate } from "teamgate/vue";
import { Gate } from "teamgate";
import { Gate as LiteGate } from "teamgate/lite";
import { useGate as useGateReact } from "teamgate/react";
import { createElement } from "react";

const gate = new Gate();
createElement(GateProvider, { gate, role: "agent", number: "main" }, createElement(Can, { action: "chats.delete", scope: "others", disabled: true }, "x"));
const allowed: boolean = useCan("chats.read", "mine");
const plugin = createGate({ gate, role: "agent" });
const can = useCanVue("chats.read", () => "mine");
const v: boolean = can.value;
useGate().role.value = "admin";
// Lite gates work with both adapters.
const lite = new LiteGate();
createElement(GateProvider, { gate: lite, role: "agent" });
createGate({ gate: lite });
useGateReact<LiteGate>().can("agent", "chats.read", "mine");
useGateReact().policy(); // a full gate by default
useGate<LiteGate>().gate.capabilities("agent");
// @ts-expect-error: a lite gate has no edits
useGateReact<LiteGate>().setPlan("pro");
// @ts-expect-error: GateProvider needs a gate
createElement(GateProvider, { role: "agent" });

export { allowed, plugin, v };
