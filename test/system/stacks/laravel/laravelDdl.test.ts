import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  LARAVEL_SESSION_COLUMNS,
  laravelAddColumnsDdl,
  laravelIndexName,
  laravelSessionsDdl,
  type LaravelDialect,
} from '../../../../src/core/stacks/laravel/laravelDdl';
import { requireTools } from '../../../support/requiredTools';

/** A copy of shared/fixtures/ddl/laravel12-sessions-migration.sql, the query log captured from Illuminate\Database 12.67. */
const FIXTURE = path.resolve(__dirname, '../../../fixtures/laravel/ddl/laravel12-sessions-migration.sql');

/** The statement lines of one section of the captured query log (up to the next `--` line). */
function section(text: string, header: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(header));
  assert.ok(start >= 0, `fixture section ${header} not found`);
  const out: string[] = [];
  for (const l of lines.slice(start + 1)) {
    if (l.startsWith('--') || l.trim() === '') break;
    out.push(l);
  }
  return out;
}

describe('Laravel 12 sessions DDL', () => {
  const fixture = readFileSync(FIXTURE, 'utf8');
  const dialects: LaravelDialect[] = ['mysql', 'sqlite', 'pgsql'];
  for (const d of dialects) {
    it(`${d}: byte-equal to the statements Laravel 12 executed`, () => {
      const expected = section(fixture, `-- ===== ${d}: executed statements`);
      assert.ok(expected.length >= 3);
      assert.deepEqual(
        laravelSessionsDdl(d).map((s) => s + ';'),
        expected,
      );
    });
  }

  it('sqlite: the real sqlite3 CLI stores exactly the sqlite_master text of the capture', function () {
    requireTools(this, 'sqlite3');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'laravel-ddl-'));
    try {
      const db = path.join(dir, 'database.sqlite');
      const run = spawnSync('sqlite3', [db], { input: laravelSessionsDdl('sqlite').join(';\n') + ';\n', encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      const dump = spawnSync('sqlite3', [db, "select sql || ';' from sqlite_master where name like 'sessions%' order by rowid"], { encoding: 'utf8' });
      assert.equal(dump.status, 0, dump.stderr);
      assert.deepEqual(dump.stdout.trim().split('\n'), section(fixture, '-- sqlite_master:'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sqlite: PHP PDO can write and read a session row the way DatabaseSessionHandler does', function () {
    requireTools(this, 'pdo_sqlite', 'sqlite3');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'laravel-pdo-'));
    try {
      const db = path.join(dir, 'database.sqlite');
      assert.equal(spawnSync('sqlite3', [db], { input: laravelSessionsDdl('sqlite').join(';\n') + ';\n' }).status, 0);
      const script = `
        $pdo = new PDO('sqlite:' . $argv[1], null, null, [PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION]);
        $pdo->prepare('insert into "sessions" ("payload", "last_activity", "user_id", "ip_address", "user_agent", "id") values (?, ?, ?, ?, ?, ?)')
            ->execute([base64_encode('a:0:{}'), time(), null, '127.0.0.1', 'test', 'abc123']);
        $select = $pdo->prepare('select * from "sessions" where "id" = ? limit 1');
        $select->execute(['abc123']);
        $row = $select->fetch(PDO::FETCH_ASSOC);
        echo json_encode(array_keys($row));`;
      const run = spawnSync('php', ['-r', script, db], { encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(JSON.parse(run.stdout), ['id', 'user_id', 'ip_address', 'user_agent', 'payload', 'last_activity']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('SESSION_TABLE and the connection prefix rename the table and its indexes', () => {
    assert.deepEqual(laravelSessionsDdl('sqlite', 'web_sessions', 'app_'), [
      'create table "app_web_sessions" ("id" varchar not null, "user_id" integer, "ip_address" varchar, "user_agent" text, "payload" text not null, "last_activity" integer not null, primary key ("id"))',
      'create index "app_web_sessions_user_id_index" on "app_web_sessions" ("user_id")',
      'create index "app_web_sessions_last_activity_index" on "app_web_sessions" ("last_activity")',
    ]);
    assert.equal(laravelSessionsDdl('pgsql', 'auth.sessions')[1], 'alter table "auth"."sessions" add primary key ("id")');
    assert.equal(laravelIndexName('auth.Sessions-X', 'p_', ['user_id'], 'index'), 'auth_p_sessions_x_user_id_index');
  });

  it('mysql: charset, collation and engine follow the connection config', () => {
    const [create] = laravelSessionsDdl('mysql', 'sessions', '', { charset: 'utf8', collation: null, engine: 'InnoDB' });
    assert.ok(create.endsWith('primary key (`id`)) default character set utf8 engine = InnoDB'), create);
    const [bare] = laravelSessionsDdl('mysql', 'sessions', '', { charset: null, collation: null });
    assert.ok(bare.endsWith('primary key (`id`))'), bare);
  });
});

/** Captured from Debian's php-illuminate-database 8.83 by capture-add-columns.php (header line: versions). */
const ADD_FIXTURE = path.resolve(__dirname, '../../../fixtures/laravel/ddl/laravel8-sessions-add-columns.sql');
const ADD_SCRIPT = path.resolve(__dirname, '../../../fixtures/laravel/ddl/capture-add-columns.php');

describe('Laravel sessions: ADD COLUMN for the missing columns', () => {
  const fixture = readFileSync(ADD_FIXTURE, 'utf8');
  const headers = fixture.split('\n').filter((l) => l.startsWith('-- ===== '));
  it('the capture has every dialect and case', () => assert.equal(headers.length, 12));
  for (const header of headers) {
    const m = /^-- ===== (\w+): table (\w+) prefix '(\w*)' add ([\w,]+) =====$/.exec(header);
    it(`byte-equal to Schema::table() of Illuminate 8.83: ${header.slice(9, -6)}`, () => {
      assert.ok(m, header);
      const [, dialect, table, prefix, columns] = m;
      const expected = section(fixture, header);
      assert.deepEqual(
        laravelAddColumnsDdl(dialect as LaravelDialect, columns.split(','), table, prefix)?.map((s) => s + ';'),
        expected,
      );
    });
  }

  it('the capture script, run again on the installed Illuminate, prints the fixture', function () {
    requireTools(this, 'illuminate');
    const run = spawnSync('php', [ADD_SCRIPT], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, fixture);
  });

  it('the capture script declares each column with the Blueprint call the generator names', () => {
    const script = readFileSync(ADD_SCRIPT, 'utf8');
    for (const c of LARAVEL_SESSION_COLUMNS.filter((x) => !x.primary)) assert.ok(script.includes(c.blueprint.replace('$table', '$t')), c.blueprint);
  });

  it('a primary-key column is not added by ALTER (no statement is offered)', () => {
    assert.equal(laravelAddColumnsDdl('sqlite', ['id', 'user_id']), undefined);
    assert.equal(laravelAddColumnsDdl('pgsql', []), undefined);
  });
});
