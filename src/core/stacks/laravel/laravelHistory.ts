import { DEFAULT_LIVE_TIMEOUT_MS, type LiveTarget } from '../../read/live/liveTarget';
import { queryWithin } from '../../read/live/sessionFactory';
import { readTableRows } from '../../read/sqlite/tableRows';

export type LaravelHistory = { ok: true; hasTable: boolean; names: string[]; nextBatch: number } | { ok: false; reason: string };

/**
 * Laravel's migrations table (id, migration, batch), read with the page reader, never loading the
 * database. `table` is the prefixed name: `database.migrations` (default `migrations`) after the
 * connection's prefix, as artisan's migration repository names it.
 */
export async function readLaravelMigrationHistory(sqlitePath: string, table = 'migrations'): Promise<LaravelHistory> {
  const read = await readTableRows(sqlitePath, table, { maxRows: 100_000 });
  if (!read.ok) return read.missingTable ? { ok: true, hasTable: false, names: [], nextBatch: 1 } : { ok: false, reason: read.reason };
  const names: string[] = [];
  let maxBatch = 0;
  for (const r of read.rows) {
    if (typeof r['migration'] === 'string') names.push(r['migration']);
    const b = r['batch'];
    if (typeof b === 'number' && b > maxBatch) maxBatch = b;
  }
  return { ok: true, hasTable: true, names, nextBatch: maxBatch + 1 };
}

/**
 * Whether `migrations` on a MySQL/PostgreSQL server records `name`, with one read-only query per
 * schema (PostgreSQL: the first schema of the search path that has the table is the one Laravel
 * reads). undefined when it cannot be told (no connection, no answer in time): the caller then
 * keeps its default. No table: false, as `php artisan migrate` would then run every migration.
 */
export async function isMigrationRecordedLive(
  target: LiveTarget,
  schemas: ReadonlyArray<string | undefined>,
  table: string,
  name: string,
  timeoutMs = DEFAULT_LIVE_TIMEOUT_MS,
): Promise<boolean | undefined> {
  return queryWithin(target, timeoutMs, async (session) => {
    for (const schema of schemas) {
      const quoted =
        target.dialect === 'mysql' ? `\`${table.replace(/`/g, '``')}\`` : `${schema ? `"${schema.replace(/"/g, '""')}".` : ''}"${table.replace(/"/g, '""')}"`;
      const placeholder = target.dialect === 'mysql' ? '?' : '$1';
      try {
        const rows = await session.query(`SELECT 1 AS found FROM ${quoted} WHERE migration = ${placeholder}`, [name]);
        return rows.length > 0;
      } catch (err) {
        // No such table (MySQL 1146, PostgreSQL 42P01): try the next schema; anything else: cannot tell.
        const e = err as { errno?: number; code?: string };
        if (e.errno !== 1146 && e.code !== '42P01') return undefined;
      }
    }
    return false;
  });
}
