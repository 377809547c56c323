// Types of teamgate/messages: message catalogs for the reasons.
import type { ReasonCode, ReasonParams } from "./generated.js";

/** A template: `{name}` placeholders filled from the params, or a function of them. */
export type Template = string | ((params: ReasonParams) => string | undefined);

/** A message catalog: a template for every reason code (and `not_ready`, `invalid_argument`), and hints. */
export interface Catalog {
  /** A BCP 47 language tag, e.g. `"de"`. */
  readonly locale: string;
  readonly messages: Readonly<Record<ReasonCode | "not_ready" | "invalid_argument", Template>>;
  /** Hints; a code without one keeps the engine's hint. */
  readonly hints?: Readonly<Partial<Record<ReasonCode | "not_ready" | "invalid_argument", Template>>>;
}

/** English: exactly the engine's own words. */
export declare const en: Catalog;
/** German: a worked translation. */
export declare const de: Catalog;

/**
 * Fills a template with params, in the engine's template language: `{name}`
 * is the param (a list: its items in backticks, joined by ", ");
 * `{name?then|else}` chooses on whether it is present (given, and not an
 * empty list); `{name=value?then|else}` on whether it is the text `value`.
 * A function template is called with the params.
 */
export declare function formatTemplate(template: Template, params?: ReasonParams): string | undefined;

/**
 * The explanation (or limit check) with `message` and `hint` written from
 * `catalog`; without a catalog, the explanation itself.
 */
export declare function translate<E extends { code: string; message: string; hint?: string | null; params?: ReasonParams }>(explanation: E, catalog?: Catalog | null): E;
