/**
 * The Symfony rules: the facts of one app (symfonyFacts.ts) → its report and its problems with
 * ranked fixes. Pure and synchronous: no file, database or network access.
 */
import * as path from 'node:path';
import { msg } from '../../messages';
import type { Problem, SqlDialect } from '../../model';
import type { AppReport } from '../../problems/diagnosis';
import type { AppOutcome } from '../stack';
import { symfonyAddColumnsStatements, symfonySessionSql, type SymfonyDialect } from './symfonyDdl';
import type { SymfonyFacts } from './symfonyFacts';
import { addColumnsApply, createTableApply, nativeHandlerFix, runAddColumnsFix, runSqlFix } from './symfonyFixes';

const TO_SYMFONY: Record<SqlDialect, SymfonyDialect> = { sqlite: 'sqlite', mysql: 'mysql', postgresql: 'pgsql' };

/** createTable()'s SQL for a dialect, with the app's table and column names. */
export function symfonySql(f: SymfonyFacts, dialect: SqlDialect): string {
  return symfonySessionSql(TO_SYMFONY[dialect], f.names);
}

/** What a session start prints when the table is missing (captured from Symfony 5.4). */
function runtimeError(dialect: SqlDialect | undefined, table: string, database: string | undefined): string {
  if (dialect === 'mysql') return `SQLSTATE[42S02]: Base table or view not found: 1146 Table '${database ?? '?'}.${table}' doesn't exist`;
  if (dialect === 'postgresql') return `SQLSTATE[42P01]: Undefined table: 7 ERROR:  relation "${table.toLowerCase()}" does not exist`;
  return `SQLSTATE[HY000]: General error: 1 no such table: ${table}`;
}

/**
 * What a session start prints when the table lacks a column (the first the handler's SELECT names),
 * as captured from Symfony 5.4 in test/fixtures/detect/real/symfony54-*-column-sess_lifetime.txt
 * (MariaDB names the clause, `in 'SELECT'`; MySQL says `in 'field list'`).
 */
function missingColumnError(dialect: SqlDialect, column: string): string {
  if (dialect === 'mysql') return `SQLSTATE[42S22]: Column not found: 1054 Unknown column '${column}' in 'SELECT'`;
  if (dialect === 'postgresql') return `SQLSTATE[42703]: Undefined column: 7 ERROR:  column "${column.toLowerCase()}" does not exist`;
  return `SQLSTATE[HY000]: General error: 1 no such column: ${column}`;
}

/**
 * The table lacks some of the handler's columns. createTable()'s columns are all NOT NULL without a
 * default, and the id is the primary key: SQLite and PostgreSQL add such a column only to an empty
 * table (MySQL fills the implicit default), and no ALTER adds the primary key.
 */
function columnsProblem(f: SymfonyFacts, dialect: SqlDialect, missing: string[], display: string): Problem {
  const t = f.table!;
  const n = f.names;
  // The first column of the handler's read (SELECT sess_data, sess_lifetime, sess_time … WHERE sess_id).
  const first = [n.dataCol, n.lifetimeCol, n.timeCol, n.idCol].find((c) => missing.includes(c)) ?? missing[0];
  const error = missingColumnError(dialect, first);
  const base = {
    code: 'symfony.sessionColumnsMissing',
    severity: 'error' as const,
    message: msg('symfony.sessionColumnsMissing', n.table, display, missing.join(', ')),
    location: f.handler.handlerId?.location ?? f.handler.serviceLocation,
    app: f.app.root,
  };
  if (missing.includes(n.idCol)) return { ...base, detail: msg('sessionColumns.primaryKey', error, n.idCol, n.table), fixes: [] };
  if (dialect !== 'mysql' && t.hasRows !== false) {
    const engine = dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL';
    return { ...base, detail: msg(t.hasRows ? 'sessionColumns.rows' : 'sessionColumns.rowsUnknown', error, missing.join(', '), n.table, engine), fixes: [] };
  }
  // createTable()'s EXPIRY index goes with the lifetime column, unless an index of that name exists (SQLite tells).
  const withIndex = !(dialect === 'sqlite' && t.expiryIndexExists);
  const statements = symfonyAddColumnsStatements(TO_SYMFONY[dialect], missing, n, withIndex);
  const sql = statements.map((s) => `${s};\n`).join('');
  const fix = t.sqlitePath
    ? addColumnsApply(f, sql, missing, withIndex && missing.includes(n.lifetimeCol), t.sqlitePath, display)
    : runAddColumnsFix(f, sql, missing, display);
  return { ...base, detail: msg('sessionColumns.detail', error, statements.map((x) => `${x};`).join(' ')), fixes: fix ? [fix] : [] };
}

