// teamgate/react: a provider, hooks and <Can>, re-rendering when the gate's
// policy changes (useSyncExternalStore on gate.subscribe / gate.version).
import { createContext, createElement, cloneElement, isValidElement, useCallback, useContext, useMemo, useSyncExternalStore, Fragment } from "react";
import { translate } from "./translate.js";

const GateContext = createContext(null);

/**
 * Makes a gate, and who is asking, available below it:
 * `<GateProvider gate={gate} role="agent" number="main">`, or
 * `member="ana" number="main"` for a signed-in member (their role there
 * plus their grants); `messages`: a catalog of teamgate/messages for the
 * reasons (default: the engine's English).
 */
export function GateProvider({ gate, role, number, member, messages, children }) {
  if (!gate) throw new Error("teamgate/react: <GateProvider> needs a `gate` prop (a teamgate Gate)");
  const value = useMemo(() => ({ gate, role, number, member, messages }), [gate, role, number, member, messages]);
  return createElement(GateContext.Provider, { value }, children);
}

function useContextOrThrow(hook) {
  const ctx = useContext(GateContext);
  if (ctx === null) {
    throw new Error(`teamgate/react: ${hook}() was called outside <GateProvider>. Wrap your app: <GateProvider gate={gate} role={role}>…</GateProvider>`);
  }
  return ctx;
}

function useVersion(gate) {
  const subscribe = useCallback((onChange) => gate.subscribe(onChange), [gate]);
  return useSyncExternalStore(subscribe, () => gate.version, () => gate.version);
}

/** The gate of the nearest provider; the component re-renders on every policy change. */
export function useGate() {
  const { gate } = useContextOrThrow("useGate");
  useVersion(gate);
  return gate;
}

/** May the provider's role do `action` (in `scope`) in the provider's number? */
export function useCan(action, scope, options = {}) {
  const ctx = useContextOrThrow("useCan");
  useVersion(ctx.gate);
  const { member, role, number } = who(ctx, options);
  return member === undefined ? ctx.gate.can(role, action, scope, number) : ctx.gate.canMember(member, number, action, scope);
}

/** `useCan` with its reason: `{ allowed, code, message, hint?, upgradeTo?, params }`, in the provider's language. */
export function useExplain(action, scope, options = {}) {
  const ctx = useContextOrThrow("useExplain");
  useVersion(ctx.gate);
  const { member, role, number } = who(ctx, options);
  const e = member === undefined ? ctx.gate.explain(role, action, scope, number) : ctx.gate.explainMember(member, number, action, scope);
  return translate(e, ctx.messages);
}

/** Who asks: a `role` in the options asks as that role; else the provider's member, or its role. */
function who(ctx, options) {
  const number = options.number ?? ctx.number;
  if (options.role !== undefined) return { role: options.role, number };
  return ctx.member === undefined || ctx.member === null ? { role: ctx.role, number } : { member: ctx.member, number };
}

/**
 * Renders its children when allowed. When denied: nothing (or `fallback`),
 * or with `disabled`, the children disabled with the reason as `title` and
 * `data-reason`. Children may be a function of the explanation.
 *
 * <Can action="chats.delete" scope="others" disabled><button>Delete</button></Can>
 */
export function Can({ action, scope, role, number, disabled = false, fallback = null, children }) {
  const decision = useExplain(action, scope, { role, number });
  if (typeof children === "function") return children(decision);
  if (decision.allowed) return createElement(Fragment, null, children);
  if (!disabled) return fallback;
  const props = { disabled: true, title: decision.message, "data-reason": decision.code };
  if (decision.upgradeTo) props["data-upgrade-to"] = decision.upgradeTo;
  return isValidElement(children) ? cloneElement(children, props) : createElement("span", { "aria-disabled": true, title: decision.message, "data-reason": decision.code }, children);
}
