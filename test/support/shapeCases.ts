/**
 * The shapes of issue 2 as test cases: real captures (test/fixtures/seed-captures/errors and
 * test/fixtures/detect/real) and written variants, each with the findings it must give.
 * Shared by the unit table, the chunking property and the CLI tests.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FindingKind } from '../../src/core/detect/finding';

export interface Expected {
  kind: FindingKind;
  table: string;
  column?: string;
  qualifier?: string;
  session: boolean;
  line: number;
}

export interface ShapeCase {
  name: string;
  text: string;
  expect: Expected[];
  sessionTables?: string[];
}

/** The seed's real captures, copied into the repository (test/fixtures/seed-captures, with their README). */
export const SHARED_ERRORS = path.join(__dirname, '../fixtures/seed-captures/errors');
const REAL = path.join(__dirname, '../fixtures/detect/real');
const DJANGO = path.join(__dirname, '../fixtures/stacks/django');
/** Symfony's PdoSessionHandler with its table missing (test/fixtures/stacks/symfony/PROVENANCE.md). */
const SYMFONY = path.join(__dirname, '../fixtures/stacks/symfony/errors');
/** Real captures of the Express connect-pg-simple store (test/fixtures/stacks/connect-pg-simple, with PROVENANCE.md). */
const CONNECT_PG_SIMPLE = path.join(__dirname, '../fixtures/stacks/connect-pg-simple');
/** Real captures of Better Auth 1.7 (test/fixtures/stacks/better-auth, with PROVENANCE.md). */
const BETTER_AUTH = path.join(__dirname, '../fixtures/stacks/better-auth/errors');

const ESC = '\x1b';
const BEL = '\x07';
const red = (s: string): string => `${ESC}[31m${s}${ESC}[39m`;
const dim = (s: string): string => `${ESC}[2m${s}${ESC}[22m`;

/** The detector's default session table names (finding.ts). */
const isSessionName = (table: string): boolean => ['session', 'sessions', 'django_session'].includes(table.toLowerCase());

const mysql = (line: number, table = 'sessions', qualifier: string | undefined = 'db-pc'): Expected => ({
  kind: 'mysql-1146',
  table,
  ...(qualifier === undefined ? {} : { qualifier }),
  session: true,
  line,
});
const sqlite = (line: number, table = 'sessions', qualifier?: string): Expected => ({
  kind: 'sqlite-no-such-table',
  table,
  ...(qualifier === undefined ? {} : { qualifier }),
  session: isSessionName(table),
  line,
});
const pg = (line: number, table = 'sessions', qualifier?: string): Expected => ({
  kind: 'postgres-42p01',
  table,
  ...(qualifier === undefined ? {} : { qualifier }),
  session: isSessionName(table),
  line,
});
const p2021 = (line: number, table = 'Session', qualifier?: string): Expected => ({
  kind: 'prisma-p2021',
  table,
  ...(qualifier === undefined ? {} : { qualifier }),
  session: isSessionName(table),
  line,
});
const p2010 = (line: number, table = 'sessions', qualifier?: string): Expected => ({
  kind: 'prisma-p2010',
  table,
  ...(qualifier === undefined ? {} : { qualifier }),
  session: isSessionName(table),
  line,
});

/** A missing column (kind `missing-column`), `table` `(not available)` when the error names only the column. */
const col = (line: number, table: string, column: string, qualifier?: string): Expected => ({
  kind: 'missing-column',
  table,
  column,
  ...(qualifier === undefined ? {} : { qualifier }),
  session: isSessionName(table),
  line,
});
const baMismatch = (line: number, table: string): Expected => ({ kind: 'better-auth-schema-mismatch', table, session: isSessionName(table), line });
const djangoUnapplied = (line: number): Expected => ({ kind: 'django-unapplied-migration', table: 'sessions', session: true, line });

const MYSQL_MSG = "SQLSTATE[42S02]: Base table or view not found: 1146 Table 'db-pc.sessions' doesn't exist";
const SELECT = 'select * from `sessions` where `id` = x limit 1';
const PG_PDO = 'SQLSTATE[42P01]: Undefined table: 7 ERROR:  relation "sessions" does not exist';

