import type { App, ComputedRef, DefineComponent, MaybeRefOrGetter, ShallowRef } from "vue";
import type { Gate, Explanation } from "./index.js";

export interface GateContext {
  gate: Gate<any, any, any, any>;
  /** Increases with every policy change. */
  version: ShallowRef<number>;
  /** Who asks: set `.value` to switch the signed-in role or number. */
  role: ShallowRef<string | undefined>;
  number: ShallowRef<string | undefined>;
}
export declare function createGate(options: { gate: Gate<any, any, any, any>; role?: string; number?: string }): { install(app: App): void };
export declare function useGate(): GateContext;
export declare function useCan(action: MaybeRefOrGetter<string>, scope?: MaybeRefOrGetter<string | undefined>): ComputedRef<boolean>;
export declare function useExplain(action: MaybeRefOrGetter<string>, scope?: MaybeRefOrGetter<string | undefined>): ComputedRef<Explanation>;
export declare const Can: DefineComponent<{ action: string; scope?: string; disabled?: boolean }>;
