/**
 * `session-doctor scan` hints: each finding gets its own stack's advice (never Laravel's commands
 * under a Prisma error), and a finding no stack claims gets advice that names no framework.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../../../../src/core/detect/finding';
import { Scanner } from '../../../../src/core/detect/scanner';
import { renderMessage } from '../../../../src/core/messages';
import { frameworkOfFinding, scanHints } from '../../../../src/core/stacks/scanHints';

const ROOT = path.join(__dirname, '..', '..', '..', '..');

function finding(kind: Finding['kind'], text: string, session = true): Finding {
  return { kind, table: session ? 'sessions' : 'users', session, line: 1, text };
}

const english = (f: Finding) => scanHints(f).map((m) => renderMessage(m));

const LARAVEL_MYSQL =
  "local.ERROR: SQLSTATE[42S02]: Base table or view not found: 1146 Table 'demo.sessions' doesn't exist (Connection: mysql, SQL: select * from `sessions` where `id` = x limit 1)";
const LARAVEL9_SQLITE = 'SQLSTATE[HY000]: General error: 1 no such table: sessions (SQL: select * from "sessions" where "id" = x limit 1)';
const LARAVEL_PGSQL =
  'SQLSTATE[42P01]: Undefined table: 7 ERROR:  relation "sessions" does not exist LINE 1: select * from "sessions" where "id" = $1 limit 1 (Connection: pgsql, SQL: select * from "sessions" where "id" = x limit 1)';
/** Illuminate 8.83's DatabaseSessionHandler on a Laravel 5.1 table (test/fixtures/detect/real/laravel8-sqlite-column-user_id.txt, shortened). */
const LARAVEL_COLUMN =
  'Next Illuminate\\Database\\QueryException: SQLSTATE[HY000]: General error: 1 no such column: user_id (SQL: update "sessions" set "payload" = x, "last_activity" = 1795862353, "user_id" = 7 where "id" = y)';
const BARE_SQLITE = 'sqlite3.OperationalError: no such table: sessions';
const PRISMA_P2021 = 'The table `main.Session` does not exist in the current database.';

