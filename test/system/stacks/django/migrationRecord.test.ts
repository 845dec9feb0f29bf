/**
 * The django_migrations bookkeeping, checked against the real Django 3.2: our DDL and row applied
 * with the sqlite3 CLI leave a database that Django's own `showmigrations`, `migrate --check`,
 * `migrate` and SessionStore accept as if `migrate sessions` had run.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { djangoCreateModelStatements } from '../../../../src/core/stacks/django/sessionDdl';
import {
  djangoAppliedValue,
  djangoAppliedZone,
  djangoRecordBookkeeping,
  isDjangoMigrationRecorded,
  SESSIONS_MIGRATION,
} from '../../../../src/core/stacks/django/migrationRecord';
import { copyDjangoApp, manage, manageOk, SESSION_ROUND_TRIP } from '../../../support/djangoApp';
import { requireTools } from '../../../support/requiredTools';

const CAPTURE = path.join(__dirname, '../../../fixtures/stacks/django/captures/django-migrations-row.sqlite.txt');

function sqlite(db: string, sql: string): string {
  const r = spawnSync('sqlite3', ['-bail', db], { input: sql, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

function schemaOf(db: string, table: string): string {
  return sqlite(db, `SELECT type, name, sql FROM sqlite_master WHERE tbl_name = '${table}' ORDER BY type, name;`);
}

/** Our apply, done by the sqlite3 CLI in one transaction (the project's locked apply runs the same SQL). */
function applyOurs(db: string, now: Date, createTable: boolean): string {
  const bk = djangoRecordBookkeeping({ ...SESSIONS_MIGRATION, applied: djangoAppliedValue(now, 'UTC'), createTable });
  sqlite(db, `BEGIN IMMEDIATE;\n${djangoCreateModelStatements('sqlite').join(';\n')};\n${bk.sql}COMMIT;\n`);
  return bk.undoSql;
}

