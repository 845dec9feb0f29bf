/**
 * Issue 10, the Laravel half: migration-history shapes of each real public project of
 * test/fixtures/corpus/laravel/, built with a REAL Laravel migrator, then the built CLI
 * (`node dist/cli.js`, so `npm run build` first) runs `check --json` and `fix --yes`, and the result
 * is judged with Debian's sqlite3 and the migrator again.
 *
 * The migrator: the apps have no vendor/ and there is no composer here, so each copy's `artisan` is
 * test/fixtures/laravel-apps/migrator-artisan.php, which runs Illuminate\Database\Migrations\Migrator
 * and DatabaseMigrationRepository from Debian's php-illuminate-database (Laravel 8.83, the one the
 * setup installs), on the project's own migration files. Its `migrations` table and rows
 * (id, migration, batch) are the framework's own. It is not the project's framework version: the
 * SQLite DDL of the sessions migration is the same in 8 and 12 (compared below with our generator,
 * which test/system/stacks/laravel/laravelDdl.test.ts holds to a Laravel 12 capture).
 *
 * Shapes (M is the migration that creates `sessions`):
 * - intact: every migration run by the migrator, three users inserted;
 * - dropped: intact, then `DROP TABLE sessions` (M stays recorded): `migrate` has nothing to do,
 *   so the fix must create the table directly, never `make:session-table` + `migrate`;
 * - pending: dropped, and M's row deleted: M never ran and none of its tables exist;
 * - partial (only where M creates other tables too, the Laravel 11+ users migration): dropped,
 *   M's row deleted, its other tables kept.
 *
 * What must hold: `check` exits 0 and healthy on intact, 1 with a problem otherwise; `fix --yes`
 * exits 0; afterwards `check` is healthy, `sessions` has exactly the SQL the migrator wrote in
 * intact (table and indexes), M is recorded exactly once, every user row is kept, integrity_check
 * is ok, and a real `php artisan migrate` then finds nothing to run and changes nothing. Where M
 * is recorded (dropped) the preferred fix is the direct create-table and make:session-table is
 * not offered. Where M also creates `users` (Laravel 11+), pending drops the users too, so the
 * fix brings back an empty users table.
 *
 * A token API (a project with `tokenApi`): every broken shape must prefer the cookie driver, and
 * `fix --session-driver cookie --yes` must leave the app healthy with SESSION_DRIVER=cookie in
 * .env and the database exactly as it was (no table made, no row recorded or lost).
 *
 * The migrations of the Laravel 11 apps name their own models (`foreignIdFor(\App\Models\Course::class)`),
 * which are not in the corpus: migrator-artisan.php declares an empty Eloquent model of that name,
 * which is all foreignIdFor reads (the class name gives `course_id`).
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { laravelSessionsDdl } from '../../../src/core/stacks/laravel/laravelDdl';
import { REPO_ROOT, sqlite3 } from '../../support/prismaApp';
import { requireTools } from '../../support/requiredTools';
import { LARAVEL_PROJECTS, LaravelCorpusProject, materialiseLaravel } from './laravelCorpus';

const SHAPES = ['intact', 'dropped', 'pending', 'partial'] as const;
type Shape = (typeof SHAPES)[number];

const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const ENV: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C', NO_COLOR: '1' };

interface Run {
  code: number;
  out: string;
  stdout: string;
}

function run(cmd: string, args: string[], cwd: string): Run {
  const r = spawnSync(cmd, args, { cwd, env: ENV, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout, out: `${r.stdout}${r.stderr}` };
}

function artisanMigrate(dir: string): Run {
  return run('php', ['artisan', 'migrate'], dir);
}

/** sqlite_schema rows of the sessions table and its indexes, as sqlite3 stores them. */
function sessionsSchema(db: string): string {
  return sqlite3(db, "SELECT type || ' ' || name || ': ' || sql FROM sqlite_schema WHERE tbl_name = 'sessions' ORDER BY type DESC, name;").trim();
}