/** Prisma 6's printed P2021 (SQLite), as a thrown PrismaClientKnownRequestError prints. */
const PRISMA6_PRINTED = [
  'PrismaClientKnownRequestError: ',
  'Invalid `prisma.session.findUnique()` invocation in',
  '/home/dev/app/src/auth.ts:12:38',
  '',
  '  11 export async function getSession(id: string) {',
  '→ 12   return prisma.session.findUnique(',
  'The table `main.Session` does not exist in the current database.',
  '    at $n.handleRequestError (/home/dev/app/node_modules/@prisma/client/runtime/library.js:121:7339)',
  '    at async getSession (/home/dev/app/src/auth.ts:12:10) {',
  "  code: 'P2021',",
  "  clientVersion: '6.19.3',",
  "  meta: { modelName: 'Session', table: 'main.Session' }",
  '}',
].join('\n');

/** P2021 whose message lost the name: `meta.modelName` from the object names it. */
const PRISMA_NOT_AVAILABLE = [
  'PrismaClientKnownRequestError: ',
  'Invalid `prisma.session.create()` invocation:',
  '',
  '',
  'The table `(not available)` does not exist in the current database.',
  '    at Zn.handleRequestError (/app/node_modules/@prisma/client/runtime/library.js:121:7315)',
  '    at async main (/app/index.ts:7:3) {',
  "  code: 'P2021',",
  "  clientVersion: '5.22.0',",
  "  meta: { modelName: 'Session', table: '(not available)' }",
  '}',
].join('\n');

const PRISMA_NOT_AVAILABLE_NO_META = [
  'Invalid `prisma.user.findMany()` invocation:',
  '',
  'The table `(not available)` does not exist in the current database.',
  '    at async main (/app/index.ts:7:3) {',
  "  code: 'P2021',",
  "  clientVersion: '5.22.0'",
  '}',
  'listening on http://localhost:3000',
].join('\n');

const P2010_PRINTED = [
  'PrismaClientKnownRequestError: ',
  'Invalid `prisma.$queryRaw()` invocation:',
  '',
  '',
  "Raw query failed. Code: `1146`. Message: `Table 'db-pc.sessions' doesn't exist`",
  '    at async main (/app/index.ts:9:3) {',
  "  code: 'P2010',",
  "  clientVersion: '6.19.3',",
  "  meta: { code: '1146', message: \"Table 'db-pc.sessions' doesn't exist\" }",
  '}',
].join('\n');

/** Laravel's log entry: message, JSON context with the same message, then `[previous exception]`. */
function laravelLog(message: string, env = 'local'): string {
  const escaped = message.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  const frames = Array.from(
    { length: 60 },
    (_, i) =>
      `#${i} /var/www/app/vendor/laravel/framework/src/Illuminate/Pipeline/Pipeline.php(${100 + i}): Illuminate\\\\Pipeline\\\\Pipeline->Illuminate\\\\Pipeline\\\\{closure}()`,
  );
  return [
    `[2026-11-21 10:00:00] ${env}.ERROR: ${message} {"exception":"[object] (Illuminate\\\\Database\\\\QueryException(code: 42S02): ${escaped} at /var/www/app/vendor/laravel/framework/src/Illuminate/Database/Connection.php:825)`,
    '[stacktrace]',
    ...frames,
    `[previous exception] [object] (PDOException(code: 42S02): ${escaped.replace(/ \((?:Connection|SQL):.*$/, '')} at /var/www/app/vendor/laravel/framework/src/Illuminate/Database/Connection.php:416)`,
    '[stacktrace]',
    '#0 /var/www/app/vendor/laravel/framework/src/Illuminate/Database/Connection.php(416): PDO->prepare()',
    '#1 {main}',
    '"} ',
  ].join('\n');
}

