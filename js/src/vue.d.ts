import type { App, ComputedRef, DefineComponent, MaybeRefOrGetter, ShallowRef } from "vue";
import type { Decisions, Gate, Explanation } from "./index.js";

/** A `teamgate` gate by default; name the kind for a lite one: `useGate<LiteGate>()`. */
export interface GateContext<G extends Decisions<any, any, any, any> = Gate<any, any, any, any>> {
  gate: G;
  /** Increases with every policy change. */
  version: ShallowRef<number>;
  /** Who asks: set `.value` to switch the signed-in role or number. */
  role: ShallowRef<string | undefined>;
  number: ShallowRef<string | undefined>;
}
export declare function createGate(options: { gate: Decisions<any, any, any, any>; role?: string; number?: string }): { install(app: App): void };
export declare function useGate<G extends Decisions<any, any, any, any> = Gate<any, any, any, any>>(): GateContext<G>;
export declare function useCan(action: MaybeRefOrGetter<string>, scope?: MaybeRefOrGetter<string | undefined>): ComputedRef<boolean>;
export declare function useExplain(action: MaybeRefOrGetter<string>, scope?: MaybeRefOrGetter<string | undefined>): ComputedRef<Explanation>;
export declare const Can: DefineComponent<{ action: string; scope?: string; disabled?: boolean }>;
