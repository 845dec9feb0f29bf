/**
 * The fixes of a Symfony app whose PdoSessionHandler table is missing. Pure.
 * - SQLite: the direct locked apply of createTable()'s exact SQL. createTable() records nothing
 *   anywhere (Symfony 5.4 has no session migration, and Doctrine Migrations does not know the
 *   table), so the apply writes no bookkeeping either.
 * - A server (or a SQLite file that does not exist yet): the same SQL through the database's own
 *   client, as an argv (never a shell string) that holds no password: psql asks for it (or reads
 *   ~/.pgpass / PGPASSWORD), and mysql's `-p` asks for it.
 * - A change of intent, never preferred: `handler_id: null`, PHP's own session files.
 * A present table that lacks columns: createTable()'s column definitions in an ALTER, the same two
 * ways (addColumnsApply, runAddColumnsFix); symfonyRules.ts decides when that can work.
 */
import { msg } from '../../messages';
import type { ApplySqlFix, CommandSpec, EditFix, RunCommandFix } from '../../model';
import { offsetAt } from '../../fixes/build/fileEdits';
import type { SymfonyFacts } from './symfonyFacts';

export function createTableApply(f: SymfonyFacts, sql: string, sqlitePath: string, display: string): ApplySqlFix {
  return {
    id: 'symfony.createTable',
    kind: 'apply-sql',
    title: msg('fix.symfony.createTable', f.names.table, display),
    detail: msg('fix.symfony.createTable.detail'),
    destructive: false,
    preferred: true,
    requiresTrust: true,
    dialect: 'sqlite',
    database: sqlitePath,
    sql,
    expect: { tables: [f.names.table], indexes: ['EXPIRY'] },
  };
}

/** The missing columns added with createTable()'s definitions, under SQLite's locks. */
export function addColumnsApply(
  f: SymfonyFacts,
  sql: string,
  missing: readonly string[],
  withIndex: boolean,
  sqlitePath: string,
  display: string,
): ApplySqlFix {
  const indexes = withIndex ? ['EXPIRY'] : [];
  return {
    id: 'symfony.addSessionColumns',
    kind: 'apply-sql',
    title: msg('fix.symfony.addSessionColumns', missing.join(', '), f.names.table, display),
    detail: msg('fix.symfony.addColumns.detail'),
    destructive: false,
    preferred: true,
    requiresTrust: true,
    dialect: 'sqlite',
    database: sqlitePath,
    sql,
    // Creates no table: absent before, present after, and the undo drops the index and columns, never the table.
    expect: { tables: [], indexes, columns: missing.map((column) => ({ table: f.names.table, column })) },
  };
}

/** The same through the database's own client (a server). */
export function runAddColumnsFix(f: SymfonyFacts, sql: string, missing: readonly string[], display: string): RunCommandFix | undefined {
  const command = clientCommand(f, sql);
  if (!command) return undefined;
  return {
    id: 'symfony.runAddColumnsSql',
    kind: 'run-command',
    title: msg('fix.symfony.runAddColumnsSql', missing.join(', '), f.names.table, display, command.argv[0]),
    detail: msg('fix.symfony.addColumns.detail'),
    destructive: false,
    preferred: true,
    requiresTrust: true,
    commands: [command],
  };
}

/** The database client command that runs `sql` against the handler's database. */
export function clientCommand(f: SymfonyFacts, sql: string): CommandSpec | undefined {
  const c = f.connection;
  if (!c) return undefined;
  const cwd = f.app.root;
  if (c.driver === 'sqlite' && c.sqliteFile) return { argv: ['sqlite3', '-bail', c.sqliteFile, sql], cwd };
  if (c.driver === 'pgsql' && c.database) {
    const argv = ['psql', '-v', 'ON_ERROR_STOP=1'];
    if (c.host) argv.push('-h', c.host);
    if (c.port) argv.push('-p', String(c.port));
    if (c.user) argv.push('-U', c.user);
    argv.push('-d', c.database, '-c', sql);
    return { argv, cwd };
  }
  if (c.driver === 'mysql' && c.database) {
    const argv = ['mysql'];
    if (c.unixSocket) argv.push('-S', c.unixSocket);
    else {
      if (c.host) argv.push('-h', c.host);
      if (c.port) argv.push('-P', String(c.port));
    }
    if (c.user) argv.push('-u', c.user);
    if (c.password) argv.push('-p');
    argv.push('-e', sql, c.database);
    return { argv, cwd };
  }
  return undefined;
}

export function runSqlFix(f: SymfonyFacts, sql: string, display: string, preferred: boolean): RunCommandFix | undefined {
  const command = clientCommand(f, sql);
  if (!command) return undefined;
  return {
    id: 'symfony.runCreateTableSql',
    kind: 'run-command',
    title: msg('fix.symfony.runCreateTableSql', f.names.table, display, command.argv[0]),
    detail: msg('fix.symfony.runCreateTableSql.detail'),
    destructive: false,
    preferred: preferred || undefined,
    requiresTrust: true,
    commands: [command],
  };
}

/** `handler_id: null` in framework.yaml: sessions in PHP's own files, no table. */
export function nativeHandlerFix(f: SymfonyFacts): EditFix | undefined {
  const h = f.handler.handlerId;
  const text = f.app.framework?.text.replace(/^\uFEFF/, '');
  if (!h || text === undefined) return undefined;
  const a = offsetAt(text, h.location.range.start);
  const b = offsetAt(text, h.location.range.end);
  if (a === undefined || b === undefined || b <= a) return undefined;
  return {
    id: 'symfony.nativeHandler',
    kind: 'edit',
    title: msg('fix.symfony.nativeHandler'),
    detail: msg('fix.symfony.nativeHandler.detail'),
    destructive: false,
    requiresTrust: true,
    edits: [{ file: h.file, range: h.location.range, newText: 'null', oldText: text.slice(a, b) }],
  };
}
