import type { ReactNode, ReactElement } from "react";
import type { Gate, Explanation } from "./index.js";

export interface GateProviderProps {
  gate: Gate<any, any, any, any>;
  /** The signed-in member's role in `number`. */
  role?: string;
  /** The number (channel) the UI is showing; omit for role defaults. */
  number?: string;
  children?: ReactNode;
}
export declare function GateProvider(props: GateProviderProps): ReactElement;
/** The provider's gate; re-renders on every policy change. Throws outside a provider. */
export declare function useGate(): Gate<any, any, any, any>;
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
