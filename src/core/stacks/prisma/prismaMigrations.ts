/** Prisma's migrations as records, and the SQL of their bookkeeping in `_prisma_migrations`. Pure. */
import { createHash, randomUUID } from 'node:crypto';
import type { Bookkeeping, SqlCheck } from '../../model';

/** A folder of `prisma/migrations` with its migration.sql. */
export interface PrismaMigration {
  name: string;
  sqlPath: string;
  sql: string;
  /** sha256 of the file bytes, as Prisma stores it in `_prisma_migrations.checksum`. */
  checksum: string;
}

export interface MigrationsFolder {
  dir: string;
  exists: boolean;
  /** `provider` in migration_lock.toml. */
  lockProvider?: string;
  migrations: PrismaMigration[];
  /** Why a migration.sql that exists could not be read (a FIFO, a folder, too large, no permission). */
  unreadable?: string;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The first migration whose SQL creates `table` (any of Prisma's quoting styles). */
export function migrationCreatingTable(folder: MigrationsFolder, table: string): PrismaMigration | undefined {
  const name = escapeRegExp(table);
  const re = new RegExp(String.raw`CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:"[^"]+"\.)?(?:"${name}"|\x60${name}\x60|${name}\b)\s*\(`, 'i');
  return folder.migrations.find((m) => re.test(m.sql));
}

/** One row of `_prisma_migrations`, as far as we need it. */
export interface AppliedMigrationRow {
  migration_name: string;
  finished_at: string | null;
  rolled_back_at: string | null;
  checksum: string;
}

export function pendingMigrations(folder: MigrationsFolder, applied: AppliedMigrationRow[]): PrismaMigration[] {
  const done = new Set(applied.filter((r) => r.finished_at !== null && r.rolled_back_at === null).map((r) => r.migration_name));
  return folder.migrations.filter((m) => !done.has(m.name));
}

/** The table Prisma creates for its history on SQLite, byte-equal to what `prisma migrate deploy` runs. */
const SQLITE_PRISMA_MIGRATIONS_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
);`;

function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** `2026-11-22T05:23:07.598+00:00`: the text form Prisma 6's migrate deploy writes on SQLite. */
function prismaTimestamp(d: Date): string {
  return d.toISOString().replace('Z', '+00:00');
}

/**
 * SQL that records a migration as applied exactly as `prisma migrate deploy` does on SQLite:
 * a uuid id, the sha256 checksum of migration.sql, start/finish times, one applied step.
 */
function recordMigrationSql(m: { name: string; checksum: string }, now: Date, id: string = randomUUID()): string {
  const t = sqlString(prismaTimestamp(now));
  return (
    `${SQLITE_PRISMA_MIGRATIONS_DDL}\n` +
    `INSERT INTO "_prisma_migrations" ("id", "checksum", "finished_at", "migration_name", "logs", "rolled_back_at", "started_at", "applied_steps_count") ` +
    `VALUES (${sqlString(id)}, ${sqlString(m.checksum)}, ${t}, ${sqlString(m.name)}, NULL, NULL, ${t}, 1);`
  );
}

/**
 * The bookkeeping `prisma migrate deploy` would do for `entries`, in order: resolve the failed
 * attempts first (as `migrate resolve --rolled-back`), then one finished row each. Checked inside
 * the transaction: each name ends up recorded as applied exactly once (a concurrent deploy that
 * recorded it meanwhile is a conflict). The undo removes exactly these rows and resolutions.
 */
export function prismaRecordBookkeeping(entries: Array<{ name: string; checksum: string; at: Date; resolveFailed: boolean }>): Bookkeeping {
  const sql: string[] = [];
  const undo: string[] = [];
  const checks: SqlCheck[] = [];
  for (const e of entries) {
    const id = randomUUID();
    if (e.resolveFailed) {
      sql.push(markFailedRolledBackSql(e.name, e.at));
      undo.push(
        `UPDATE "_prisma_migrations" SET "rolled_back_at" = NULL WHERE "migration_name" = ${sqlString(e.name)} AND "finished_at" IS NULL AND "rolled_back_at" = ${sqlString(prismaTimestamp(e.at))};`,
      );
    }
    sql.push(recordMigrationSql(e, e.at, id));
    undo.push(`DELETE FROM "_prisma_migrations" WHERE "id" = ${sqlString(id)};`);
    checks.push({
      expr: `(SELECT count(*) FROM "_prisma_migrations" WHERE "migration_name" = ${sqlString(e.name)} AND "finished_at" IS NOT NULL AND "rolled_back_at" IS NULL) = 1`,
      failure: 'conflict',
      message: `migration ${e.name} is already recorded as applied`,
    });
  }
  return { sql: sql.join('\n'), checks, undoSql: undo.reverse().join('\n') };
}

/**
 * SQL that marks the failed attempts of a migration (finished_at and rolled_back_at both NULL) as
 * rolled back, as `prisma migrate resolve --rolled-back <name>` does. While such a row exists,
 * `migrate deploy` refuses to run (P3009) and `migrate status` reports the failure, even after a
 * later successful row for the same name.
 */
function markFailedRolledBackSql(name: string, now: Date): string {
  return `UPDATE "_prisma_migrations" SET "rolled_back_at" = ${sqlString(prismaTimestamp(now))} WHERE "migration_name" = ${sqlString(name)} AND "finished_at" IS NULL AND "rolled_back_at" IS NULL;`;
}

/** Names of migrations with a failed attempt that was not resolved. */
export function failedMigrationNames(applied: AppliedMigrationRow[]): Set<string> {
  return new Set(applied.filter((r) => r.finished_at === null && r.rolled_back_at === null).map((r) => r.migration_name));
}

/** `20261122052307_add_session`: the folder name `prisma migrate dev --name add_session` would use. */
export function newMigrationName(now: Date, slug = 'add_session'): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}_${slug}`;
}

export function checksumOf(text: string): string {
  return createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');
}
