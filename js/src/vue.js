// teamgate/vue: a plugin, composables, a <Can> component and a v-can
// directive, reactive to policy changes (gate.subscribe / gate.version),
// rendered on the server too (v-can's getSSRProps).
import { cloneVNode, computed, defineComponent, h, inject, isRef, isVNode, shallowRef, toRef, toValue, useId, watchEffect } from "vue";
import { translate } from "./translate.js";

const KEY = Symbol("teamgate");

function context(gate, { role, number, member, messages } = {}) {
  if (!gate) throw new Error("teamgate/vue: createGate({ gate }) needs a teamgate Gate");
  const version = shallowRef(gate.version);
  // A server renders each request once and never updates it: subscribing
  // there would only keep every request's app alive.
  if (typeof document !== "undefined") {
    gate.subscribe(() => {
      version.value = gate.version;
    });
  }
  // Who asks: the app's own ref (followed, and switched through it), a
  // getter (read-only: it follows what it reads), or a value.
  const who = (v) => (isRef(v) || typeof v === "function" ? toRef(v) : shallowRef(v));
  return { gate, version, role: who(role), number: who(number), member: who(member), messages: shallowRef(messages) };
}

/** The explanation for who asks (a member, or a role) in the context's number, in the context's language. */
function explainIn(ctx, action, scope) {
  void ctx.version.value;
  const member = ctx.member.value;
  const e =
    member === undefined || member === null
      ? ctx.gate.explain(ctx.role.value, action, scope, ctx.number.value)
      : ctx.gate.explainMember(member, ctx.number.value, action, scope);
  return translate(e, ctx.messages.value);
}

/**
 * The plugin: `app.use(createGate({ gate, role: "agent", number: "main" }))`,
 * or `{ gate, member: "ana", number: "main" }` to ask for a signed-in member
 * (their role there plus their grants); `messages`: a catalog of
 * teamgate/messages for the reasons. Registers <Can> and v-can;
 * `useGate().role.value = "admin"` switches who asks.
 */
export function createGate(options) {
  return {
    install(app) {
      const ctx = context(options.gate, options);
      app.provide(KEY, ctx);
      app.component("Can", Can);
      app.directive("can", directive(ctx));
    },
  };
}

function useContextOrThrow(name) {
  const ctx = inject(KEY, null);
  if (ctx === null) {
    throw new Error(`teamgate/vue: ${name}() found no gate. Install the plugin: app.use(createGate({ gate, role }))`);
  }
  return ctx;
}

/** `{ gate, version, role, number, member, messages }`: refs to read and to switch who asks. */
export function useGate() {
  return useContextOrThrow("useGate");
}

/** A computed boolean: may the current role do `action` (in `scope`)? Arguments may be refs. */
export function useCan(action, scope) {
  const ctx = useContextOrThrow("useCan");
  return computed(() => {
    void ctx.version.value;
    const member = ctx.member.value;
    return member === undefined || member === null
      ? ctx.gate.can(ctx.role.value, toValue(action), toValue(scope), ctx.number.value)
      : ctx.gate.canMember(member, ctx.number.value, toValue(action), toValue(scope));
  });
}

/** A computed explanation: `{ allowed, code, message, hint?, upgradeTo? }`. */
export function useExplain(action, scope) {
  const ctx = useContextOrThrow("useExplain");
  return computed(() => explainIn(ctx, toValue(action), toValue(scope)));
}

/**
 * <Can action="chats.delete" scope="others">…</Can>: the default slot when
 * allowed, else the `fallback` slot. With `disabled`, the default slot is
 * always rendered (with `{ allowed, reason }`) and, when denied, its
 * elements are disabled with the reason as `title` and `data-reason`, as
 * React's <Can disabled>.
 */
