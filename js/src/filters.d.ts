// Types of teamgate/filters: chat filters rendered for a database.
import type { SqlFilter } from "./generated.js";

/** What `gate.chatFilter()` / `gate.memberChatFilter()` return. */
export interface ChatFilterFlags {
  readonly pending: boolean;
  readonly mine: boolean;
  readonly others: boolean;
}

export type { SqlFilter };

export interface SqlOptions {
  /** The assignee column (NULL when a chat is assigned to nobody): a plain identifier, `name` or `table.name`. */
  column: string;
  /** The id of the member asking: the only value the condition may bind. */
  me: string;
  /** `"$"` numbered placeholders (PostgreSQL; the default) or `"?"` (SQLite, MySQL). */
  placeholder?: "$" | "?";
  /** The first `$n` (default 1): the fragment joins a query that already binds `start - 1` values. */
  start?: number;
}

/** The filter as a parameterised SQL condition: `{ sql, params }`. Throws a TypeError for a column that is not a plain identifier. */
export declare function chatFilterToSql(filter: ChatFilterFlags, options: SqlOptions): SqlFilter;

/** A Prisma `where` object (every chat: `{}`; none: `{ OR: [] }`). */
export type PrismaWhere = { [key: string]: unknown };

/** The filter as a Prisma `where` object on the assignee `field`, for `me`. */
export declare function chatFilterToPrisma(filter: ChatFilterFlags, options: { field: string; me: string }): PrismaWhere;
