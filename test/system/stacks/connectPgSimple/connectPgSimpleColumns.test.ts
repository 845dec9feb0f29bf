/**
 * connect-pg-simple with a session table that lacks a column of the package's table.sql, with the
 * real things: a real PostgreSQL (Debian's, started here), psql, and the real Express app
 * (test/fixtures/stacks/connect-pg-simple/app, express-session + connect-pg-simple 10.0.0).
 *
 * The app fails to save its sessions → `check --json` reports `connectPgSimple.sessionColumnsMissing`
 * → `fix --yes` runs psql with the ALTER → the table is then exactly the one the package creates
 * (pg_dump equal to the captured created-default.txt) → a real request stores its session. With
 * rows in the table, no fix: PostgreSQL's own refusal is shown to be what the detail says.
 */
import '../../../support/chevrotainUnderTsx';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expressAppCopy, startExpressApp, stopExpressApp } from '../../../support/expressApp';
import { startPostgres, type TestDatabaseServer } from '../../../support/databases';
import { runCli } from '../../../support/runCli';
import { dumpTable } from '../../../fixtures/stacks/connect-pg-simple/capture';

const ROOT = path.join(__dirname, '../../../..');
const FIXTURES = path.join(ROOT, 'test/fixtures/stacks/connect-pg-simple');

/** The table as the package makes it, without `expire` (and so without its index). */
const WITHOUT_EXPIRE =
  'CREATE TABLE public.session ("sid" varchar NOT NULL COLLATE "default", "sess" json NOT NULL) WITH (OIDS=FALSE);\n' +
  'ALTER TABLE public.session ADD CONSTRAINT "session_pkey" PRIMARY KEY ("sid") NOT DEFERRABLE INITIALLY IMMEDIATE;\n';

interface JsonProblem {
  code: string;
  detail?: string;
  fixes: Array<{ id: string; preferred?: boolean; commands?: Array<{ argv: string[] }> }>;
}

describe('connect-pg-simple: a session table lacking a column of table.sql (real PostgreSQL, real Express app)', function () {
  this.timeout(180_000);
  let db: TestDatabaseServer;
  let url: string;
  const dirs: string[] = [];

  before(async () => {
    db = await startPostgres();
    url = `postgresql://${db.user}:${encodeURIComponent(db.password)}@${db.host}:${db.port}/${db.database}`;
  });
  after(async () => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
    await db?.stop();
  });
  beforeEach(async () => {
    await db.exec(`DROP TABLE IF EXISTS public.session; ${WITHOUT_EXPIRE} ALTER TABLE public.session OWNER TO ${db.user};`);
  });

  async function columnsProblem(dir: string): Promise<JsonProblem | undefined> {
    const r = await runCli(['check', '--json', dir], { env: { PATH: process.env.PATH } });
    assert.ok(!r.stdout.includes(db.password), 'check --json printed the password');
    return (JSON.parse(r.stdout) as { problems: JsonProblem[] }).problems.find((p) => p.code === 'connectPgSimple.sessionColumnsMissing');
  }

  it('no expire: the app fails → check → fix --yes runs psql → the package’s own table → a request stores its session', async () => {
    const dir = expressAppCopy(url, 'sd-cps-cols-');
    dirs.push(dir);
    const before = await startExpressApp(dir);
    try {
      const res = await fetch(`${before.base}/visit`);
      await res.text();
      const cookie = res.headers.get('set-cookie')?.split(';')[0];
      if (cookie) await (await fetch(`${before.base}/visit`, { headers: { cookie } })).text();
      // The app's stderr arrives through a pipe: give it a moment.
      for (let i = 0; i < 50 && !/column "expire"/.test(before.output()); i++) await new Promise((r) => setTimeout(r, 20));
      assert.match(before.output(), /column "expire" of relation "session" does not exist/);
    } finally {
      await stopExpressApp(before.child);
    }

    const p = await columnsProblem(dir);
    assert.ok(p);
    assert.deepEqual(
      p.fixes.map((f) => [f.id, f.preferred]),
      [['connectPgSimple.psqlAddColumns', true]],
    );
    const argv = p.fixes[0].commands![0].argv;
    assert.equal(
      argv[argv.length - 1],
      'ALTER TABLE "session" ADD COLUMN "expire" timestamp(6) NOT NULL;\nCREATE INDEX "IDX_session_expire" ON "session" ("expire");\n',
    );

    const fix = await runCli(['fix', '--yes', dir], { env: { PATH: process.env.PATH } });
    assert.equal(fix.code, 0, fix.stdout + fix.stderr);
    // The table is now the one connect-pg-simple creates itself (captured with createTableIfMissing).
    assert.equal(dumpTable(url, 'public.session'), fs.readFileSync(path.join(FIXTURES, 'created-default.txt'), 'utf8'));

    const after = await startExpressApp(dir);
    try {
      const first = await fetch(`${after.base}/visit`);
      assert.equal(first.status, 200);
      // The whole body: express-session ends the response only once the store has saved.
      assert.equal(((await first.json()) as { visits: number }).visits, 1);
      const cookie = first.headers.get('set-cookie')!.split(';')[0];
      const second = await fetch(`${after.base}/visit`, { headers: { cookie } });
      assert.deepEqual(((await second.json()) as { visits: number }).visits, 2);
    } finally {
      await stopExpressApp(after.child);
    }
    assert.equal((await runCli(['check', dir], { env: { PATH: process.env.PATH } })).code, 0);
  });

  it('rows in the table: no fix, and psql refuses the ALTER as the detail says', async () => {
    await db.exec(`INSERT INTO public.session VALUES ('s1', '{}')`);
    const dir = expressAppCopy(url, 'sd-cps-cols-');
    dirs.push(dir);
    const p = await columnsProblem(dir);
    assert.deepEqual(p?.fixes, []);
    assert.match(p?.detail ?? '', /holds rows, so PostgreSQL refuses to add it/);
    const r = spawnSync('psql', ['-X', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', 'ALTER TABLE "session" ADD COLUMN "expire" timestamp(6) NOT NULL;'], {
      encoding: 'utf8',
    });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /column "expire" of relation "session" contains null values/);
  });
});