describe('Django migration bookkeeping', function () {
  this.timeout(60_000);

  it('formats applied as Python str(datetime), in UTC or the settings zone', () => {
    const t = new Date(Date.UTC(2026, 10, 28, 7, 48, 22, 110));
    assert.equal(djangoAppliedValue(t, 'UTC'), '2026-11-28 07:48:22.110000');
    assert.equal(djangoAppliedValue(t, 'Europe/Paris'), '2026-11-28 08:48:22.110000');
    assert.equal(djangoAppliedValue(new Date(Date.UTC(2026, 0, 1, 0, 0, 0, 0)), 'America/Chicago'), '2025-12-31 18:00:00');
    assert.equal(djangoAppliedZone({ useTz: true, timeZone: 'Europe/Paris' }), 'UTC');
    assert.equal(djangoAppliedZone({ useTz: false, timeZone: 'Europe/Paris' }), 'Europe/Paris');
    assert.throws(() => djangoAppliedValue(t, 'Not/AZone'), RangeError);
  });

  it('has the shape of the row Django wrote (captured), and its time in the captured window', () => {
    const lines = fs.readFileSync(CAPTURE, 'utf8').split('\n');
    const headers = lines.map((l, i) => [l, i] as const).filter(([l]) => l.startsWith('# USE_TZ'));
    assert.equal(headers.length, 2);
    for (const [header, i] of headers) {
      const zone = /TIME_ZONE = '([^']+)'/.exec(header)?.[1] ?? '';
      const useTz = header.startsWith('# USE_TZ = True');
      const window = /between (\S+) and (\S+)$/.exec(header);
      assert.ok(window, header);
      const row = /^'sessions'\|'0001_initial'\|'([^']+)'\|text$/.exec(lines[i + 1]);
      assert.ok(row, lines[i + 1]);
      const z = djangoAppliedZone({ useTz, timeZone: zone });
      const from = djangoAppliedValue(new Date(window[1]), z);
      const to = djangoAppliedValue(new Date(window[2]), z);
      assert.match(row[1], /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?$/);
      assert.ok(from.slice(0, 19) <= row[1].slice(0, 19) && row[1].slice(0, 19) <= to.slice(0, 19), `${row[1]} not in [${from}, ${to}]`);
    }
  });

  it('reads whether a migration is recorded', () => {
    const rows = [
      { id: 1, app: 'contenttypes', name: '0001_initial', applied: 'x' },
      { id: 2, app: 'sessions', name: '0001_initial', applied: 'x' },
    ];
    assert.equal(isDjangoMigrationRecorded(rows, 'sessions', '0001_initial'), true);
    assert.equal(isDjangoMigrationRecorded(rows.slice(0, 1), 'sessions', '0001_initial'), false);
  });

  it('after our table and row, Django sees sessions applied and the session store works', function () {
    requireTools(this, 'django', 'sqlite3');
    const ours = copyDjangoApp();
    const theirs = copyDjangoApp();
    try {
      manageOk(ours, ['migrate', 'contenttypes']);
      assert.match(manageOk(ours, ['showmigrations', 'sessions']), /\[ \] 0001_initial/);
      applyOurs(path.join(ours, 'db.sqlite3'), new Date(), false);

      assert.equal(manageOk(ours, ['showmigrations', 'sessions']), 'sessions\n [X] 0001_initial\n');
      const check = manage(ours, ['migrate', '--check']);
      assert.equal(check.status, 0, check.stdout + check.stderr);
      assert.match(manageOk(ours, ['migrate']), /No migrations to apply/);
      assert.match(manageOk(ours, ['shell', '-c', SESSION_ROUND_TRIP]), /^loaded round-trip$/m);

      manageOk(theirs, ['migrate']);
      assert.equal(schemaOf(path.join(ours, 'db.sqlite3'), 'django_session'), schemaOf(path.join(theirs, 'db.sqlite3'), 'django_session'));
      const row = sqlite(path.join(ours, 'db.sqlite3'), "SELECT typeof(applied), applied FROM django_migrations WHERE app = 'sessions';");
      assert.match(row, /^text\|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?\n$/);
    } finally {
      fs.rmSync(ours, { recursive: true, force: true });
      fs.rmSync(theirs, { recursive: true, force: true });
    }
  });

  it('on a database without django_migrations, creates it as Django does; the undo takes all back', function () {
    requireTools(this, 'django', 'sqlite3');
    const ours = copyDjangoApp();
    const theirs = copyDjangoApp();
    try {
      const db = path.join(ours, 'db.sqlite3');
      sqlite(db, 'CREATE TABLE app_note (id integer PRIMARY KEY, body text);');
      const before = sqlite(db, 'SELECT type, name, sql FROM sqlite_master ORDER BY name;');
      const undo = applyOurs(db, new Date(), true);
      manageOk(theirs, ['migrate']);
      assert.equal(schemaOf(db, 'django_migrations'), schemaOf(path.join(theirs, 'db.sqlite3'), 'django_migrations'));
      assert.equal(manageOk(ours, ['showmigrations', 'sessions']), 'sessions\n [X] 0001_initial\n');
      // The rest of the project still migrates on top of it.
      assert.match(manageOk(ours, ['migrate']), /Applying contenttypes\.0001_initial\.\.\. OK/);
      assert.match(manageOk(ours, ['shell', '-c', SESSION_ROUND_TRIP]), /^loaded round-trip$/m);

      // The undo on a copy taken right after the apply: back to the schema before (sqlite_sequence stays).
      const fresh = copyDjangoApp();
      try {
        const db2 = path.join(fresh, 'db.sqlite3');
        sqlite(db2, 'CREATE TABLE app_note (id integer PRIMARY KEY, body text);');
        const undo2 = applyOurs(db2, new Date(), true);
        sqlite(db2, `BEGIN;\n${undo2}\nDROP TABLE "django_session";\nCOMMIT;\n`);
        assert.equal(sqlite(db2, "SELECT type, name, sql FROM sqlite_master WHERE name <> 'sqlite_sequence' ORDER BY name;"), before);
        assert.equal(sqlite(db2, 'SELECT count(*) FROM sqlite_sequence;'), '0\n');
        assert.match(undo, /DROP TABLE IF EXISTS "django_migrations"/);
      } finally {
        fs.rmSync(fresh, { recursive: true, force: true });
      }
    } finally {
      fs.rmSync(ours, { recursive: true, force: true });
      fs.rmSync(theirs, { recursive: true, force: true });
    }
  });
});
