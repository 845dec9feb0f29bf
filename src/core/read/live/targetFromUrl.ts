import type { DatabaseUrlParts } from '../databaseUrl';
import type { LiveTarget } from './liveTarget';

export type LiveTargetResult = { ok: true; target: LiveTarget } | { ok: false; reason: string };

/**
 * The live-check target for a parsed Prisma URL. SQLite has no server (use the SQLite reader).
 * PostgreSQL without a database name connects to the database named like the user, as libpq does;
 * MySQL without one has nothing to look in.
 */
export function liveTargetFromUrl(parts: DatabaseUrlParts): LiveTargetResult {
  if (parts.dialect === 'sqlite') return { ok: false, reason: 'SQLite databases are read from their file, not over a connection' };
  const database = parts.database ?? (parts.dialect === 'postgresql' ? parts.user : undefined);
  if (!database) return { ok: false, reason: 'The URL names no database' };
  const target: LiveTarget = {
    dialect: parts.dialect,
    host: parts.host ?? 'localhost',
    port: parts.port,
    user: parts.user,
    password: parts.password,
    database,
  };
  if (parts.schema !== undefined) target.schema = parts.schema;
  if (parts.socketPath !== undefined) target.socketPath = parts.socketPath;
  return { ok: true, target };
}