describe('scan hints per stack', () => {
  const owners: Array<[string, Finding, string | undefined]> = [
    ['a P2021', finding('prisma-p2021', PRISMA_P2021), 'prisma'],
    ['a P2010', finding('prisma-p2010', 'Raw query failed. Code: `1146`.'), 'prisma'],
    ["Shopify's Prisma session storage", finding('shopify-prisma-session-table', 'MissingSessionTableError: Prisma session table does not exist.'), 'prisma'],
    ["Laravel's QueryException on MySQL (10+)", finding('mysql-1146', LARAVEL_MYSQL), 'laravel'],
    ["Laravel's QueryException on SQLite (before 10)", finding('sqlite-no-such-table', LARAVEL9_SQLITE), 'laravel'],
    ["Laravel's QueryException on PostgreSQL", finding('postgres-42p01', LARAVEL_PGSQL), 'laravel'],
    ["Laravel's QueryException on a sessions table without user_id", { ...finding('missing-column', LARAVEL_COLUMN), column: 'user_id' }, 'laravel'],
    ['a bare SQLite error (Python, Go, anything)', finding('sqlite-no-such-table', BARE_SQLITE), undefined],
    ['a bare MySQL 1146', finding('mysql-1146', "ERROR 1146 (42S02): Table 'app.sessions' doesn't exist"), undefined],
    ["Django's re-raised error", finding('postgres-42p01', 'django.db.utils.ProgrammingError: relation "sessions" does not exist'), 'django'],
    [
      "a driver's error on Django's table",
      { ...finding('sqlite-no-such-table', 'sqlite3.OperationalError: no such table: django_session'), table: 'django_session' },
      'django',
    ],
    [
      "Django's unapplied-migration warning",
      finding(
        'django-unapplied-migration',
        'You have 1 unapplied migration(s). Your project may not work properly until you apply the migrations for app(s): sessions.',
      ),
      'django',
    ],
  ];
  for (const [name, f, want] of owners) it(`${name}: ${want ?? 'no framework'}`, () => assert.equal(frameworkOfFinding(f), want));

  it('a Prisma finding gets Prisma advice only', () => {
    const text = english(finding('prisma-p2021', PRISMA_P2021)).join('\n');
    assert.match(text, /^Prisma's model has no table in this database/);
    assert.match(text, /This is the session store: Prisma creates it/);
    assert.doesNotMatch(text, /artisan|Laravel|SESSION_DRIVER|DB_DATABASE/);
  });

  it("Shopify's session storage error gets Prisma advice in its own terms", () => {
    const text = english(finding('shopify-prisma-session-table', 'MissingSessionTableError: Prisma session table does not exist.')).join('\n');
    assert.match(text, /^Shopify's Prisma session storage found no table for its model: apply the migrations \(`npx prisma migrate deploy`/);
    assert.doesNotMatch(text, /artisan|Laravel|SESSION_DRIVER/);
  });

  it('a Laravel finding gets Laravel advice only', () => {
    const text = english(finding('mysql-1146', LARAVEL_MYSQL)).join('\n');
    assert.match(text, /^MySQL\/MariaDB has no such table in that database: run the migrations \(`php artisan migrate`\)/);
    assert.match(text, /make:session-table/);
    assert.doesNotMatch(text, /[Pp]risma|DATABASE_URL/);
  });

  it('a Django finding gets Django advice only', () => {
    const text = english({
      ...finding('sqlite-no-such-table', 'django.db.utils.OperationalError: no such table: django_session'),
      table: 'django_session',
    }).join('\n');
    assert.match(text, /^Django has no such table in that database: run `python3 manage\.py migrate`/);
    assert.match(text, /migrate sessions zero --fake/);
    assert.doesNotMatch(text, /[Pp]risma|Laravel|artisan|DATABASE_URL|DB_DATABASE/);
  });

  it('a finding of unknown framework gets neutral advice', () => {
    const text = english(finding('sqlite-no-such-table', BARE_SQLITE)).join('\n');
    assert.match(text, /^The SQLite file has no such table/);
    assert.match(text, /session-doctor check/);
    assert.doesNotMatch(text, /[Pp]risma|Laravel|artisan|DATABASE_URL|DB_DATABASE/);
  });

  it('a table that is not a session store gets the one hint, without the session line', () => {
    for (const f of [
      finding('prisma-p2021', PRISMA_P2021, false),
      finding('mysql-1146', LARAVEL_MYSQL, false),
      finding('sqlite-no-such-table', BARE_SQLITE, false),
    ]) {
      assert.equal(scanHints(f).length, 1, f.kind);
    }
  });

  it("a Laravel column finding gets Laravel's column advice, not how to create the table", () => {
    const text = english({ ...finding('missing-column', LARAVEL_COLUMN), column: 'user_id' }).join('\n');
    assert.match(text, /^The table lacks a column Laravel writes/);
    assert.doesNotMatch(text, /make:session-table/);
  });

  it('every hint renders in French through the l10n bundle', () => {
    const fr = JSON.parse(readFileSync(path.join(ROOT, 'l10n', 'bundle.l10n.fr.json'), 'utf8')) as Record<string, string>;
    for (const f of owners.map((o) => o[1])) {
      for (const m of scanHints(f)) assert.notEqual(renderMessage(m, fr), renderMessage(m), m.id);
    }
  });

  it("the demo log's two errors, as the scanner finds them: Prisma's and Laravel's", () => {
    const scanner = new Scanner();
    const found = [...scanner.write(readFileSync(path.join(ROOT, 'examples', 'demo-logs', 'dev-server.log'))), ...scanner.end()];
    assert.deepEqual(
      found.map((f) => [f.kind, frameworkOfFinding(f)]),
      [
        ['prisma-p2021', 'prisma'],
        ['mysql-1146', 'laravel'],
      ],
    );
  });
});
