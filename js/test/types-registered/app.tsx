// Type-checked by `tsc -p test/types-registered`: an app that registers its
// gate, so that every id it passes to the React and Vue adapters is checked
// (the lines marked @ts-expect-error must not compile).
import { Gate, init } from "teamgate/lite";
import { Can, GateProvider, useCan, useExplain, useGate } from "teamgate/react";
import { createGate, useCan as useCanVue, useGate as useGateVue, Can as VueCan } from "teamgate/vue";
import type { CanBinding } from "teamgate/vue";
import { h, ref } from "vue";

const gate = new Gate();
void init();

declare module "teamgate" {
  interface Register {
    gate: typeof gate;
  }
}

export function Toolbar() {
  const canDelete: boolean = useCan("chats.delete", "others");
  // @ts-expect-error: a typo in an action
  useCan("chats.repy");
  // @ts-expect-error: a typo in a scope
  useCan("chats.reply", "mien");
  // @ts-expect-error: a typo in a role
  useExplain("chats.reply", "mine", { role: "agnet" });
  // The registered gate is lite: it has no edits.
  // @ts-expect-error: setPlan is the full engine's
  useGate().setPlan("pro");
  useGate().can("agent", "chats.read", "mine");
  return (
    <GateProvider gate={gate} role="agent" number="main">
      {canDelete && <button>Delete</button>}
      <Can action="billing.payment" disabled>
        <button>Pay</button>
      </Can>
      {/* @ts-expect-error: a typo in <Can action> */}
      <Can action="chats.repy">
        <button>Reply</button>
      </Can>
      {/* @ts-expect-error: a typo in the provider's role */}
      <GateProvider gate={gate} role="agnet" />
    </GateProvider>
  );
}

// Vue: the composables, <Can> and v-can's value take the same ids.
const role = ref<"agent" | "admin" | undefined>("agent");
createGate({ gate, role, number: () => "main" });
// @ts-expect-error: a typo in the plugin's role
createGate({ gate, role: "agnet" });
useCanVue("chats.read", () => "mine");
// @ts-expect-error: a typo in an action
useCanVue("chats.raed");
// @ts-expect-error: the registered gate is lite
useGateVue().gate.setPlan("pro");
useGateVue().role.value = "admin";
h(VueCan, { action: "chats.delete", scope: "others" });
// @ts-expect-error: a typo in <Can action>
h(VueCan, { action: "chats.delet" });
const binding: CanBinding = ["chats.delete", "others"];
// @ts-expect-error: a typo in v-can's value
const typo: CanBinding = "billing.paymnet";
export { binding, typo };
