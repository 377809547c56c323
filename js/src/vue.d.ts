import type { App, ComponentOptionsMixin, ComputedRef, DefineComponent, MaybeRefOrGetter, ObjectDirective, PublicProps, ShallowRef, SlotsType } from "vue";
import type { Decisions, Gate, Explanation } from "./index.js";
import type { Catalog } from "./messages.js";

/** A `teamgate` gate by default; name the kind for a lite one: `useGate<LiteGate>()`. */
export interface GateContext<G extends Decisions<any, any, any, any> = Gate<any, any, any, any>> {
  gate: G;
  /** Increases with every policy change. */
  version: ShallowRef<number>;
  /** Who asks: set `.value` to switch the signed-in role or number. */
  role: ShallowRef<string | undefined>;
  number: ShallowRef<string | undefined>;
  /** When set, the member who asks (their role in `number` plus their grants), instead of `role`. */
  member: ShallowRef<string | undefined>;
  /** The message catalog of the reasons (teamgate/messages); unset: the engine's English. */
  messages: ShallowRef<Catalog | undefined>;
}
export interface GateOptions {
  gate: Decisions<any, any, any, any>;
  role?: string;
  number?: string;
  member?: string;
  messages?: Catalog;
}
export declare function createGate(options: GateOptions): { install(app: App): void };
export declare function useGate<G extends Decisions<any, any, any, any> = Gate<any, any, any, any>>(): GateContext<G>;
export declare function useCan(action: MaybeRefOrGetter<string>, scope?: MaybeRefOrGetter<string | undefined>): ComputedRef<boolean>;
export declare function useExplain(action: MaybeRefOrGetter<string>, scope?: MaybeRefOrGetter<string | undefined>): ComputedRef<Explanation>;

/** The slots of <Can>: `default` gets the decision; `fallback` (shown when denied, unless `disabled`) the reason. */
export type CanSlots = SlotsType<{
  default: { allowed: boolean; reason: Explanation };
  fallback: { reason: Explanation };
}>;
export interface CanProps {
  action: string;
  scope?: string;
  /** Render the default slot disabled (with the reason as title and data-reason) instead of the fallback. */
  disabled?: boolean;
}
export declare const Can: DefineComponent<CanProps, {}, {}, {}, {}, ComponentOptionsMixin, ComponentOptionsMixin, {}, string, PublicProps, CanProps, {}, CanSlots>;

/** The value of v-can: an action (the scope as the argument, `v-can:mine`), or `[action, scope]`. */
export type CanBinding = string | readonly [action: string, scope?: string];
/** v-can (registered by the plugin): disables (or with `.hide`, hides) the element when denied. */
export type CanDirective = ObjectDirective<HTMLElement, CanBinding, "hide", string>;

declare module "vue" {
  interface GlobalComponents {
    Can: typeof Can;
  }
  interface GlobalDirectives {
    vCan: CanDirective;
  }
}
