import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

/**
 * A broken copy of the bundled demo, built as scripts/demo.sh builds it: examples/ copied into a
 * fresh temp folder, and the two SQLite databases made from their seed SQL with the sqlite3 CLI
 * (users and migrations, no session table). examples/ itself is never changed. Needs sqlite3.
 */
export function makeBrokenDemo(prefix = 'sd-demo-'): string {
  const root = mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const app of ['prisma-sqlite-app', 'laravel-api-app']) cpSync(path.join(EXAMPLES, app), path.join(root, app), { recursive: true });
  execFileSync('sqlite3', ['-bail', path.join(root, 'prisma-sqlite-app', 'prisma', 'dev.db'), '.read seed.sql'], { cwd: path.join(root, 'prisma-sqlite-app') });
  execFileSync('sqlite3', ['-bail', path.join(root, 'laravel-api-app', 'database', 'database.sqlite'), '.read seed.sql'], {
    cwd: path.join(root, 'laravel-api-app', 'database'),
  });
  return root;
}
