import type { ReactNode, ReactElement } from "react";
import type { Decisions, Gate, Explanation } from "./index.js";
import type { Catalog } from "./messages.js";

export interface GateProviderProps {
  /** A gate of `teamgate` or `teamgate/lite`. */
  gate: Decisions<any, any, any, any>;
  /** The signed-in member's role in `number`. */
  role?: string;
  /** The number (channel) the UI is showing; omit for role defaults. */
  number?: string;
  /** Ask for this member (their role in `number` plus their grants) instead of a role. */
  member?: string;
  /** A message catalog (teamgate/messages) for the reasons; default: the engine's English. */
  messages?: Catalog;
  children?: ReactNode;
}
export declare function GateProvider(props: GateProviderProps): ReactElement;
/**
 * The provider's gate; re-renders on every policy change. Throws outside a
 * provider. A `teamgate` gate by default; name the kind for a lite one:
 * `useGate<LiteGate>()`.
 */
export declare function useGate<G extends Decisions<any, any, any, any> = Gate<any, any, any, any>>(): G;
/** Options of the hooks: ask as another role, or in another number. */
export interface AskOptions {
  role?: string;
  number?: string;
}
export declare function useCan(action: string, scope?: string | null, options?: AskOptions): boolean;
export declare function useExplain(action: string, scope?: string | null, options?: AskOptions): Explanation;
export interface CanProps {
  action: string;
  scope?: string;
  role?: string;
  number?: string;
  /** Render the children disabled (with the reason as title and data-reason) instead of hiding them. */
  disabled?: boolean;
  /** What to render when denied and not `disabled`. */
  fallback?: ReactNode;
  children?: ReactNode | ((decision: Explanation) => ReactNode);
}
export declare function Can(props: CanProps): ReactElement | null;
