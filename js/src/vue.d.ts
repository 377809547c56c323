import type { App, ComponentOptionsMixin, ComputedRef, DefineComponent, MaybeRefOrGetter, ObjectDirective, PublicProps, Ref, ShallowRef, SlotsType } from "vue";
import type { ActionOf, Decisions, Explanation, NumberOf, RegisteredGate, RoleOf, ScopeOf } from "./index.js";
import type { Catalog } from "./messages.js";

// Ids are those of the gate registered with `declare module "teamgate" {
// interface Register { gate: typeof gate } }` (any strings until then).
type R = RegisteredGate;

/** The plugin's gate, typed as the registered one (a lite gate stays lite); or name the kind: `useGate<Gate>()`. */
export interface GateContext<G extends Decisions<any, any, any, any> = R> {
  gate: G;
  /** Increases with every policy change. */
  version: ShallowRef<number>;
  /** Who asks: the refs given to `createGate` (or refs of the values given); set `.value` to switch. */
  role: Ref<RoleOf<G> | undefined>;
  number: Ref<NumberOf<G> | undefined>;
  /** When set, the member who asks (their role in `number` plus their grants), instead of `role`. */
  member: Ref<string | undefined>;
  /** The message catalog of the reasons (teamgate/messages); unset: the engine's English. */
  messages: ShallowRef<Catalog | undefined>;
}
export interface GateOptions {
  gate: R;
  /** Who asks: a value, a ref (the app's own, followed), or a getter (`() => session.role`). */
  role?: MaybeRefOrGetter<RoleOf<R> | undefined>;
  number?: MaybeRefOrGetter<NumberOf<R> | undefined>;
  member?: MaybeRefOrGetter<string | undefined>;
  messages?: Catalog;
}
export declare function createGate(options: GateOptions): { install(app: App): void };
export declare function useGate<G extends Decisions<any, any, any, any> = R>(): GateContext<G>;
export declare function useCan(action: MaybeRefOrGetter<ActionOf<R>>, scope?: MaybeRefOrGetter<ScopeOf<R> | "all" | undefined>): ComputedRef<boolean>;
export declare function useExplain(action: MaybeRefOrGetter<ActionOf<R>>, scope?: MaybeRefOrGetter<ScopeOf<R> | "all" | undefined>): ComputedRef<Explanation>;

/** The slots of <Can>: `default` gets the decision; `fallback` (shown when denied, unless `disabled`) the reason. */
export type CanSlots = SlotsType<{
  default: { allowed: boolean; reason: Explanation };
  fallback: { reason: Explanation };
}>;
export interface CanProps {
  action: ActionOf<R>;
  scope?: ScopeOf<R> | "all";
  /**
   * Render the default slot denied instead of the fallback: `aria-disabled`,
   * still focusable, clicks stopped, the reason as visible text it is
   * described by, and as `title` and `data-reason`. `"native"`: the native
   * `disabled` attribute instead.
   */
  disabled?: boolean | "native";
}
export declare const Can: DefineComponent<CanProps, {}, {}, {}, {}, ComponentOptionsMixin, ComponentOptionsMixin, {}, string, PublicProps, CanProps, {}, CanSlots>;

/** The value of v-can: an action (the scope as the argument, `v-can:mine`), or `[action, scope]`. */
export type CanBinding = ActionOf<R> | readonly [action: ActionOf<R>, scope?: ScopeOf<R> | "all"];
/**
 * v-can (registered by the plugin): when denied, `aria-disabled` (still
 * focusable, clicks stopped) with the reason as its accessible description;
 * `.native`: the native `disabled` instead; `.hide`: hidden.
 */
export type CanDirective = ObjectDirective<HTMLElement, CanBinding, "hide" | "native", string>;

declare module "vue" {
  interface GlobalComponents {
    Can: typeof Can;
  }
  interface GlobalDirectives {
    vCan: CanDirective;
  }
}
