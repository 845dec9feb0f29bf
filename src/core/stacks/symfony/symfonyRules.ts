/**
 * The Symfony rules: the facts of one app (symfonyFacts.ts) → its report and its problems with
 * ranked fixes. Pure and synchronous: no file, database or network access.
 */
import * as path from 'node:path';
import { msg } from '../../messages';
import type { Problem, SqlDialect } from '../../model';
import type { AppReport } from '../../problems/diagnosis';
import type { AppOutcome } from '../stack';
import { symfonySessionSql, type SymfonyDialect } from './symfonyDdl';
import type { SymfonyFacts } from './symfonyFacts';
import { createTableApply, nativeHandlerFix, runSqlFix } from './symfonyFixes';

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
