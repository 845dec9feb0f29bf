/**
 * The CLI `fix` end to end on the locked writers, under whichever Node runs it: Node 20 (the sqlite3
 * CLI engine) and, through `npm run test:node-sqlite`, Node 22 (node:sqlite). A connection held open
 * all along (the dev server) never blocks the fix and sees the new table; what the CLI prints is
 * what happened; refusals and conflicts change nothing.
 */
import * as assert from 'node:assert/strict';
import { existsSync, linkSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  buildPrismaApp,
  runCli,
  sqlite3,
  sqliteSchemaHeader,
  USER_SESSION_MODELS,
  USER_TABLE_SQL,
  SEED_USERS_SQL,
  type BuiltPrismaApp,
} from '../../support/prismaApp';
import { enginesHere, sqliteProcess } from '../fixes/apply/sqlite/lockedEngines';

const ENGINE = enginesHere()[0];
const ENGINE_TEXT =
  ENGINE === 'node:sqlite' ? /in place, with node:sqlite \(Node [\d.]+\) under SQLite's locks/ : /in place, with sqlite3 [\d.]+ under SQLite's locks/;

describe(`e2e: fix writes in place with ${ENGINE}`, function () {
  this.timeout(60000);
  const apps: BuiltPrismaApp[] = [];
  const state = mkdtempSync(path.join(os.tmpdir(), 'sd-state-'));
  after(() => {
    for (const a of apps) a.cleanup();
    rmSync(state, { recursive: true, force: true });
  });
  const env = { PATH: process.env.PATH, LANG: 'C', XDG_STATE_HOME: state };

  function app(journal: 'delete' | 'wal'): BuiltPrismaApp {
    const a = buildPrismaApp({
      files: { 'prisma/schema.prisma': sqliteSchemaHeader('"file:./dev.db"') + USER_SESSION_MODELS },
      database: { path: 'prisma/dev.db', sql: `PRAGMA journal_mode=${journal};\n${USER_TABLE_SQL}${SEED_USERS_SQL}` },
    });
    apps.push(a);
    return a;
  }

  for (const journal of ['delete', 'wal'] as const) {
    it(`${journal} mode: a connection held open all along; fix --create-table --yes applies, says how, and the connection sees the table`, async () => {
      const a = app(journal);
      const holder = sqliteProcess('holder', a.dbPath!);
      try {
        await holder.next();
        const r = await runCli(['fix', a.root, '--create-table', '--yes'], { env });
        assert.equal(r.code, 0, r.stdout + r.stderr);
        assert.match(r.stdout, ENGINE_TEXT);
        assert.match(
          r.stdout,
          /To take it back, run this SQL in sqlite3 .*dev\.db:\n {4}DROP INDEX IF EXISTS "Session_token_key";\n {4}DROP TABLE IF EXISTS "Session";/,
        );
        assert.match(r.stdout, /Health now: healthy/);
        assert.doesNotMatch(r.stdout + r.stderr, /Backup|\.bak|ExperimentalWarning/);
        holder.child.stdin.write('SELECT count(*) FROM "Session"\n');
        assert.equal(await holder.next(), '{"rows": [[0]]}');
      } finally {
        holder.child.stdin.end();
        await holder.exited;
      }
      assert.equal(sqlite3(a.dbPath!, 'PRAGMA journal_mode;').trim(), journal);
      assert.equal(sqlite3(a.dbPath!, 'SELECT count(*) FROM "User";').trim(), '3');
      assert.deepEqual(
        readdirSync(a.file('prisma')).filter((f) => !/^(schema\.prisma|dev\.db(-wal|-shm|-journal)?)$/.test(f)),
        [],
      );
    });
  }

  it('a WAL database with no engine to lock it: refused, nothing changed, the exact SQL and the command printed, and they work', async () => {
    const a = app('wal');
    const before = readFileSync(a.dbPath!);
    const r = await runCli(['fix', a.root, '--create-table', '--yes', '--engine', 'replace'], { env });
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /^Refused, nothing changed: .*WAL-mode database cannot be replaced safely/m);
    const m = /save this SQL as session-doctor-fix\.sql:\n((?: {4}.*\n)+)then run: (sqlite3 -bail .* < session-doctor-fix\.sql)\n/.exec(r.stderr);
    assert.ok(m, r.stderr);
    assert.deepEqual(readFileSync(a.dbPath!), before);
    const sql = m[1].replace(/^ {4}/gm, '');
    assert.match(sql, /^BEGIN IMMEDIATE;\n-- CreateTable\nCREATE TABLE "Session"/);
    sqlite3(a.dbPath!, sql, ['-bail']);
    const again = await runCli(['check', a.root, '--no-live'], { env });
    assert.equal(again.code, 0, again.stdout);
  });

  it('an old in-tree backup that is a hard link to the live file is removed, and the CLI says so', async () => {
    const a = app('delete');
    const link = a.file('prisma/dev.db.session-doctor-2026-11-20T10-00-00-000Z.bak');
    linkSync(a.dbPath!, link);
    const r = await runCli(['fix', a.root, '--create-table', '--yes'], { env });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^Note: removed .*dev\.db\.session-doctor-2026-11-20T10-00-00-000Z\.bak: it was a second name \(hard link\) of the live database/m);
    assert.ok(!existsSync(link));
  });

  it('--engine names an engine that is not one: a usage error, nothing changed', async () => {
    const a = app('delete');
    const r = await runCli(['fix', a.root, '--yes', '--engine', 'sql.js'], { env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--engine is one of auto, node:sqlite, sqlite3, replace/);
    assert.equal(sqlite3(a.dbPath!, "SELECT count(*) FROM sqlite_master WHERE name = 'Session';").trim(), '0');
  });
});
