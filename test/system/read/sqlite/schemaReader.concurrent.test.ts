/**
 * The schema reader under a concurrent writer (a real second process), in rollback and WAL mode:
 * every answer must be a committed state of the database (or `unknown`), never a mix of two.
 * The writer swaps one table for another in each transaction, so every committed state has exactly
 * one `swap_N` table with its `swap_N_idx` index, on top of an unchanging base schema.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { readSqliteSchema } from '../../../../src/core/read/sqlite/schemaReader';
import { cliSchema, generateDb, makeTempDir } from '../../../support/sqliteCli';

const WRITER = `
const Database = require('better-sqlite3');
const [db, mode] = process.argv.slice(1);
const d = new Database(db);
d.pragma('busy_timeout=5000');
d.pragma('journal_mode=' + mode);
if (mode === 'wal') d.pragma('wal_autocheckpoint=20');
d.exec('CREATE TABLE swap_0 (a, b); CREATE INDEX swap_0_idx ON swap_0(a);');
process.stdout.write('ready\\n');
let i = 0;
const t = setInterval(() => {
  const next = i + 1;
  d.exec('BEGIN IMMEDIATE; CREATE TABLE swap_' + next + ' (a, b, pad TEXT DEFAULT ' + "'" + 'x'.repeat(200 + (next % 7) * 300) + "'" + '); CREATE INDEX swap_' + next + '_idx ON swap_' + next + '(a); DROP TABLE swap_' + i + '; COMMIT;');
  i = next;
}, mode === 'wal' ? 1 : 5);
process.stdin.on('data', () => { clearInterval(t); d.close(); process.exit(0); });
`;

describe('readSqliteSchema with a concurrent writer process', function () {
  this.timeout(120000);
  const tmp = makeTempDir('conc');
  after(() => tmp.cleanup());

  for (const mode of ['delete', 'wal'] as const) {
    it(`journal_mode=${mode}: every answer is a committed state or unknown`, async () => {
      const db = join(tmp.dir, `${mode}.db`);
      generateDb(db, { tables: 80, pageSize: 1024 });
      const baseCount = cliSchema(db).length;
      const writer = spawn(process.execPath, ['-e', WRITER, db, mode], { stdio: ['pipe', 'pipe', 'inherit'] });
      await new Promise((res) => writer.stdout.once('data', res));
      const counts = { ok: 0, unknown: 0, error: 0 };
      try {
        for (let k = 0; k < 400; k++) {
          const r = await readSqliteSchema(db);
          counts[r.status]++;
          assert.notEqual(r.status, 'error', JSON.stringify(r));
          if (r.status !== 'ok') continue;
          const swaps = r.entries
            .filter((e) => e.name.startsWith('swap_'))
            .map((e) => e.name)
            .sort();
          assert.equal(swaps.length, 2, `not a committed state: ${swaps.join(',')}`);
          assert.equal(swaps[1], `${swaps[0]}_idx`);
          assert.equal(r.entries.length - 2, baseCount);
        }
      } finally {
        writer.stdin.write('stop\n');
        await new Promise((res) => writer.once('exit', res));
      }
      console.log(`      ${mode}: ${JSON.stringify(counts)}`);
      assert.ok(counts.ok > 0);
    });
  }
});
