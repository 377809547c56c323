// The adapters' declarations, type-checked against React's and Vue's types.
import { GateProvider, useCan, Can } from "teamgate/react";
import { createGate, useCan as useCanVue, useGate } from "teamgate/vue";
import { Gate } from "teamgate";
import { createElement } from "react";

const gate = new Gate();
createElement(GateProvider, { gate, role: "agent", number: "main" }, createElement(Can, { action: "chats.delete", scope: "others", disabled: true }, "x"));
const allowed: boolean = useCan("chats.read", "mine");
const plugin = createGate({ gate, role: "agent" });
const can = useCanVue("chats.read", () => "mine");
const v: boolean = can.value;
useGate().role.value = "admin";
// @ts-expect-error: GateProvider needs a gate
createElement(GateProvider, { role: "agent" });

export { allowed, plugin, v };
