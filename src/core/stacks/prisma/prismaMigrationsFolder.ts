/** Reads `prisma/migrations`: each migration.sql with its checksum, and migration_lock.toml. */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { MAX_TEXT_BYTES, readRegularFile } from '../../read/regularFile';
import type { MigrationsFolder, PrismaMigration } from './prismaMigrations';

/** migration.sql files may hold data (seed inserts): a higher bound than config files, still a bound. */
const MAX_MIGRATION_BYTES = 64 * 1024 * 1024;

export async function readMigrationsFolder(dir: string): Promise<MigrationsFolder> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return { dir, exists: false, migrations: [] };
  }
  const migrations: PrismaMigration[] = [];
  let unreadable: string | undefined;
  for (const e of entries.filter((x) => x.isDirectory()).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const sqlPath = path.join(dir, e.name, 'migration.sql');
    const read = await readRegularFile(sqlPath, MAX_MIGRATION_BYTES);
    if (!read.ok) {
      // A folder without migration.sql is not a migration (Prisma ignores it too); one that cannot be read is.
      if (read.failure !== 'missing') unreadable ??= read.reason;
      continue;
    }
    const bytes = read.bytes;
    migrations.push({ name: e.name, sqlPath, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') });
  }
  let lockProvider: string | undefined;
  const lock = await readRegularFile(path.join(dir, 'migration_lock.toml'), MAX_TEXT_BYTES);
  if (lock.ok) lockProvider = lock.bytes.toString('utf8').match(/^\s*provider\s*=\s*"([^"]*)"/m)?.[1];
  // else: no lock file, provider unknown
  const folder: MigrationsFolder = { dir, exists: true, lockProvider, migrations };
  if (unreadable) folder.unreadable = unreadable;
  return folder;
}
