/** The Django rules over plain fact records: no files, no databases. */
import { strict as assert } from 'node:assert';
import type { ApplySqlFix, EditFix, RunCommandFix } from '../../../../../src/core/model';
import type { DjangoFacts, DjangoTableFacts } from '../../../../../src/core/stacks/django/djangoFacts';
import { djangoRules } from '../../../../../src/core/stacks/django/djangoRules';
import { djangoSqlmigrate } from '../../../../../src/core/stacks/django/sessionDdl';
import { caseModules, SETTINGS_CASES, type SettingsCase } from '../../../../support/djangoSettingsCases';
import { djangoSettingsFacts } from '../../../../../src/core/stacks/django/settingsFacts';

const ROOT = '/home/dev/app';
const NOW = new Date(Date.UTC(2026, 10, 28, 7, 48, 22, 110));

const STARTPROJECT = SETTINGS_CASES[0];

function factsFor(c: SettingsCase, table?: DjangoTableFacts, edit?: (text: string) => string): DjangoFacts {
  const modules = caseModules(
    edit ? { ...c, files: Object.fromEntries(Object.entries(c.files).map(([k, v]) => [k, k.endsWith('settings.py') ? edit(v) : v])) } : c,
    ROOT,
  );
  const settings = djangoSettingsFacts(c.module, modules, ROOT);
  return { app: { root: ROOT, managePy: `${ROOT}/manage.py`, settingsModule: c.module, modules }, settings, table, now: NOW };
}

const sqliteTable = (over: Partial<DjangoTableFacts> = {}): DjangoTableFacts => ({
  state: 'missing',
  databaseDisplay: 'db.sqlite3',
  sqlitePath: `${ROOT}/db.sqlite3`,
  fileExists: true,
  recorded: false,
  hasMigrationsTable: true,
  ...over,
});