export const SHAPE_CASES: ShapeCase[] = [
  // --- real captures -------------------------------------------------------------------------
  { name: 'real: Laravel 11 query builder 1146 (Connection suffix)', text: readShared('laravel11-querybuilder-mysql-1146.txt'), expect: [mysql(1)] },
  {
    name: 'real: PHP PDO mysql 1146, three errors with errorInfo arrays',
    text: readShared('php-pdo-mysql-1146.txt'),
    expect: [mysql(5), mysql(13), mysql(21)],
  },
  {
    name: 'real: PHP PDO sqlite no such table, three errors',
    text: readShared('php-pdo-sqlite-no-such-table.txt'),
    expect: [sqlite(5), sqlite(13), sqlite(21)],
  },
  {
    name: 'real: Prisma 7 P2021 uncaught, object with originalMessage',
    text: readShared('prisma7-p2021-sqlite-uncaught.txt'),
    expect: [p2021(14, 'Session', 'main')],
  },
  { name: 'real: mariadb CLI 1146 at line N', text: readReal('mariadb-cli-1146.txt'), expect: [mysql(5, 'sessions', 'sd_app')] },
  { name: 'real: node mysql2 printed error (message first, code later)', text: readReal('node-mysql2-error.txt'), expect: [mysql(1, 'sessions', 'sd_app')] },
  { name: 'real: node pg printed error with code 42P01', text: readReal('node-pg-error.txt'), expect: [pg(1)] },
  { name: 'real: psql two spaces, LINE 1 and caret', text: readReal('psql-42p01.txt'), expect: [pg(1)] },
  { name: 'real: psql schema-qualified relation', text: readReal('psql-42p01-qualified.txt'), expect: [pg(1, 'sessions', 'public')] },
  { name: 'real: Symfony PdoSessionHandler, SQLite', text: readSymfony('sqlite-session-start.txt'), expect: [sqlite(1)] },
  { name: 'real: Symfony PdoSessionHandler, MariaDB', text: readSymfony('mysql-session-start.txt'), expect: [mysql(1, 'sessions', 'sd_app')] },
  {
    name: 'real: Symfony PdoSessionHandler, MySQL (shared sample)',
    text: readSymfony('shared-mysql-session-start.txt'),
    expect: [mysql(1, 'sessions', 'symfony')],
  },
  { name: 'real: Symfony PdoSessionHandler, PostgreSQL', text: readSymfony('pgsql-session-start.txt'), expect: [pg(1)] },
  {
    name: 'real: Symfony PdoSessionHandler, PostgreSQL, a configured db_table is a session table',
    text: readSymfony('pgsql-session-start-custom.txt'),
    sessionTables: ['app_sessions_gone'],
    expect: [{ ...pg(1, 'app_sessions_gone'), session: true }],
  },
  {
    name: 'real: Symfony PdoSessionHandler, PostgreSQL, another db_table is not a session table by default',
    text: readSymfony('pgsql-session-start-custom.txt'),
    expect: [pg(1, 'app_sessions_gone')],
  },
  {
    name: 'real: Prisma 6 P2021 logged (object with modelName and cause)',
    text: readReal('prisma6-p2021-sqlite-logged.txt'),
    expect: [p2021(5, 'Session', 'main')],
  },
  { name: 'real: Prisma 6 P2010 raw query on SQLite', text: readReal('prisma6-p2010-sqlite-raw.txt'), expect: [p2010(5)] },
  { name: 'real: Prisma 6 P2021 as a JSON log line', text: readReal('prisma6-p2021-sqlite-json.txt'), expect: [p2021(1, 'Session', 'main')] },
  {
    // The poll's own log of the P2021, then the error the storage throws; its printed cause repeats it.
    name: "real: Shopify's Prisma session storage gives up on its table (MissingSessionTableError)",
    text: readReal('shopify-prisma-session-storage-missing.txt'),
    expect: [p2021(5, 'Session', 'main'), { kind: 'shopify-prisma-session-table', table: 'Session', session: true, line: 6 }],
  },
  {
    name: 'Shopify session storage with its tableName option (the client property) names the model',
    text: 'MissingSessionTableError: Prisma shopSession table does not exist. This could happen for a few reasons',
    sessionTables: ['ShopSession'],
    expect: [{ kind: 'shopify-prisma-session-table', table: 'ShopSession', session: true, line: 1 }],
  },

  // --- Better Auth -----------------------------------------------------------------------------
  {
    name: 'real: Better Auth 1.7 schema check, session missing (shared sample)',
    text: readBetterAuth('shared-sample-sqlite-signup.txt'),
    expect: [baMismatch(8, 'session')],
  },
  {
    name: 'real: Better Auth 1.7 schema check, session and account missing; account is not a session table',
    text: readBetterAuth('sqlite-signup-session-account-missing.txt'),
    expect: [baMismatch(4, 'session'), { ...baMismatch(4, 'account'), session: false }],
  },
  {
    name: 'real: Better Auth 1.7 schema check, two session columns missing',
    text: readBetterAuth('sqlite-signup-columns-missing.txt'),
    expect: [col(4, 'session', 'ipAddress'), col(5, 'session', 'userAgent')],
  },
  {
    name: 'real: Better Auth on PostgreSQL with the schema check off: the driver error',
    text: readBetterAuth('shared-sample-postgres-signup.txt'),
    expect: [pg(5, 'session')],
  },
  {
    name: "Prisma's schema mismatch is about the schema file, not the database: nothing",
    text: 'SchemaMismatchError: Prisma schema mismatch\n\n  Missing tables\n    session\n',
    expect: [],
  },

  // --- Express connect-pg-simple ------------------------------------------------------------
  {
    name: 'real: connect-pg-simple get and prune on a missing table',
    text: readStack('prune-missing-table.txt'),
    expect: [pg(1, 'session'), pg(23, 'session')],
  },
  {
    name: 'real: connect-pg-simple prune log (shared sample)',
    text: readStack('shared-sample-prune.txt'),
    expect: [pg(2, 'session'), pg(24, 'session'), pg(46, 'session'), pg(68, 'session')],
  },
  {
    name: 'connect-pg-simple with its configured tableName is a session table',
    text: 'Failed to prune sessions: error: relation "user_sessions" does not exist',
    sessionTables: ['user_sessions'],
    expect: [{ ...pg(1, 'user_sessions'), session: true }],
  },
  {
    name: 'connect-pg-simple schemaName and tableName',
    text: 'Failed to prune sessions: error: relation "auth.user_sessions" does not exist',
    sessionTables: ['user_sessions'],
    expect: [{ ...pg(1, 'user_sessions', 'auth'), session: true }],
  },
  {
    name: 'another table of an Express app is not a session table',
    text: 'error: relation "users" does not exist',
    sessionTables: ['user_sessions'],
    expect: [pg(1, 'users')],
  },

  // --- Prisma ---------------------------------------------------------------------------------
  { name: 'P2021 main.X', text: 'The table `main.Session` does not exist in the current database.', expect: [p2021(1, 'Session', 'main')] },
  { name: 'P2021 public.X', text: 'The table `public.Session` does not exist in the current database.', expect: [p2021(1, 'Session', 'public')] },
  { name: 'P2021 bare X (MySQL)', text: 'The table `Session` does not exist in the current database.', expect: [p2021(1, 'Session')] },
  { name: 'P2021 other table is not a session', text: 'The table `main.User` does not exist in the current database.', expect: [p2021(1, 'User', 'main')] },
  { name: 'P2021 printed by Prisma 6, object with meta', text: PRISMA6_PRINTED, expect: [p2021(7, 'Session', 'main')] },
  { name: 'P2021 (not available) named by meta.modelName', text: PRISMA_NOT_AVAILABLE, expect: [p2021(5, 'Session')] },
  { name: 'P2021 (not available) without modelName', text: PRISMA_NOT_AVAILABLE_NO_META, expect: [p2021(3, '(not available)')] },
  {
    name: 'P2021 JSON log line',
    text: '{"level":50,"time":1763719200000,"err":{"type":"PrismaClientKnownRequestError","message":"\\nInvalid \\u0060prisma.session.findUnique()\\u0060 invocation:\\n\\n\\nThe table \\u0060main.Session\\u0060 does not exist in the current database.","code":"P2021","meta":{"modelName":"Session","table":"main.Session"},"clientVersion":"6.19.3"},"msg":"request failed"}',
    expect: [p2021(1, 'Session', 'main')],
  },
  {
    name: 'P2021 JSON log line with plain backticks',
    text: '{"level":"error","message":"The table `public.Session` does not exist in the current database.","code":"P2021"}',
    expect: [p2021(1, 'Session', 'public')],
  },
  {
    name: 'P2021 JSON object without its message',
    text: '{"code":"P2021","meta":{"modelName":"Session","table":"main.Session"}}',
    expect: [p2021(1, 'Session', 'main')],
  },
  { name: 'P2010 wrapping 1146, printed object', text: P2010_PRINTED, expect: [p2010(5, 'sessions', 'db-pc')] },
  {
    name: 'P2010 wrapping 42P01',
    text: 'Raw query failed. Code: `42P01`. Message: `ERROR: relation "sessions" does not exist`',
    expect: [p2010(1)],
  },
  { name: 'P2010 wrapping no such table', text: 'Raw query failed. Code: `1`. Message: `no such table: sessions`', expect: [p2010(1)] },
  {
    name: 'P2010 as JSON',
    text: '{"code":"P2010","meta":{"code":"1146","message":"Table \'db-pc.sessions\' doesn\'t exist"}}',
    expect: [p2010(1, 'sessions', 'db-pc')],
  },

  // --- MySQL / MariaDB ------------------------------------------------------------------------
  { name: 'mysql CLI with at line', text: "ERROR 1146 (42S02) at line 1: Table 'db-pc.sessions' doesn't exist", expect: [mysql(1)] },
  { name: 'mysql CLI without at line', text: "ERROR 1146 (42S02): Table 'db-pc.sessions' doesn't exist", expect: [mysql(1)] },
  { name: 'Laravel <= 9 suffix (SQL: …)', text: `${MYSQL_MSG} (SQL: ${SELECT})`, expect: [mysql(1)] },
  { name: 'Laravel 10-12.44 suffix (Connection: mysql, SQL: …)', text: `${MYSQL_MSG} (Connection: mysql, SQL: ${SELECT})`, expect: [mysql(1)] },
  {
    name: 'Laravel 12.45+ suffix (Connection, Host, Port, Database, SQL)',
    text: `${MYSQL_MSG} (Connection: mysql, Host: 127.0.0.1, Port: 3306, Database: db-pc, SQL: ${SELECT})`,
    expect: [mysql(1)],
  },
  {
    name: 'mysql2 error with code printed before sqlMessage, no stack',
    text: "{\n  code: 'ER_NO_SUCH_TABLE',\n  errno: 1146,\n  sqlState: '42S02',\n  sqlMessage: \"Table 'db-pc.sessions' doesn't exist\"\n}",
    expect: [mysql(5)],
  },
  {
    name: 'mysql2 error as one JSON line',
    text: '{"level":"error","err":{"message":"Table \'db-pc.sessions\' doesn\'t exist","code":"ER_NO_SUCH_TABLE","errno":1146,"sqlState":"42S02"}}',
    expect: [mysql(1)],
  },
  {
    name: 'mariadb connector',
    text: "SqlError: (conn:12, no: 1146, SQLState: 42S02) Table 'db-pc.sessions' doesn't exist\nsql: SELECT * FROM sessions WHERE id = ? - parameters:['x']\n    at module.exports.createError (/app/node_modules/mariadb/lib/misc/errors.js:66:10) {\n  sqlMessage: \"Table 'db-pc.sessions' doesn't exist\",\n  sql: \"SELECT * FROM sessions WHERE id = ? - parameters:['x']\",\n  fatal: false,\n  errno: 1146,\n  sqlState: '42S02',\n  code: 'ER_NO_SUCH_TABLE'\n}",
    expect: [mysql(1)],
  },
  {
    name: 'two separate mysql2 errors give two findings',
    text: `${readReal('node-mysql2-error.txt')}\n${readReal('node-mysql2-error.txt')}`,
    expect: [mysql(1, 'sessions', 'sd_app'), mysql(11, 'sessions', 'sd_app')],
  },

  // --- SQLite ---------------------------------------------------------------------------------
  {
    name: 'Laravel 11 sqlite default',
    text: 'SQLSTATE[HY000]: General error: 1 no such table: sessions (Connection: sqlite, SQL: select * from "sessions" where "id" = x limit 1)',
    expect: [sqlite(1)],
  },
  { name: 'bare no such table: main.Session', text: 'no such table: main.Session', expect: [sqlite(1, 'Session', 'main')] },
  { name: 'SQLITE_ERROR: no such table', text: "[Error: SQLITE_ERROR: no such table: sessions] { errno: 1, code: 'SQLITE_ERROR' }", expect: [sqlite(1)] },

  // --- PostgreSQL -----------------------------------------------------------------------------
  { name: 'psql written', text: 'ERROR:  relation "sessions" does not exist', expect: [pg(1)] },
  {
    name: 'PDO pgsql, LINE 1, caret, Laravel suffix after the caret',
    text: `${PG_PDO}\nLINE 1: select * from "sessions" where "id" = $1 limit 1\n                      ^ (Connection: pgsql, SQL: select * from "sessions" where "id" = x limit 1)`,
    expect: [pg(1)],
  },
  { name: 'schema-qualified relation', text: 'error: relation "public.sessions" does not exist', expect: [pg(1, 'sessions', 'public')] },
  { name: 'node pg as JSON line', text: '{"msg":"query failed","err":{"message":"relation \\"sessions\\" does not exist","code":"42P01"}}', expect: [pg(1)] },

  // --- decoration -----------------------------------------------------------------------------
  { name: 'concurrently [0] prefix', text: `[0] ${MYSQL_MSG}`, expect: [mysql(1)] },
  {
    name: 'concurrently [server] prefix + colours',
    text: `${ESC}[36m[server]${ESC}[39m ${red('The table `main.Session` does not exist in the current database.')}`,
    expect: [p2021(1, 'Session', 'main')],
  },
  {
    name: 'concurrently prefix on every line of a printed Prisma error',
    text: PRISMA6_PRINTED.split('\n')
      .map((l) => `${dim('[web]')} ${l}`)
      .join('\n'),
    expect: [p2021(7, 'Session', 'main')],
  },
  { name: 'Laravel log prefix', text: `[2026-11-21 10:00:00] local.ERROR: ${MYSQL_MSG} (Connection: mysql, SQL: ${SELECT})`, expect: [mysql(1)] },
  {
    name: 'Laravel log entry with JSON context and [previous exception] is one finding',
    text: laravelLog(`${MYSQL_MSG} (Connection: mysql, SQL: ${SELECT})`),
    expect: [mysql(1)],
  },
  {
    name: 'two Laravel log entries are two findings',
    text: `${laravelLog(`${MYSQL_MSG} (SQL: ${SELECT})`)}\n${laravelLog(`${MYSQL_MSG} (SQL: ${SELECT})`, 'production')}`,
    expect: [mysql(1), mysql(68)],
  },
  { name: 'ANSI colour inside the line', text: `${red('ERROR:')}  relation ${ESC}[1m"sessions"${ESC}[22m does not exist`, expect: [pg(1)] },
  {
    name: 'OSC 633 ... BEL around the line',
    text: `${ESC}]633;A${BEL}${ESC}]633;E;npm run dev${BEL}no such table: sessions${ESC}]633;D;1${BEL}`,
    expect: [sqlite(1)],
  },
  { name: 'OSC ... ESC backslash', text: `${ESC}]0;npm run dev${ESC}\\no such table: sessions`, expect: [sqlite(1)] },
  {
    name: 'JSON-escaped \\"sessions\\"',
    text: '{"message":"SQLSTATE[42P01]: Undefined table: 7 ERROR:  relation \\"sessions\\" does not exist"}',
    expect: [pg(1)],
  },
  { name: 'JSON-escaped \\u0060', text: '"The table \\u0060Session\\u0060 does not exist in the current database."', expect: [p2021(1, 'Session')] },
  { name: 'CRLF line ends', text: `hello\r\nworld\r\n${MYSQL_MSG}\r\n`, expect: [mysql(3)] },
  { name: 'CR-only line ends', text: `hello\rworld\r${MYSQL_MSG}\r`, expect: [mysql(3)] },
  { name: 'mixed CR, LF, CRLF and blank lines', text: `a\r\n\nb\r\rc\n${MYSQL_MSG}`, expect: [mysql(6)] },
  {
    name: 'caller-given session table',
    text: "ERROR 1146 (42S02): Table 'app.user_sessions' doesn't exist",
    sessionTables: ['USER_SESSIONS'],
    expect: [{ ...mysql(1, 'user_sessions', 'app') }],
  },
  { name: 'session in any case', text: 'no such table: SESSIONS', expect: [sqlite(1, 'SESSIONS')] },
  { name: 'non-session table', text: 'no such table: users', expect: [sqlite(1, 'users')] },

  // --- Django (real captures: test/fixtures/stacks/django/PROVENANCE.md) -----------------------
  // Each traceback is printed twice (the driver's error, then django.db.utils re-raising it after
  // "The above exception was the direct cause…"): one finding, on the driver's line.
  {
    name: 'real: Django SQLite SessionStore.save, no such table',
    text: readDjango('captures/error-no-table.sqlite.txt'),
    expect: [sqlite(8, 'django_session')],
  },
  { name: 'real: Django psycopg2 UndefinedTable', text: readDjango('captures/error-no-table.postgresql.txt'), expect: [pg(5, 'django_session')] },
  { name: 'real: Django MySQLdb (1146, …)', text: readDjango('captures/error-no-table.mysql.txt'), expect: [mysql(15, 'django_session', 'sd')] },
  {
    name: 'real: Django runserver: unapplied warning, then the request error',
    text: readDjango('shared/django-sqlite_runserver_request.txt'),
    expect: [djangoUnapplied(6), sqlite(20, 'django_session')],
  },
  {
    name: 'real: Django runserver start-up warning alone',
    text: readDjango('shared/django-sqlite_runserver_unapplied_warning.txt'),
    expect: [djangoUnapplied(6)],
  },
  { name: 'real: Django PostgreSQL (shared sample)', text: readDjango('shared/django-postgres_sessionstore_save.txt'), expect: [pg(5, 'django_session')] },
  {
    name: 'real: Django SQLite INSERT without expire_date',
    text: readDjango('captures/error-no-column-save.sqlite.txt'),
    expect: [col(8, 'django_session', 'expire_date')],
  },
  {
    name: 'real: Django SQLite SELECT without expire_date',
    text: readDjango('captures/error-no-column-load.sqlite.txt'),
    expect: [col(8, 'django_session', 'expire_date')],
  },
  {
    name: 'real: Django PostgreSQL INSERT without expire_date',
    text: readDjango('captures/error-no-column-save.postgresql.txt'),
    expect: [col(5, 'django_session', 'expire_date')],
  },
  {
    name: 'real: Django PostgreSQL SELECT without expire_date',
    text: readDjango('captures/error-no-column-load.postgresql.txt'),
    expect: [col(5, 'django_session', 'expire_date')],
  },
  {
    name: 'real: Django MariaDB INSERT without expire_date (1054, unqualified)',
    text: readDjango('captures/error-no-column-save.mysql.txt'),
    expect: [col(15, '(not available)', 'expire_date')],
  },
  {
    name: 'real: Django MariaDB SELECT without expire_date (1054)',
    text: readDjango('captures/error-no-column-load.mysql.txt'),
    expect: [col(15, 'django_session', 'expire_date')],
  },
  // --- a session table lacking a column (test/fixtures/detect/capture-columns.ts) ---------------
  {
    name: 'real: Laravel 8.83 DatabaseSessionHandler, SQLite table without user_id (PDOException, then QueryException)',
    text: readReal('laravel8-sqlite-column-user_id.txt'),
    expect: [col(1, '(not available)', 'user_id'), col(16, '(not available)', 'user_id')],
  },
  {
    name: 'real: Laravel 8.83 DatabaseSessionHandler, MariaDB 1054 in SET',
    text: readReal('laravel8-mariadb-column-user_id.txt'),
    expect: [col(1, '(not available)', 'user_id'), col(16, '(not available)', 'user_id')],
  },
  {
    name: 'real: Laravel 8.83 DatabaseSessionHandler, PostgreSQL 42703 of relation "sessions"',
    text: readReal('laravel8-postgres-column-user_id.txt'),
    expect: [col(1, 'sessions', 'user_id'), col(18, 'sessions', 'user_id')],
  },
  {
    name: 'real: Symfony 5.4 PdoSessionHandler, SQLite table without sess_lifetime',
    text: readReal('symfony54-sqlite-column-sess_lifetime.txt'),
    expect: [col(1, '(not available)', 'sess_lifetime')],
  },
  {
    name: 'real: Symfony 5.4 PdoSessionHandler, MariaDB 1054 in SELECT',
    text: readReal('symfony54-mariadb-column-sess_lifetime.txt'),
    expect: [col(1, '(not available)', 'sess_lifetime')],
  },
  {
    name: 'real: Symfony 5.4 PdoSessionHandler, PostgreSQL 42703 on SELECT',
    text: readReal('symfony54-postgres-column-sess_lifetime.txt'),
    expect: [col(1, '(not available)', 'sess_lifetime')],
  },
  {
    name: 'real: connect-pg-simple 10.0.0 store.set() without expire',
    text: readReal('connect-pg-simple-column-expire.txt'),
    expect: [col(1, 'session', 'expire')],
  },
  {
    name: 'real: Django runserver, missing column (shared sample)',
    text: readDjango('shared/django-sqlite_missing_column.txt'),
    expect: [col(17, 'django_session', 'expire_date')],
  },
  {
    name: 'Django: the same traceback twice is two findings (two requests)',
    text: `${readDjango('captures/error-no-table.sqlite.txt')}${readDjango('captures/error-no-table.sqlite.txt')}`,
    expect: [sqlite(8, 'django_session'), sqlite(8 + readDjango('captures/error-no-table.sqlite.txt').split('\n').length - 1, 'django_session')],
  },
  {
    name: 'Django: other tables are not session tables',
    text: 'django.db.utils.OperationalError: no such table: django_content_type',
    expect: [sqlite(1, 'django_content_type')],
  },
  {
    name: 'Django: unapplied warning without the sessions app gives nothing; with it, one',
    text: [
      'You have 18 unapplied migration(s). Your project may not work properly until you apply the migrations for app(s): admin, auth, contenttypes.',
      'You have 18 unapplied migration(s). Your project may not work properly until you apply the migrations for app(s): admin, auth, contenttypes, sessions.',
    ].join('\n'),
    expect: [djangoUnapplied(2)],
  },
  {
    name: 'Django: the warning in runserver colours',
    text: '\x1b[31m\nYou have 1 unapplied migration(s). Your project may not work properly until you apply the migrations for app(s): sessions.\x1b[0m',
    expect: [djangoUnapplied(2)],
  },

  // --- missing columns (written variants) ------------------------------------------------------
  {
    name: 'MySQL 1054 unknown column (Laravel)',
    text: "SQLSTATE[42S22]: Column not found: 1054 Unknown column 'payload' in 'field list' (SQL: select payload from sessions)",
    expect: [col(1, '(not available)', 'payload')],
  },
  { name: 'SQLite no such column (PDO)', text: 'SQLSTATE[HY000]: General error: 1 no such column: sessions.payload', expect: [col(1, 'sessions', 'payload')] },
  {
    name: 'Prisma P2022 missing column',
    text: "The column `Session.expiresAt` does not exist in the current database.\n{ code: 'P2022' }",
    expect: [col(1, 'Session', 'expiresAt')],
  },
  {
    name: 'PostgreSQL column of relation does not exist (42703)',
    text: 'ERROR:  column "payload" of relation "sessions" does not exist',
    expect: [col(1, 'sessions', 'payload')],
  },
  {
    name: 'Better Auth on PostgreSQL: column "token" of relation "session"',
    text: 'error: column "token" of relation "session" does not exist',
    expect: [col(1, 'session', 'token')],
  },
  {
    name: 'PostgreSQL unqualified column',
    text: 'ERROR:  column "user_agent" does not exist at character 8',
    expect: [col(1, '(not available)', 'user_agent')],
  },
];