export function symfonyRules(f: SymfonyFacts): AppOutcome {
  const a = f.app;
  const root = a.root;
  const watchFiles = [
    path.join(root, 'config', 'packages', 'framework.yaml'),
    path.join(root, 'config', 'services.yaml'),
    ...['.env', '.env.local', `.env.${a.appEnv}`, `.env.${a.appEnv}.local`].map((n) => path.join(root, n)),
  ];
  const app: AppReport = { framework: 'symfony', root, tableState: 'not-checked', commands: [], watchFiles, anchor: f.handler.handlerId?.location };
  if (a.unreadable) return { app: { ...app, tableState: 'unknown', unknownReason: a.unreadable }, problems: [] };
  if (f.handler.errors.length > 0)
    return { app: { ...app, tableState: 'unknown', unknownReason: msg('symfony.yamlInvalid', f.handler.errors[0]) }, problems: [] };
  if (!f.usesPdo) return { app, problems: [] };

  app.sessionTable = f.names.table;
  app.dialect = f.dialect;
  app.databaseDisplay = f.databaseDisplay;
  if (f.connectionSource) app.databaseSource = msg('symfony.databaseFrom', f.connectionSource.variable, f.connectionSource.source);
  app.sessionSql = { sqlite: symfonySql(f, 'sqlite'), mysql: symfonySql(f, 'mysql'), postgresql: symfonySql(f, 'postgresql') };
  if (!f.connection || !f.table) {
    app.tableState = 'unknown';
    app.unknownReason = msg('symfony.databaseUnknown', f.connectionError ?? '?');
    return { app, problems: [] };
  }
  const t = f.table;
  app.tableState = t.state;
  app.unknownReason = t.unknownReason;
  if (t.sqlitePath) {
    app.sqlitePath = t.sqlitePath;
    app.watchFiles.push(t.sqlitePath, `${t.sqlitePath}-wal`, `${t.sqlitePath}-journal`);
  }
  const display = f.databaseDisplay ?? f.connection.driver;
  const dialect = f.dialect;
  const sql = dialect ? symfonySql(f, dialect) : undefined;
  const run = sql ? runSqlFix(f, sql, display, false) : undefined;
  if (run) app.commands.push(run);
  if (t.state === 'present' && t.missingColumns && dialect) return { app, problems: [columnsProblem(f, dialect, t.missingColumns, display)] };
  if (t.state !== 'missing' || !sql) return { app, problems: [] };

  const fixes = [];
  if (t.sqlitePath && t.fileExists) fixes.push(createTableApply(f, sql, t.sqlitePath, display));
  else if (run) fixes.push({ ...run, preferred: true });
  const native = nativeHandlerFix(f);
  if (native) fixes.push(native);
  const problem: Problem = {
    code: 'symfony.sessionTableMissing',
    severity: 'error',
    message: msg(t.sqlitePath && !t.fileExists ? 'symfony.sessionTableMissing.noFile' : 'symfony.sessionTableMissing', f.names.table, display),
    detail: msg('symfony.sessionTableMissing.detail', runtimeError(dialect, f.names.table, f.connection.database)),
    location: app.anchor ?? f.handler.serviceLocation,
    app: root,
    fixes,
  };
  return { app, problems: [problem] };
}