/** The rows as JSON; '' for none, '(no table)' when the table does not exist. */
function tableRows(db: string, table: string): string {
  if (sqlite3(db, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = '${table}';`).trim() === '0') return '(no table)';
  return sqlite3(db, `SELECT * FROM "${table}" ORDER BY 1;`, ['-json']);
}

function recorded(db: string, migration: string): string {
  return sqlite3(db, `SELECT count(*) FROM migrations WHERE migration = '${migration}';`).trim();
}

function tablesOf(db: string): string[] {
  return sqlite3(db, "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name;").trim().split('\n');
}

interface Template {
  dbs: Partial<Record<Shape, string>>;
  sessions: string;
  users: string;
  tables: string[];
  migrate: Run;
  pretended: string[];
}

function shapesOf(p: LaravelCorpusProject): Shape[] {
  return SHAPES.filter((s) => s !== 'partial' || p.sessionMigrationTables.length > 1);
}

function buildTemplate(p: LaravelCorpusProject, work: string): Template {
  const base = path.join(work, p.name);
  const dir = path.join(base, 'template');
  const db = path.join(dir, 'database', 'database.sqlite');
  materialiseLaravel(p, dir, db);
  sqlite3(db, 'PRAGMA user_version = 0;'); // an empty database file, as `touch database.sqlite` gives
  const migrate = artisanMigrate(dir);
  if (migrate.code !== 0) throw new Error(`the migrator failed on ${p.name}:\n${migrate.out}`);
  const extra = Object.entries(p.userExtra ?? {});
  const cols = ['name', 'email', 'password', ...extra.map(([c]) => c)].join(', ');
  const more = extra.map(([, v]) => `, '${v}'`).join('');
  sqlite3(
    db,
    `INSERT INTO ${p.userTable} (${cols}) VALUES ('Ada', 'ada@example.test', 'x'${more}), ('Ben', 'ben@example.test', 'y'${more}), ('Cy', 'cy@example.test', 'z'${more});`,
  );
  const pretend = run('php', ['artisan', 'sd:table-sql', 'sessions'], dir);
  if (pretend.code !== 0) throw new Error(`sd:table-sql failed on ${p.name}:\n${pretend.out}`);
  const dbs: Partial<Record<Shape, string>> = {};
  const save = (shape: Shape, sql: string) => {
    dbs[shape] = path.join(base, `${shape}.sqlite`);
    copyFileSync(db, dbs[shape]);
    if (sql) sqlite3(dbs[shape], sql);
  };
  const others = p.sessionMigrationTables.filter((t) => t !== 'sessions');
  save('intact', '');
  save('dropped', 'DROP TABLE sessions;');
  save('pending', `${['sessions', ...others].map((t) => `DROP TABLE "${t}";`).join('\n')}\nDELETE FROM migrations WHERE migration = '${p.sessionMigration}';`);
  if (others.length > 0) save('partial', `DROP TABLE sessions;\nDELETE FROM migrations WHERE migration = '${p.sessionMigration}';`);
  return {
    dbs,
    sessions: sessionsSchema(db),
    users: tableRows(db, p.userTable),
    tables: tablesOf(db),
    migrate,
    pretended: JSON.parse(pretend.stdout) as string[],
  };
}

interface ShapeRun {
  before: { tables: string[]; users: string; recorded: string };
  env: string;
  check: Run;
  fix: Run;
  postCheck: Run;
  remigrate: Run;
  sessions: string;
  users: string;
  tables: string[];
  recorded: string;
  integrity: string;
}

function runShape(p: LaravelCorpusProject, t: Template, shape: Shape, work: string): ShapeRun {
  const dir = path.join(work, p.name, `run-${shape}`);
  const db = path.join(dir, 'database', 'database.sqlite');
  materialiseLaravel(p, dir, db);
  copyFileSync(t.dbs[shape]!, db);
  const before = { tables: tablesOf(db), users: tableRows(db, p.userTable), recorded: recorded(db, p.sessionMigration) };
  const cli = (args: string[]) => run(process.execPath, [CLI, ...args], dir);
  const check = cli(['check', dir, '--json']);
  const fix = cli(p.tokenApi && shape !== 'intact' ? ['fix', dir, '--session-driver', 'cookie', '--yes'] : ['fix', dir, '--yes']);
  const postCheck = cli(['check', dir, '--json']);
  const sessions = sessionsSchema(db);
  const users = tableRows(db, p.userTable);
  const rec = recorded(db, p.sessionMigration);
  const env = readFileSync(path.join(dir, '.env'), 'utf8');
  const tables = tablesOf(db);
  const integrity = sqlite3(db, 'PRAGMA integrity_check;').trim();
  const remigrate = artisanMigrate(dir);
  return { before, env, check, fix, postCheck, remigrate, sessions, users, tables, recorded: rec, integrity };
}

function health(r: Run): string {
  try {
    return (JSON.parse(r.stdout) as { health: string }).health;
  } catch {
    return `(no JSON, exit ${r.code}: ${r.out.slice(0, 300)})`;
  }
}

/** `exit; health; problem -> fixes, the preferred one starred`, from `check --json`. */
function summary(r: Run): string {
  try {
    const d = JSON.parse(r.stdout) as { health: string; problems: Array<{ code: string; fixes: Array<{ id: string; preferred?: boolean }> }> };
    return `exit ${r.code}, ${d.health}; ${d.problems.map((q) => `${q.code} -> ${q.fixes.map((f) => (f.preferred ? `*${f.id}` : f.id)).join(', ')}`).join('; ')}`;
  } catch {
    return `exit ${r.code}: ${r.out.slice(0, 500)}`;
  }
}

function fixIds(r: Run): string[] {
  try {
    const d = JSON.parse(r.stdout) as { problems: Array<{ fixes: Array<{ id: string }> }> };
    return d.problems.flatMap((q) => q.fixes.map((f) => f.id));
  } catch {
    return [];
  }
}

/** The SESSION_DRIVER values of a .env text, in order. */
function envDrivers(env: string): string[] {
  return [...env.matchAll(/^SESSION_DRIVER=(.*)$/gm)].map((m) => m[1]);
}

function preferredFix(r: Run): string | undefined {
  try {
    const d = JSON.parse(r.stdout) as { problems: Array<{ code: string; fixes: Array<{ id: string; preferred?: boolean }> }> };
    return d.problems.find((q) => q.code === 'laravel.sessionTableMissing')?.fixes.find((f) => f.preferred)?.id;
  } catch {
    return undefined;
  }
}

function judge(p: LaravelCorpusProject, t: Template, shape: Shape, r: ShapeRun): string[] {
  const bad: string[] = [];
  const expect = (ok: boolean, what: string) => {
    if (!ok) bad.push(what);
  };
  if (shape === 'intact') expect(r.check.code === 0 && health(r.check) === 'healthy', `check on the intact app is not healthy: ${summary(r.check)}`);
  else expect(r.check.code === 1 && health(r.check) === 'problem', `check does not report the problem: ${summary(r.check)}`);
  if (p.tokenApi && shape !== 'intact') return [...bad, ...judgeTokenApi(r)];
  // Recorded as run: `migrate` does nothing and make:session-table would write a second migration.
  if (shape === 'dropped')
    expect(
      preferredFix(r.check) === 'laravel.createTable',
      `dropped after M was recorded: the preferred fix is ${preferredFix(r.check)}, not laravel.createTable (${summary(r.check)})`,
    );
  if (shape === 'dropped')
    expect(!fixIds(r.check).includes('laravel.makeSessionTable'), `dropped: make:session-table is offered although M is recorded (${summary(r.check)})`);
  expect(r.fix.code === 0, `fix --yes did not end healthy: exit ${r.fix.code}: …${r.fix.out.slice(-1200)}`);
  expect(r.postCheck.code === 0 && health(r.postCheck) === 'healthy', `check after the fix: ${summary(r.postCheck)}`);
  expect(r.sessions === t.sessions, `sessions after the fix differs from what the migrator created:\n  want ${t.sessions}\n  got  ${r.sessions}`);
  expect(r.recorded === '1', `${p.sessionMigration} is recorded ${r.recorded} times after the fix`);
  expect(JSON.stringify(r.tables) === JSON.stringify(t.tables), `tables after the fix: ${r.tables.join(',')}; want ${t.tables.join(',')}`);
  // pending dropped M's tables: where `users` is one of them its rows went with it.
  const users = shape === 'pending' && p.sessionMigrationTables.includes(p.userTable) ? '' : t.users;
  expect(r.users === users, `user rows changed: want ${users || '(none)'}, after ${r.users}`);
  expect(r.integrity === 'ok', `integrity_check: ${r.integrity}`);
  expect(
    r.remigrate.code === 0 && /Nothing to migrate/.test(r.remigrate.out),
    `a real migrate after the fix: exit ${r.remigrate.code}: ${r.remigrate.out.slice(0, 600)}`,
  );
  return bad;
}

/** A token API after `fix --session-driver cookie --yes`: cookie sessions, the database untouched. */
function judgeTokenApi(r: ShapeRun): string[] {
  const bad: string[] = [];
  const expect = (ok: boolean, what: string) => {
    if (!ok) bad.push(what);
  };
  expect(
    preferredFix(r.check) === 'laravel.driver.cookie',
    `token API: the preferred fix is ${preferredFix(r.check)}, not laravel.driver.cookie (${summary(r.check)})`,
  );
  expect(fixIds(r.check).includes('laravel.createTable'), `token API: create-table is not offered at all (${summary(r.check)})`);
  expect(r.fix.code === 0, `fix --session-driver cookie --yes: exit ${r.fix.code}: …${r.fix.out.slice(-1200)}`);
  expect(r.postCheck.code === 0 && health(r.postCheck) === 'healthy', `check after the driver switch: ${summary(r.postCheck)}`);
  expect(JSON.stringify(envDrivers(r.env)) === '["cookie"]', `.env SESSION_DRIVER lines after the switch: ${JSON.stringify(envDrivers(r.env))}`);
  expect(r.sessions === '', `the driver switch made a sessions table: ${r.sessions}`);
  expect(JSON.stringify(r.tables) === JSON.stringify(r.before.tables), `tables changed: ${r.before.tables.join(',')} -> ${r.tables.join(',')}`);
  expect(r.recorded === r.before.recorded, `migration rows of M changed: ${r.before.recorded} -> ${r.recorded}`);
  expect(r.users === r.before.users, `user rows changed: ${r.before.users} -> ${r.users}`);
  expect(r.integrity === 'ok', `integrity_check: ${r.integrity}`);
  return bad;
}

describe("system: corpus of real Laravel projects x history shapes (Laravel's migrator, the built CLI)", function () {
  this.timeout(300_000);
  const work = (() => {
    mkdirSync(path.join(REPO_ROOT, '.test-tmp'), { recursive: true });
    return mkdtempSync(path.join(REPO_ROOT, '.test-tmp', 'sd-laravel-corpus-'));
  })();
  const templates = new Map<string, Template | Error>();

  before(function () {
    requireTools(this, 'sqlite3', 'illuminate', 'pdo_sqlite', 'phpdotenv');
    assert.ok(existsSync(CLI), 'dist/cli.js is missing: run `npm run build` first');
  });

  after(() => {
    if (!process.env.SESSION_DOCTOR_KEEP_CORPUS) rmSync(work, { recursive: true, force: true });
  });

  for (const p of LARAVEL_PROJECTS) {
    describe(p.name, () => {
      /** Built once (the first test builds it); a failure is kept and thrown to every test. */
      const template = (): Template => {
        if (!templates.has(p.name)) {
          try {
            templates.set(p.name, buildTemplate(p, work));
          } catch (e) {
            templates.set(p.name, e as Error);
          }
        }
        const t = templates.get(p.name)!;
        if (t instanceof Error) throw t;
        return t;
      };

      it("the migrator runs every migration, and M's SQLite DDL is our generator's", () => {
        const t = template();
        assert.match(t.migrate.out, new RegExp(`Migrated:\\s+${p.sessionMigration}`));
        assert.ok(t.sessions.startsWith('table sessions: CREATE TABLE "sessions"'), t.sessions);
        // What the migration file makes the schema builder run (pretended), against our statements.
        assert.deepEqual(t.pretended, laravelSessionsDdl('sqlite'));
      });

      for (const s of shapesOf(p)) {
        const title =
          p.tokenApi && s !== 'intact'
            ? `${s}: check prefers the cookie driver; fix --session-driver cookie --yes, healthy, database untouched`
            : `${s}: check, fix --yes, then sessions as the migrator makes it, recorded once, rows kept`;
        it(title, () => {
          const t = template();
          const r = runShape(p, t, s, work);
          const bad = judge(p, t, s, r);
          assert.deepEqual(bad, [], `${p.name} ${s}:\n- ${bad.join('\n- ')}\n  check: ${summary(r.check)}\n  fix: ${r.fix.out.slice(0, 1500)}`);
        });
      }
    });
  }
});
