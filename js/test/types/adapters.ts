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
// Who asks may be the app's ref or a getter.
import { ref } from "vue";
const signedIn = ref<string | undefined>("agent");
createGate({ gate, role: signedIn, number: () => "main" });
// Lite gates work with both adapters.
const lite = new LiteGate();
createElement(GateProvider, { gate: lite, role: "agent" });
createGate({ gate: lite });
useGateReact<LiteGate>().can("agent", "chats.read", "mine");
useGateReact<Gate>().policy(); // name the kind for the full gate's extras
// @ts-expect-error: unregistered, useGate() is what every gate answers: no edits
useGateReact().setPlan("pro");
useGate<LiteGate>().gate.capabilities("agent");
// @ts-expect-error: a lite gate has no edits
useGateReact<LiteGate>().setPlan("pro");
// @ts-expect-error: GateProvider needs a gate
createElement(GateProvider, { role: "agent" });

// Catalogs, members and dehydrated decisions.
import { de, en, translate } from "teamgate/messages";
import type { Catalog } from "teamgate/messages";
import { DecisionsError } from "teamgate/lite";
import { h } from "vue";
import { Can as VueCan } from "teamgate/vue";
import type { CanDirective } from "teamgate/vue";
createElement(GateProvider, { gate, member: "ana", number: "main", messages: de });
createGate({ gate: lite, member: "ana", number: "main", messages: en });
const catalog: Catalog = { locale: "fr", messages: { ...en.messages, owner: "propriétaire {role}" } };
const said: string = translate(gate.explain("agent", "billing.payment"), catalog).message;
const decisions = gate.dehydrate({ role: "agent", number: "main", actions: ["chats.read"] });
const hydrated = new LiteGate(gate.snapshot(), { decisions });
hydrated.hydrate(decisions).can("agent", "chats.read", "mine");
gate.dehydrate({ member: "ana", number: "main" });
// @ts-expect-error: a member needs the number they work in
gate.dehydrate({ member: "ana" });
const bad: DecisionsError | null = null;
// Vue's <Can> slots are typed: `allowed` and `reason`.
h(VueCan, { action: "chats.delete", scope: "others", disabled: true }, {
  default: ({ allowed, reason }: { allowed: boolean; reason: { code: string } }) => h("button", { disabled: !allowed, title: reason.code }),
});
// v-can's value: an action, or [action, scope].
const dir: CanDirective | null = null;
type Binding = Parameters<NonNullable<CanDirective["mounted"]>>[1]["value"];
const b1: Binding = "chats.read";
const b2: Binding = ["chats.read", "mine"];
// @ts-expect-error: v-can takes no number
const b3: Binding = 42;

export { allowed, plugin, v, said, bad, dir, b1, b2, b3 };
