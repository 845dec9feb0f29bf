import { readTableRows } from '../sqlite/tableRows';

export type LaravelHistory = { ok: true; hasTable: boolean; names: string[]; nextBatch: number } | { ok: false; reason: string };

/** Laravel's `migrations` table (id, migration, batch), read with the page reader, never loading the database. */
export async function readLaravelMigrationHistory(sqlitePath: string, prefix = ''): Promise<LaravelHistory> {
  const read = await readTableRows(sqlitePath, `${prefix}migrations`, { maxRows: 100_000 });
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

function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** The row `php artisan migrate` writes for a migration it ran (Laravel's own insert). */
export function recordLaravelMigrationSql(prefix: string, name: string, batch: number): string {
  return `insert into "${prefix}migrations" ("migration", "batch") values (${sqlString(name)}, ${batch});\n`;
}