describe('Django rules', () => {
  it('a missing table on SQLite, not recorded: the locked apply with the migration row first, then migrate, then cookies', () => {
    const { app, problems } = djangoRules(factsFor(STARTPROJECT, sqliteTable()));
    assert.equal(app.framework, 'django');
    assert.equal(app.sessionTable, 'django_session');
    assert.equal(app.tableState, 'missing');
    assert.equal(app.dialect, 'sqlite');
    assert.equal(problems.length, 1);
    const p = problems[0];
    assert.equal(p.code, 'django.sessionTableMissing');
    assert.deepEqual(
      p.fixes.map((f) => [f.id, f.preferred ?? false]),
      [
        ['django.createTable', true],
        ['django.migrateSessions', false],
        ['django.signedCookies', false],
      ],
    );
    const apply = p.fixes[0] as ApplySqlFix;
    assert.equal(
      apply.sql,
      `${djangoSqlmigrate('sqlite')
        .split('\n')
        .filter((l) => l.startsWith('CREATE'))
        .join('\n')}\n`,
    );
    // USE_TZ = True in the startproject settings: UTC.
    assert.equal(
      apply.bookkeepingSql,
      `INSERT INTO "django_migrations" ("app", "name", "applied") VALUES ('sessions', '0001_initial', '2026-11-28 07:48:22.110000');\n`,
    );
    assert.deepEqual(apply.expect, { tables: ['django_session'], indexes: ['django_session_expire_date_a5c62663'] });
    assert.deepEqual((p.fixes[1] as RunCommandFix).commands, [{ argv: ['python3', 'manage.py', 'migrate', 'sessions'], cwd: ROOT }]);
    assert.deepEqual(app.sessionSql?.postgresql, djangoSqlmigrate('postgresql'));
  });

  it('the migration already recorded: no row is added, and the command is zero --fake then migrate', () => {
    const { problems } = djangoRules(factsFor(STARTPROJECT, sqliteTable({ recorded: true })));
    const [apply, refake] = problems[0].fixes;
    assert.equal(apply.id, 'django.createTable');
    assert.equal((apply as ApplySqlFix).bookkeepingSql, undefined);
    assert.equal(apply.title.id, 'fix.django.createTable.recorded');
    assert.equal(refake.id, 'django.refakeSessions');
    assert.deepEqual(
      (refake as RunCommandFix).commands.map((c) => c.argv.join(' ')),
      ['python3 manage.py migrate sessions zero --fake', 'python3 manage.py migrate sessions'],
    );
    assert.equal(problems[0].detail?.id, 'django.sessionMigrationRecorded');
  });

  it('no django_migrations table: the bookkeeping creates it as Django does', () => {
    const { problems } = djangoRules(factsFor(STARTPROJECT, sqliteTable({ hasMigrationsTable: false })));
    const sql = (problems[0].fixes[0] as ApplySqlFix).bookkeepingSql ?? '';
    assert.match(sql, /^CREATE TABLE IF NOT EXISTS "django_migrations" \("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT/);
    assert.match((problems[0].fixes[0] as ApplySqlFix).undoBookkeepingSql ?? '', /DROP TABLE IF EXISTS "django_migrations"/);
  });

  it('USE_TZ off: applied is local time in TIME_ZONE, as Django writes it', () => {
    const f = factsFor(STARTPROJECT, sqliteTable(), (t) =>
      t.replace('USE_TZ = True', 'USE_TZ = False').replace("TIME_ZONE = 'UTC'", "TIME_ZONE = 'Europe/Paris'"),
    );
    assert.match((djangoRules(f).problems[0].fixes[0] as ApplySqlFix).bookkeepingSql ?? '', /'2026-11-28 08:48:22\.110000'/);
  });

  it('on a server, the framework command leads', () => {
    const pg = SETTINGS_CASES.find((c) => c.module === 'pg_settings')!;
    const { app, problems } = djangoRules(factsFor(pg, { state: 'missing', databaseDisplay: 'postgresql://shop@127.0.0.1:5433/shop', recorded: false }));
    assert.equal(app.dialect, 'postgresql');
    assert.deepEqual(
      problems[0].fixes.map((f) => [f.id, f.preferred ?? false]),
      [
        ['django.migrateSessions', true],
        ['django.signedCookies', false],
      ],
    );
    assert.match(JSON.stringify(problems[0].detail), /relation \\"django_session\\" does not exist/);
    assert.doesNotMatch(JSON.stringify({ app, problems }), /pw-literal-123/);
  });

  it('signed cookies: an edit of the SESSION_ENGINE line where it is set, or a line added', () => {
    const withEngine = SETTINGS_CASES.find((c) => c.module === 'conf.settings')!;
    const edit = (djangoRules(factsFor(withEngine, sqliteTable())).problems[0].fixes.at(-1) as EditFix).edits[0];
    assert.deepEqual(edit, {
      file: `${ROOT}/conf/settings/dev.py`,
      range: { start: { line: 4, character: 0 }, end: { line: 4, character: "SESSION_ENGINE = 'django.contrib.sessions.backends.db'".length } },
      oldText: "SESSION_ENGINE = 'django.contrib.sessions.backends.db'",
      newText: "SESSION_ENGINE = 'django.contrib.sessions.backends.signed_cookies'",
    });
    const added = (djangoRules(factsFor(STARTPROJECT, sqliteTable())).problems[0].fixes.at(-1) as EditFix).edits[0];
    assert.equal(added.file, `${ROOT}/mysite/settings.py`);
    assert.equal(added.oldText, '');
    assert.equal(added.newText, "SESSION_ENGINE = 'django.contrib.sessions.backends.signed_cookies'\n");
    assert.deepEqual(added.range?.start, { line: STARTPROJECT.files['mysite/settings.py'].split('\n').length - 1, character: 0 });
  });

  it('no table to check: sessions not installed, or an engine without a table', () => {
    const r = djangoRules(factsFor(SETTINGS_CASES.find((c) => c.module === 'nosess')!));
    assert.deepEqual([r.app.sessionTable, r.problems], [undefined, []]);
  });

  it('a database named by the environment is unknown, never missing', () => {
    const r = djangoRules(factsFor(SETTINGS_CASES.find((c) => c.module === 'envy')!));
    assert.equal(r.app.tableState, 'unknown');
    assert.match(JSON.stringify(r.app.unknownReason), /environment variable DB_NAME/);
    assert.deepEqual(r.problems, []);
  });

  it('no database file: migrate (every table) leads', () => {
    const { problems } = djangoRules(factsFor(STARTPROJECT, sqliteTable({ fileExists: false, recorded: false, hasMigrationsTable: false })));
    assert.equal(problems[0].code, 'django.databaseFileMissing');
    assert.equal(problems[0].fixes[0].id, 'django.migrate');
    assert.equal(problems[0].fixes[0].preferred, true);
  });

  it('a present table without expire_date is a problem of its own', () => {
    const { app, problems } = djangoRules(factsFor(STARTPROJECT, sqliteTable({ state: 'present', missingColumns: ['expire_date'] })));
    assert.equal(app.tableState, 'present');
    assert.deepEqual(
      problems.map((p) => [p.code, p.message.args]),
      [['django.sessionColumnsMissing', ['django_session', 'db.sqlite3', 'expire_date']]],
    );
  });

  it('healthy: a present table gives no problem', () => {
    assert.deepEqual(djangoRules(factsFor(STARTPROJECT, sqliteTable({ state: 'present', recorded: true }))).problems, []);
  });

  it('an app whose settings cannot be read is unknown', () => {
    const r = djangoRules({ app: { root: ROOT, managePy: `${ROOT}/manage.py`, modules: new Map(), unreadable: 'manage.py is a FIFO' }, now: NOW });
    assert.equal(r.app.tableState, 'unknown');
    assert.deepEqual(r.problems, []);
  });
});
