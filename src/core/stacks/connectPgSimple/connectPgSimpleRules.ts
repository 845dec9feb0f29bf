/**
 * The connect-pg-simple rules: the facts of one Express app (connectPgSimpleFacts.ts) → its report
 * and its problems with ranked fixes. Pure and synchronous: no file, database or network access.
 *
 * Ranking, when the table is missing: `psql` with the package's table.sql first when the database
 * is known and psql is on PATH: it creates the table now, so the running app works on its next
 * request and a re-check is healthy at once. `createTableIfMissing: true` second: the package then
 * creates the same table, but only on the first query after the app restarts, and only if the
 * app's database user may create tables. Without psql (or without a known url), the edit leads.
 */
import * as path from 'node:path';
import { msg } from '../../messages';
import type { Fix, Location, Problem, SqlDialect } from '../../model';
import type { AppReport } from '../../problems/diagnosis';
import type { AppOutcome } from '../stack';
import { columnSourceSql, connectPgSimpleAddColumnsSql, connectPgSimplePrimaryKey, connectPgSimpleTableSql } from './connectPgSimpleDdl';
import type { ConnectPgSimpleFacts } from './connectPgSimpleFacts';
import { createTableIfMissingFix, psqlAddColumnsFix, psqlFix, storeLocation, tableDisplay } from './connectPgSimpleFixes';

/** The DDL `createTableIfMissing` runs for this app: the installed table.sql (else 10.0.0's) with its names. */
export function connectPgSimpleSessionSql(f: ConnectPgSimpleFacts, dialect: SqlDialect): string | undefined {
  if (dialect !== 'postgresql') return undefined;
  return connectPgSimpleTableSql(f.tableName, f.schemaName, f.installedTableSql?.text);
}

function lineStart(file: string): Location {
  return { file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
}

export function connectPgSimpleRules(f: ConnectPgSimpleFacts): AppOutcome {
  const a = f.app;
  const ddl = connectPgSimpleSessionSql(f, 'postgresql')!;
  const anchor = f.store ? storeLocation(f.store) : lineStart(a.packageJson);
  const watchFiles = [a.packageJson, path.join(a.root, '.env')];
  if (f.store) watchFiles.push(f.store.file);
  const palette = psqlFix(f, ddl, false);
  const app: AppReport = {
    framework: 'connect-pg-simple',
    root: a.root,
    sessionTable: f.nameUnknown ? undefined : f.tableName || 'session',
    dialect: 'postgresql',
    databaseDisplay: f.table.databaseDisplay,
    databaseSource: sourceMessage(f),
    tableState: f.table.state,
    unknownReason: f.table.unknownReason,
    anchor,
    sessionSql: { postgresql: ddl },
    commands: palette ? [palette] : [],
    watchFiles,
  };
  const problems: Problem[] = [];
  if (f.table.state === 'present' && f.table.missingColumns) problems.push(columnsProblem(f, f.table.missingColumns, anchor));
  if (f.table.state !== 'missing') return { app, problems };

  const table = tableDisplay(f);
  const display = f.table.databaseDisplay ?? 'PostgreSQL';
  if (f.createTableIfMissing === true) {
    // The store creates the table itself on its first query: nothing is broken yet, but say so.
    const fix = psqlFix(f, ddl, f.psqlAvailable);
    problems.push({
      code: 'connectPgSimple.sessionTableMissing',
      severity: 'info',
      message: msg('connectPgSimple.tableCreatedOnFirstQuery', table, display),
      location: anchor,
      app: a.root,
      fixes: fix ? [fix] : [],
    });
    return { app, problems };
  }
  const psqlFirst = f.connection.kind === 'url' && f.psqlAvailable;
  const command = psqlFix(f, ddl, psqlFirst);
  const edit = createTableIfMissingFix(f.store, !psqlFirst);
  const fixes: Fix[] = [command, edit].filter((x): x is NonNullable<typeof x> => x !== undefined);
  if (fixes.length > 0 && !fixes.some((x) => x.preferred)) fixes[0] = { ...fixes[0], preferred: true };
  problems.push({
    code: 'connectPgSimple.sessionTableMissing',
    severity: 'error',
    message: msg('connectPgSimple.sessionTableMissing', table, display),
    detail: msg(edit ? 'connectPgSimple.sessionTableMissing.detail' : 'connectPgSimple.sessionTableMissing.manual', f.tableName || 'session'),
    location: anchor,
    app: a.root,
    fixes,
  });
  return { app, problems };
}

/**
 * The table lacks columns of table.sql. They are all NOT NULL without a default there, and `sid` is
 * the primary key: PostgreSQL adds such a column only to an empty table ("column … contains null
 * values"), and no ALTER here adds the primary key.
 */
function columnsProblem(f: ConnectPgSimpleFacts, missing: string[], anchor: Location): Problem {
  const table = tableDisplay(f);
  const display = f.table.databaseDisplay ?? 'PostgreSQL';
  const tableSql = columnSourceSql(f.installedTableSql?.text);
  // What the store's save prints (its INSERT … ON CONFLICT names the columns it writes).
  const error = `column "${missing[0]}" of relation "${f.tableName || 'session'}" does not exist`;
  const base = {
    code: 'connectPgSimple.sessionColumnsMissing',
    severity: 'error' as const,
    message: msg('connectPgSimple.sessionColumnsMissing', table, display, missing.join(', ')),
    location: anchor,
    app: f.app.root,
  };
  const key = connectPgSimplePrimaryKey(tableSql);
  if (key && missing.includes(key)) return { ...base, detail: msg('sessionColumns.primaryKey', error, key, table), fixes: [] };
  if (f.table.hasRows !== false)
    return {
      ...base,
      detail: msg(f.table.hasRows ? 'sessionColumns.rows' : 'sessionColumns.rowsUnknown', error, missing.join(', '), table, 'PostgreSQL'),
      fixes: [],
    };
  const sql = connectPgSimpleAddColumnsSql(missing, f.tableName, f.schemaName, tableSql);
  const fix = sql ? psqlAddColumnsFix(f, sql, missing) : undefined;
  return { ...base, detail: msg('sessionColumns.detail', error, sql.trimEnd().split('\n').join(' ')), fixes: fix ? [fix] : [] };
}

function sourceMessage(f: ConnectPgSimpleFacts): AppReport['databaseSource'] {
  const c = f.connection;
  if (c.kind !== 'url' || !c.envName) return undefined;
  if (!c.envFile) return msg('connectPgSimple.databaseFrom.env', c.envName);
  return msg('connectPgSimple.databaseFrom.envFile', c.envName, path.relative(f.app.root, c.envFile) || c.envFile);
}
