import type { ReactNode, ReactElement } from "react";
import type { Decisions, Gate, Explanation } from "./index.js";

export interface GateProviderProps {
  /** A gate of `teamgate` or `teamgate/lite`. */
  gate: Decisions<any, any, any, any>;
  /** The signed-in member's role in `number`. */
  role?: string;
  /** The number (channel) the UI is showing; omit for role defaults. */
  number?: string;
  children?: ReactNode;
}
export declare function GateProvider(props: GateProviderProps): ReactElement;
/**
 * The provider's gate; re-renders on every policy change. Throws outside a
 * provider. A `teamgate` gate by default; name the kind for a lite one:
 * `useGate<LiteGate>()`.
 */
export declare function useGate<G extends Decisions<any, any, any, any> = Gate<any, any, any, any>>(): G;
export declare function useCan(action: string, scope?: string | null, options?: { role?: string; number?: string }): boolean;
export declare function useExplain(action: string, scope?: string | null, options?: { role?: string; number?: string }): Explanation;
export interface CanProps {
  action: string;
  scope?: string;
  role?: string;
  number?: string;
  /** Render the children disabled (with the reason as title) instead of hiding them. */
  disabled?: boolean;
  /** What to render when denied and not `disabled`. */
  fallback?: ReactNode;
  children?: ReactNode | ((decision: Explanation) => ReactNode);
}
export declare function Can(props: CanProps): ReactElement | null;
