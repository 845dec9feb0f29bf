import { AppliedMigrationRow } from '../project/prismaMigrations';
import { readTableRows } from '../sqlite/tableRows';
import { AppliedHistory } from './prismaFixes';

/** Rows of `_prisma_migrations`, read with the O(schema) page reader (the table is tiny). */
export async function readAppliedPrismaMigrations(dbPath: string): Promise<AppliedHistory> {
  const read = await readTableRows(dbPath, '_prisma_migrations', { maxRows: 100_000 });
  if (!read.ok) return { ok: false, reason: read.reason };
  const rows: AppliedMigrationRow[] = [];
  for (const r of read.rows) {
    const name = r['migration_name'];
    if (typeof name !== 'string') continue;
    const text = (v: unknown) => (v === null || v === undefined ? null : typeof v === 'string' ? v : String(v));
    rows.push({ migration_name: name, finished_at: text(r['finished_at']), rolled_back_at: text(r['rolled_back_at']), checksum: text(r['checksum']) ?? '' });
  }
  return { ok: true, rows };
}
