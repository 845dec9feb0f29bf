/**
 * What the detector reports: one "missing table" error occurrence found in a text stream, a
 * missing column of a table, or Django's early warning that the sessions migration is not applied.
 */

export type FindingKind =
  | 'prisma-p2021'
  | 'prisma-p2010'
  | 'mysql-1146'
  | 'sqlite-no-such-table'
  | 'postgres-42p01'
  /**
   * Shopify's Prisma session storage (`@shopify/shopify-app-session-storage-prisma`) gave up polling
   * for its table: `MissingSessionTableError: Prisma session table does not exist.`; `table` is the
   * model (the client property with its first letter upper-cased, `session` -> `Session`).
   */
  | 'shopify-prisma-session-table'
  /** A table exists but lacks a column: SQLite "no such column" / "has no column named", PostgreSQL 42703, MySQL 1054. */
  | 'missing-column'
  /** Django's "You have N unapplied migration(s) … app(s): …, sessions": a warning before any error; `table` is the app label `sessions`. */
  | 'django-unapplied-migration'
  /** Better Auth 1.7's own schema check (`SchemaMismatchError … Missing tables`), before any SQL runs: one finding per table it lists. */
  | 'better-auth-schema-mismatch';

/** Kinds that say a table does not exist (the others: a column, a pending migration). */
export const MISSING_TABLE_KINDS: ReadonlySet<FindingKind> = new Set([
  'prisma-p2021',
  'prisma-p2010',
  'shopify-prisma-session-table',
  'mysql-1146',
  'sqlite-no-such-table',
  'postgres-42p01',
  'better-auth-schema-mismatch',
]);

export interface Finding {
  kind: FindingKind;
  /** Unqualified table name as written, e.g. `Session`, `sessions`, or `(not available)`. */
  table: string;
  /** `missing-column` only: the column the table lacks, e.g. `expire_date`. */
  column?: string;
  /** Schema or database name when the error gave one: `main`, `public`, `db-pc`. */
  qualifier?: string;
  /** True when the table is a session store (`session` / `sessions` in any case, or a caller-given name). */
  session: boolean;
  /** 1-based line number in the stream of the line that carries the error message. */
  line: number;
  /** That line with colours, terminal sequences, log prefixes and JSON escapes removed. */
  text: string;
}

/**
 * Tables that hold login sessions in the stacks we support (Prisma `Session`, Laravel `sessions`,
 * Django `django_session`; `sessions` is also the app label of Django's unapplied-migration warning).
 */
const DEFAULT_SESSION_TABLES = ['session', 'sessions', 'django_session'];

/** Builds the case-insensitive set of session table names, with the caller's extra names. */
export function sessionTableSet(extra: readonly string[] = []): ReadonlySet<string> {
  return new Set([...DEFAULT_SESSION_TABLES, ...extra].map((t) => t.toLowerCase()));
}

/**
 * Splits `schema.table` at the last dot: database names may hold dots rarely, table names almost
 * never, and Prisma/MySQL/PostgreSQL all print `qualifier.table`.
 */
export function splitQualifiedName(name: string): { table: string; qualifier?: string } {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1) return { table: name };
  return { table: name.slice(dot + 1), qualifier: name.slice(0, dot) };
}
