/**
 * The fixes for a missing connect-pg-simple table, built from facts: the package's own table.sql
 * run by `psql` (argv, no shell), and the store option `createTableIfMissing: true` as an exact
 * edit of the options literal. Pure.
 */
import * as path from 'node:path';
import { msg } from '../../messages';
import type { EditFix, Position, RunCommandFix } from '../../model';
import { maskUrl } from '../../redact';
import { positionAt } from '../jsSourceText';
import type { ConnectPgSimpleFacts, StoreFacts } from './connectPgSimpleFacts';
import { optionOf } from './storeOptionsText';

export const PSQL_FIX_ID = 'connectPgSimple.psqlTableSql';
export const CREATE_IF_MISSING_FIX_ID = 'connectPgSimple.createTableIfMissing';

/** Where the store is constructed: the `new` of its construction. */
export function storeLocation(store: StoreFacts): { file: string; range: { start: Position; end: Position } } {
  const p = positionAt(store.text, store.call.start);
  return { file: store.file, range: { start: p, end: { line: p.line, character: p.character + 3 } } };
}

/**
 * `psql` running the package's table.sql in the store's database, in one transaction, stopping at
 * the first error. The installed file itself when the names are the defaults; the same SQL with the
 * configured names otherwise (what `createTableIfMissing` would run). The url holds the password:
 * every display of a command masks it (report/shellQuote.ts), and psql prints no password.
 */
export function psqlFix(f: ConnectPgSimpleFacts, ddl: string, preferred: boolean): RunCommandFix | undefined {
  if (f.connection.kind !== 'url') return undefined;
  const url = f.connection.url;
  const installed = f.installedTableSql;
  const asInstalled = installed !== undefined && installed.text === ddl;
  const source = asInstalled ? ['-f', path.relative(f.app.root, installed.file).split(path.sep).join('/')] : ['-c', ddl];
  return {
    id: PSQL_FIX_ID,
    kind: 'run-command',
    title: msg(asInstalled ? 'fix.connectPgSimple.psqlFile' : 'fix.connectPgSimple.psqlSql', tableDisplay(f), maskUrl(url)),
    detail: msg('fix.connectPgSimple.psql.detail'),
    destructive: false,
    preferred: preferred || undefined,
    requiresTrust: true,
    commands: [{ argv: ['psql', '-X', '-v', 'ON_ERROR_STOP=1', '--single-transaction', '-d', url, ...source], cwd: f.app.root }],
  };
}

/** The ALTER TABLE that adds the missing columns, through psql (which asks for a password itself). */
export function psqlAddColumnsFix(f: ConnectPgSimpleFacts, sql: string, missing: readonly string[]): RunCommandFix | undefined {
  if (f.connection.kind !== 'url') return undefined;
  return {
    id: 'connectPgSimple.psqlAddColumns',
    kind: 'run-command',
    title: msg('fix.connectPgSimple.psqlAddColumns', missing.join(', '), tableDisplay(f)),
    detail: msg('fix.connectPgSimple.psqlAddColumns.detail'),
    destructive: false,
    preferred: true,
    requiresTrust: true,
    commands: [{ argv: ['psql', '-X', '-v', 'ON_ERROR_STOP=1', '--single-transaction', '-d', f.connection.url, '-c', sql], cwd: f.app.root }],
  };
}

export function tableDisplay(f: Pick<ConnectPgSimpleFacts, 'tableName' | 'schemaName'>): string {
  const table = f.tableName || 'session';
  return f.schemaName ? `${f.schemaName}.${table}` : table;
}

/**
 * `createTableIfMissing: true` as one exact edit of the options literal, or undefined when the
 * options are not a literal that can be edited exactly (a variable, a spread, a computed value).
 * The edit carries the text it replaces, so it is refused if the file changed since.
 */
export function createTableIfMissingFix(store: StoreFacts | undefined, preferred: boolean): EditFix | undefined {
  if (!store) return undefined;
  const text = store.text;
  const o = store.call.options;
  const edit = (start: number, end: number, newText: string): EditFix => ({
    id: CREATE_IF_MISSING_FIX_ID,
    kind: 'edit',
    title: msg('fix.connectPgSimple.createTableIfMissing', path.basename(store.file)),
    detail: msg('fix.connectPgSimple.createTableIfMissing.detail'),
    destructive: false,
    preferred: preferred || undefined,
    requiresTrust: true,
    edits: [{ file: store.file, range: { start: positionAt(text, start), end: positionAt(text, end) }, newText, oldText: text.slice(start, end) }],
  });
  if (o.kind === 'none') return edit(o.open, o.close + 1, '({ createTableIfMissing: true })');
  if (o.kind !== 'literal' || o.object.opaque) return undefined;
  const obj = o.object;
  const existing = optionOf(obj, 'createTableIfMissing');
  if (existing) {
    // Only a literal `false` is replaced; any other value is the user's code.
    return existing.value.kind === 'boolean' && !existing.value.value ? edit(existing.valueStart, existing.valueEnd, 'true') : undefined;
  }
  const first = obj.props[0];
  if (!first) {
    const inner = text.slice(obj.open + 1, obj.close);
    // `{}` or `{ }`: anything else (a comment) is kept by not editing at all.
    return /^\s*$/.test(inner) ? edit(obj.open, obj.close + 1, '{ createTableIfMissing: true }') : undefined;
  }
  const between = text.slice(obj.open + 1, first.keyStart);
  const nl = between.search(/\r\n|\r|\n/);
  if (nl >= 0) {
    // A multi-line literal: a line of its own, indented as the first property's line.
    const eol = between.slice(nl).match(/^(\r\n|\r|\n)/)![1];
    const lineStart = Math.max(text.lastIndexOf('\n', first.keyStart - 1), text.lastIndexOf('\r', first.keyStart - 1)) + 1;
    const indent = text.slice(lineStart, first.keyStart).match(/^[ \t]*/)![0];
    return edit(obj.open, obj.open + 1, `{${eol}${indent}createTableIfMissing: true,`);
  }
  return edit(obj.open, obj.open + 1, /^\s/.test(between) ? '{ createTableIfMissing: true,' : '{createTableIfMissing: true, ');
}