/** Text that mentions tables or errors but must give no finding. */
export const FALSE_POSITIVES: Array<{ name: string; text: string }> = [
  {
    name: 'P2002 unique constraint',
    text: "Invalid `prisma.user.create()` invocation:\n\nUnique constraint failed on the fields: (`email`)\n{ code: 'P2002', meta: { modelName: 'User', target: ['email'] } }",
  },
  {
    name: 'P1001 cannot reach',
    text: "Can't reach database server at `localhost:5432`\n\nPlease make sure your database server is running at `localhost:5432`.\n{ code: 'P1001' }",
  },
  {
    name: 'MySQL 1045 access denied',
    text: "SQLSTATE[HY000] [1045] Access denied for user 'root'@'localhost' (using password: YES) (Connection: mysql, SQL: select * from `sessions`)",
  },
  { name: 'MySQL 1049 unknown database', text: "ERROR 1049 (42000): Unknown database 'sessions'" },
  { name: 'MySQL 1932 table exists but is damaged', text: "SQLSTATE[42S02]: Base table or view not found: 1932 Table 'app.sessions' doesn't exist in engine" },
  { name: 'MySQL 1051 unknown table on DROP', text: "ERROR 1051 (42S02): Unknown table 'app.sessions'" },
  { name: 'PostgreSQL missing schema (3F000)', text: 'ERROR:  schema "app" does not exist' },
  { name: 'relation already exists', text: 'ERROR:  relation "sessions" already exists' },
  {
    name: 'prose',
    text: 'If the sessions table does not exist yet, run php artisan migrate.\nThe table of contents does not exist.\nNo table: sessions. Table sessions is missing, said nobody.',
  },
  { name: "prose with MySQL's phrase but no error code", text: "Docs: when you see Table 'x' doesn't exist, check your database name." },
  {
    name: 'CREATE TABLE sessions SQL',
    text: 'CREATE TABLE IF NOT EXISTS "sessions" ("id" varchar not null, "user_id" integer, "payload" text not null, primary key ("id"));\nCREATE TABLE `sessions` (`id` varchar(255) NOT NULL) -- create if not exists',
  },
  {
    name: 'Prisma migrate output',
    text: 'Applying migration `20261121100000_init`\n\nThe following migration(s) have been applied:\n\nmigrations/\n  └─ 20261121100000_init/\n    └─ migration.sql\n\nYour database is now in sync with your schema.',
  },
  { name: 'numbers that look like codes', text: 'GET /api/session 200 in 1146ms\n compiled in 42S02ms? no: 11460 modules' },
  {
    name: "MySQL's phrase in prose next to a 1146 that is not an error number",
    text: "  VITE v5.4.0  ready in 1146 ms\nDocs: Table 'app.sessions' doesn't exist means the migration did not run.\nbuilt 1146 modules",
  },
];

function readShared(file: string): string {
  return fs.readFileSync(path.join(SHARED_ERRORS, file), 'utf8');
}

function readDjango(file: string): string {
  return fs.readFileSync(path.join(DJANGO, file), 'utf8');
}

function readSymfony(file: string): string {
  return fs.readFileSync(path.join(SYMFONY, file), 'utf8');
}

function readBetterAuth(file: string): string {
  return fs.readFileSync(path.join(BETTER_AUTH, file), 'utf8');
}

function readStack(file: string): string {
  return fs.readFileSync(path.join(CONNECT_PG_SIMPLE, file), 'utf8');
}

function readReal(file: string): string {
  return fs.readFileSync(path.join(REAL, file), 'utf8');
}
