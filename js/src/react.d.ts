import type { ReactNode, ReactElement } from "react";
import type { ActionOf, Decisions, Explanation, NumberOf, RegisteredGate, RoleOf, ScopeOf } from "./index.js";
import type { Catalog } from "./messages.js";

// Ids are those of the gate registered with `declare module "teamgate" {
// interface Register { gate: typeof gate } }` (any strings until then).
type G = RegisteredGate;

export interface GateProviderProps {
  /** A gate of `teamgate` or `teamgate/lite` (the registered one's type, once registered). */
  gate: G;
  /** The signed-in member's role in `number`. */
  role?: RoleOf<G>;
  /** The number (channel) the UI is showing; omit for role defaults. */
  number?: NumberOf<G>;
  /** Ask for this member (their role in `number` plus their grants) instead of a role. */
  member?: string;
  /** A message catalog (teamgate/messages) for the reasons; default: the engine's English. */
  messages?: Catalog;
  children?: ReactNode;
}
export declare function GateProvider(props: GateProviderProps): ReactElement;
/**
 * The provider's gate; re-renders on every policy change. Throws outside a
 * provider. Typed as the registered gate (a lite one stays lite); or name
 * the kind: `useGate<Gate>()`.
 */
export declare function useGate<T extends Decisions<any, any, any, any> = G>(): T;
/** Options of the hooks: ask as another role, or in another number. */
export interface AskOptions {
  role?: RoleOf<G>;
  number?: NumberOf<G>;
}
export declare function useCan(action: ActionOf<G>, scope?: ScopeOf<G> | "all" | null, options?: AskOptions): boolean;
export declare function useExplain(action: ActionOf<G>, scope?: ScopeOf<G> | "all" | null, options?: AskOptions): Explanation;
export interface CanProps {
  action: ActionOf<G>;
  scope?: ScopeOf<G> | "all";
  role?: RoleOf<G>;
  number?: NumberOf<G>;
  /**
   * Render the children denied instead of hiding them: `aria-disabled`,
   * still focusable, clicks stopped, the reason as visible text they are
   * described by (`<span class="teamgate-reason">`), and as `title` and
   * `data-reason`. `"native"`: the native `disabled` attribute instead.
   */
  disabled?: boolean | "native";
  /** What to render when denied and not `disabled`. */
  fallback?: ReactNode;
  children?: ReactNode | ((decision: Explanation) => ReactNode);
}
export declare function Can(props: CanProps): ReactElement | null;
