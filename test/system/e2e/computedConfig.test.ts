/**
 * `check` and `fix` through the CLI on a copy of a Prisma 7 app whose prisma.config.ts computes the
 * datasource url (kentcdodds.com's shape). Before: "unknown" everywhere, even with DATABASE_URL
 * exported. Now: an exported DATABASE_URL is honoured and said to be, `--database` names the
 * database, and the reason for "unknown" says what to do. Real SQLite files, checked with sqlite3.
 */
import '../../support/chevrotainUnderTsx';
import * as assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { copyComputedFixture } from '../../support/computedConfigApp';
import { runCli, sqlite3, USER_TABLE_SQL } from '../../support/prismaApp';
import { removeTree } from '../../support/tempTree';

const ENV = { PATH: process.env.PATH, LANG: 'C' };
const SESSION_PRESENT = `CREATE TABLE "Session" ("id" TEXT NOT NULL PRIMARY KEY, "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, "userId" TEXT NOT NULL, "expirationDate" DATETIME NOT NULL);`;

describe('CLI on a computed prisma.config.ts (kentcdodds.com shape)', function () {
  this.timeout(30_000);
  let root: string;
  beforeEach(() => {
    root = copyComputedFixture();
    mkdirSync(path.join(root, 'data'));
    sqlite3(path.join(root, 'data', 'app.db'), USER_TABLE_SQL + `INSERT INTO "User" VALUES ('u1', 'ada@example.com', CURRENT_TIMESTAMP);`);
  });
  afterEach(() => removeTree(root));

  it('nothing set: unknown (exit 2) with the way through, and fix says why instead of "run check"', async () => {
    const r = await runCli(['check', root], { env: ENV });
    assert.equal(r.code, 2, r.stdout);
    assert.match(r.stdout, /prisma\.config\.ts computes the datasource url in code from DATABASE_URL/);
    assert.match(r.stdout, /\.env\.example has DATABASE_URL=file:\.\/prisma\/sqlite\.db/);
    assert.match(r.stdout, /`--database`/);
    const f = await runCli(['fix', root, '--yes'], { env: ENV });
    assert.equal(f.code, 2);
    assert.doesNotMatch(f.stdout, /run `session-doctor check`/);
    assert.match(f.stdout, /Nothing to fix, but the health could not be determined:\n {2}\.: The database is not known: prisma\.config\.ts computes/);
  });

  it('DATABASE_URL exported: checked, the source said, and fix creates the table in that file', async () => {
    const env = { ...ENV, DATABASE_URL: 'file:./data/app.db' };
    const r = await runCli(['check', root], { env });
    assert.equal(r.code, 1, r.stdout);
    assert.match(r.stdout, /data\/app\.db · table Session: missing/);
    assert.match(r.stdout, /it reads DATABASE_URL, so DATABASE_URL from the environment is used \(an assumption/);
    const f = await runCli(['fix', root, '--yes', '--create-table'], { env });
    assert.equal(f.code, 0, f.stdout + f.stderr);
    assert.match(f.stdout, /Health now: healthy/);
    assert.equal(sqlite3(path.join(root, 'data', 'app.db'), `SELECT count(*) FROM sqlite_master WHERE name = 'Session';`).trim(), '1');
    assert.equal(sqlite3(path.join(root, 'data', 'app.db'), 'SELECT count(*) FROM "User";').trim(), '1');
  });

  it('--database names the file (relative to the current folder) and wins over DATABASE_URL', async () => {
    sqlite3(path.join(root, 'data', 'ok.db'), USER_TABLE_SQL + SESSION_PRESENT);
    const r = await runCli(['check', root, '--database', 'data/ok.db'], { env: { ...ENV, DATABASE_URL: 'file:./data/app.db' }, cwd: root });
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /data\/ok\.db · table Session: present/);
    assert.match(r.stdout, /Database named by `--database`\./);
    const missing = await runCli(['check', '.', '--database', `file:${path.join(root, 'data', 'app.db')}`, '--json'], { env: ENV, cwd: root });
    assert.equal(missing.code, 1);
    const json = JSON.parse(missing.stdout) as { apps: Array<{ sqlitePath: string; tableState: string; databaseSource: string }> };
    assert.equal(json.apps[0].sqlitePath, path.join(root, 'data', 'app.db'));
    assert.equal(json.apps[0].tableState, 'missing');
    assert.equal(json.apps[0].databaseSource, 'Database named by `--database`.');
    assert.equal((await runCli(['check', root, '--database', ''], { env: ENV })).code, 2);
  });

  it('a server url from the environment or --database never prints its password', async () => {
    const secret = 'Kcd-Secret-77';
    const pg = copyComputedFixture({ 'prisma/schema.prisma': 'datasource db {\n  provider = "postgresql"\n}\n\nmodel Session {\n  id String @id\n}\n' });
    try {
      for (const run of [
        runCli(['check', pg, '--no-live'], { env: { ...ENV, DATABASE_URL: `postgresql://kcd:${secret}@127.0.0.1:1/site` } }),
        runCli(['check', pg, '--no-live', '--json', '--database', `postgresql://kcd:${secret}@127.0.0.1:1/site?password=${secret}`], { env: ENV }),
      ]) {
        const r = await run;
        assert.equal(r.code, 2, r.stdout);
        assert.match(r.stdout, /kcd:\*\*\*\*@127\.0\.0\.1:1\/site/);
        assert.ok(!(r.stdout + r.stderr).includes(secret));
      }
    } finally {
      removeTree(pg);
    }
  });

  it('French: the reason and the source are translated', async () => {
    const r = await runCli(['check', root], { env: { ...ENV, SESSION_DOCTOR_LANG: 'fr' } });
    assert.match(r.stdout, /La base n'est pas connue : prisma\.config\.ts calcule l'URL/);
    const s = await runCli(['check', root], { env: { ...ENV, SESSION_DOCTOR_LANG: 'fr', DATABASE_URL: 'file:./data/app.db' } });
    assert.match(s.stdout, /donc DATABASE_URL de l'environnement est utilisé/);
  });
});
