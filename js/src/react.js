// teamgate/react: a provider, hooks and <Can>, re-rendering when the gate's
// policy changes (useSyncExternalStore on gate.subscribe / gate.version).
import { createContext, createElement, cloneElement, isValidElement, useCallback, useContext, useId, useMemo, useSyncExternalStore, Fragment } from "react";
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

/** A denied control's click (or submit, or Enter and Space on a button): it does nothing. */
function stop(event) {
  event.preventDefault();
  event.stopPropagation();
}

/**
 * Renders its children when allowed. When denied: nothing (or `fallback`),
 * or with `disabled`, the children shown denied: `aria-disabled="true"`,
 * still focusable (keyboard and screen-reader users reach it), clicks
 * stopped, and the reason as visible text next to it that the control's
 * `aria-describedby` points at (`<span class="teamgate-reason">`), besides
 * `title`, `data-reason` and `data-upgrade-to`. `disabled="native"` sets
 * the native `disabled` attribute instead (not focusable: the reason is
 * only in `title`). Children may be a function of the explanation.
 *
 * <Can action="chats.delete" scope="others" disabled><button>Delete</button></Can>
 */
export function Can({ action, scope, role, number, disabled = false, fallback = null, children }) {
  const decision = useExplain(action, scope, { role, number });
  const reasonId = useId();
  if (typeof children === "function") return children(decision);
  if (decision.allowed) return createElement(Fragment, null, children);
  if (!disabled) return fallback;
  const base = { title: decision.message, "data-reason": decision.code };
  if (decision.upgradeTo) base["data-upgrade-to"] = decision.upgradeTo;
  if (disabled === "native") {
    return isValidElement(children) ? cloneElement(children, { ...base, disabled: true }) : createElement("span", { ...base, "aria-disabled": true }, children);
  }
  const described = (own) => [own, reasonId].filter(Boolean).join(" ");
  const denied = { ...base, "aria-disabled": "true", onClick: stop, onSubmit: stop };
  const control = isValidElement(children)
    ? cloneElement(children, { ...denied, "aria-describedby": described(children.props["aria-describedby"]) })
    : createElement("span", { ...denied, "aria-describedby": reasonId, role: "group", tabIndex: 0 }, children);
  const reason = createElement("span", { id: reasonId, className: "teamgate-reason", "data-teamgate-reason": decision.code }, decision.message);
  return createElement(Fragment, null, control, " ", reason);
}
