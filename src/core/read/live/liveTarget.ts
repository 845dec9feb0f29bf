/** Where a live check connects. Built from a Prisma URL or Laravel's `DB_*` settings. */
export interface LiveTarget {
  dialect: 'mysql' | 'postgresql';
  host: string;
  port?: number;
  user?: string;
  /** SECRET: never printed; every message that leaves src/core/live is redacted against it. */
  password?: string;
  database: string;
  /** PostgreSQL only; defaults to `public` (Prisma's and Laravel's default search path). */
  schema?: string;
  /** Unix socket: a file for MySQL/MariaDB, the socket folder for PostgreSQL. Wins over host/port. */
  socketPath?: string;
}

export type UnknownReason = 'unreachable' | 'access-denied' | 'unknown-database' | 'timeout' | 'other';

export type LiveResult =
  | {
      status: 'present' | 'missing';
      table: string;
      elapsedMs: number;
      /** Asked for (`columns: true`) and present: the table's columns, in order. */
      columns?: string[];
      /** With `columns`: whether the table holds a row; undefined when that could not be read. */
      hasRows?: boolean;
    }
  /** The database could not be asked. Never to be read as "missing". `message` is masked. */
  | { status: 'unknown'; reason: UnknownReason; message: string; elapsedMs: number };

export const DEFAULT_LIVE_TIMEOUT_MS = 3000;
