/**
 * Data-safety evidence for the locked writers, with real processes and Debian's sqlite3 as the
 * judge: a writer committing in a loop during the fix, a reader and a writer arriving in the last
 * milliseconds before the commit, and SIGKILL at random points. Whatever happens, every row a
 * writer reported committed is there, and the database is wholly before or wholly after the fix.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { applySql } from '../../../../../src/core/fixes/apply/sqlite/apply';
import { cliScalar, makeTempDir } from '../../../../support/sqliteCli';
import { committedValues, enginesHere, journalModeOf, judge, makeDb, REQUEST, sqliteProcess, WASM } from './lockedEngines';

const SCALE = Number(process.env.SESSION_DOCTOR_FUZZ_SCALE ?? 1);
const WRITER_RUNS = Math.round(8 * SCALE);
const KILL_RUNS = Math.round(12 * SCALE);
const ENGINES = enginesHere();
const tmp = makeTempDir('locked-safety');
after(() => tmp.cleanup());
let n = 0;
function freshDb(journal: 'delete' | 'wal'): string {
  const dir = join(tmp.dir, `run${n++}`);
  mkdirSync(dir);
  const db = join(dir, 'dev.db');
  makeDb(db, journal, 300);
  return db;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Every W row the writer reported committed is in the database. */
function assertKept(db: string, committed: number[]): void {
  assert.ok(committed.length > 0, 'the writer committed nothing');
  const present = new Set(cliScalar(db, '.timeout 10000\nSELECT group_concat(v) FROM W;').split(',').map(Number));
  const lost = committed.filter((v) => !present.has(v));
  assert.deepEqual(lost, [], `committed rows lost: ${lost.length} of ${committed.length}`);
}

for (const engine of ENGINES) {
  describe(`locked apply with ${engine}: data safety with real processes`, function () {
    this.timeout(600000);

    for (const journal of ['delete', 'wal'] as const) {
      it(`${journal} mode: ${WRITER_RUNS} fixes while a writer commits in a loop; every committed row kept, the fix applied`, async () => {
        let applied = 0;
        let rows = 0;
        for (let i = 0; i < WRITER_RUNS; i++) {
          const db = freshDb(journal);
          const writer = sqliteProcess('writer', db, i % 3);
          await writer.next((l) => l === 'committed 5');
          await sleep((i * 7) % 30);
          const r = await applySql(db, REQUEST, { wasmPath: WASM, engine, backupDir: join(tmp.dir, 'backups') });
          if (r.status === 'applied') applied++;
          else assert.equal(r.status === 'refused' && r.code, 'locked', JSON.stringify(r)); // the only acceptable refusal
          const after = committedValues(writer).length;
          await writer.next((l) => l === `committed ${after + 10}`);
          writer.child.stdin.end();
          await writer.exited;
          assert.deepEqual(
            writer.lines.filter((l) => l.startsWith('error')),
            [],
          );
          assertKept(db, committedValues(writer));
          rows += committedValues(writer).length;
          assert.equal(judge(db, 300), r.status === 'applied' ? 'new' : 'old');
          assert.equal(journalModeOf(db), journal);
        }
        console.log(`      ${engine} ${journal}: applied ${applied}/${WRITER_RUNS}, ${rows} writer rows kept`);
        assert.ok(applied > WRITER_RUNS / 2, `applied in only ${applied} of ${WRITER_RUNS} runs`);
      });

      it(`${journal} mode: a reader and a writer that open the database in the last milliseconds before the commit`, async () => {
        for (let i = 0; i < 3; i++) {
          const db = freshDb(journal);
          const late: Array<Promise<{ code: number | null; out: string }>> = [];
          const run = (sql: string) =>
            new Promise<{ code: number | null; out: string }>((res) => {
              const c = spawn('sqlite3', [db], { stdio: ['pipe', 'pipe', 'pipe'] });
              let out = '';
              c.stdout.on('data', (d: Buffer) => (out += d.toString()));
              c.stderr.on('data', (d: Buffer) => (out += d.toString()));
              c.on('exit', (code) => res({ code, out }));
              c.stdin.end(`.timeout 20000\n${sql}\n`);
            });
          const r = await applySql(db, REQUEST, {
            wasmPath: WASM,
            engine,
            backupDir: join(tmp.dir, 'backups'),
            testHooks: {
              beforeCommit: async () => {
                late.push(run(`INSERT INTO W(v) VALUES (${1000 + i}); SELECT 'wrote';`));
                late.push(run(`SELECT count(*) FROM "User";`));
                await sleep(40 + i * 30);
              },
            },
          });
          assert.equal(r.status, 'applied', JSON.stringify(r));
          const [writer, reader] = await Promise.all(late);
          assert.equal(writer.code, 0, writer.out);
          assert.match(writer.out, /wrote/);
          assert.equal(reader.code, 0, reader.out);
          assert.equal(reader.out.trim(), '300');
          assert.equal(cliScalar(db, `SELECT count(*) FROM W WHERE v = ${1000 + i};`), '1');
          assert.equal(judge(db, 300), 'new');
        }
      });
    }

    it(`SIGKILL at ${KILL_RUNS} random points: wholly old or wholly new, intact, every row, nothing left in the folder`, async () => {
      const outcomes = { old: 0, new: 0 };
      for (let i = 0; i < KILL_RUNS; i++) {
        const journal = i % 2 === 0 ? 'delete' : 'wal';
        const db = freshDb(journal);
        const writer = sqliteProcess('writer', db, 1);
        await writer.next((l) => l === 'committed 3');
        const child = spawn(process.execPath, [...process.execArgv, resolve(__dirname, 'support/lockedApplyChild.ts'), db, engine], {
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        await new Promise((res) => child.stdout.once('data', res));
        await sleep(Math.floor(Math.random() * 400));
        child.kill('SIGKILL');
        await new Promise((res) => (child.exitCode !== null || child.signalCode !== null ? res(undefined) : child.once('exit', res)));
        writer.child.stdin.end();
        await writer.exited;
        // A sqlite3 child the killed apply left behind finishes its script (or rolls back) on its own.
        await sleep(300);
        assertKept(db, committedValues(writer));
        outcomes[judge(db, 300)]++;
        assert.equal(journalModeOf(db), journal);
        assert.deepEqual(
          readdirSync(join(db, '..')).filter((f) => !/^dev\.db(-wal|-shm|-journal)?$/.test(f)),
          [],
        );
      }
      console.log(`      ${engine} kill outcomes: ${JSON.stringify(outcomes)} over ${KILL_RUNS} runs`);
    });
  });
}