export const Can = defineComponent({
  name: "Can",
  props: { action: { type: String, required: true }, scope: String, disabled: { type: [Boolean, String], default: false } },
  setup(props, { slots }) {
    const ctx = useContextOrThrow("<Can>");
    const reasonId = useId();
    // The render function reads the policy version, who asks, and the props,
    // so it re-runs when any of them changes.
    return () => {
      const d = explainIn(ctx, props.action, props.scope);
      if (d.allowed) return slots.default?.({ allowed: true, reason: d });
      if (props.disabled === false) return slots.fallback?.({ reason: d }) ?? null;
      const base = { title: d.message, "data-reason": d.code };
      if (d.upgradeTo) base["data-upgrade-to"] = d.upgradeTo;
      const nodes = slots.default?.({ allowed: false, reason: d }) ?? [];
      if (props.disabled === "native") return nodes.map((n) => (isVNode(n) ? cloneVNode(n, { ...base, disabled: true }) : n));
      // Still focusable, clicks stopped, the reason as visible text the
      // control's description points at (as React's <Can disabled>).
      const denied = nodes.map((n) => {
        if (!isVNode(n)) return n;
        const c = cloneVNode(n, { ...base, "aria-disabled": "true" });
        const own = n.props?.["aria-describedby"];
        c.props = { ...c.props, "aria-describedby": own ? `${own} ${reasonId}` : reasonId, onClick: stopEvent, onSubmit: stopEvent };
        return c;
      });
      return [...denied, " ", h("span", { id: reasonId, class: "teamgate-reason", "data-teamgate-reason": d.code }, d.message)];
    };
  },
});

/** A denied control's click (or submit): it does nothing. */
function stopEvent(event) {
  event.preventDefault();
  event.stopPropagation();
}

/** Clicks on an element v-can denied, stopped before the element's own handlers (capture). */
function stopDenied(event) {
  if (event.currentTarget.getAttribute("aria-disabled") === "true") {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
}

/**
 * v-can="'chats.delete'", v-can:others="'chats.delete'" or
 * v-can="['chats.delete', 'others']": when denied, the element is
 * `aria-disabled="true"` (still focusable, clicks stopped) with the reason
 * as its accessible description (`aria-description`), `title` and
 * `data-reason`; `v-can.native` sets the native `disabled` instead;
 * `v-can.hide` hides it. Follows policy changes, and renders the same on
 * the server (getSSRProps).
 */
function directive(ctx) {
  const decide = (binding) => {
    const [action, scope] = Array.isArray(binding.value) ? binding.value : [binding.value, binding.arg];
    return explainIn(ctx, action, scope);
  };
  const apply = (el, binding) => {
    const d = decide(binding);
    if (binding.modifiers.hide) {
      el.style.display = d.allowed ? "" : "none";
      return;
    }
    const native = binding.modifiers.native;
    if (native) el.disabled = !d.allowed;
    if (d.allowed) {
      for (const a of ["title", "data-reason", "aria-disabled", "aria-description"]) el.removeAttribute(a);
    } else {
      el.title = d.message;
      el.dataset.reason = d.code;
      if (!native) {
        el.setAttribute("aria-disabled", "true");
        el.setAttribute("aria-description", d.message);
      }
    }
  };
  const state = new WeakMap();
  return {
    getSSRProps(binding) {
      const d = decide(binding);
      if (d.allowed) return {};
      if (binding.modifiers.hide) return { style: { display: "none" } };
      if (binding.modifiers.native) return { disabled: true, title: d.message, "data-reason": d.code };
      return { "aria-disabled": "true", "aria-description": d.message, title: d.message, "data-reason": d.code };
    },
    mounted(el, binding) {
      // Registered first, in the capture phase: a denied element's own click handlers never run.
      el.addEventListener("click", stopDenied, true);
      const current = shallowRef(binding);
      const stop = watchEffect(() => {
        void ctx.version.value;
        apply(el, current.value);
      });
      state.set(el, { current, stop });
    },
    updated(el, binding) {
      const s = state.get(el);
      if (s) s.current.value = binding;
    },
    unmounted(el) {
      el.removeEventListener("click", stopDenied, true);
      state.get(el)?.stop();
      state.delete(el);
    },
  };
}
