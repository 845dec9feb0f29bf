/**
 * Every fact about one connect-pg-simple app, gathered in one async step: where the store is
 * constructed and with which options (from the source text, never run), the database it connects
 * to (`conString`, `conObject`, else `DATABASE_URL` from the environment or `.env`), the session
 * table's state (one read-only, time-bounded live query; for a present table, the columns of
 * table.sql it lacks and whether it holds a row), the installed package's `table.sql`, and
 * whether `psql` is on PATH. The rules (connectPgSimpleRules.ts) judge this record without I/O.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { msg } from '../../messages';
import type { Message } from '../../model';
import type { DiagnoseOptions, TableState } from '../../problems/diagnosis';
import { parseDatabaseUrl } from '../../read/databaseUrl';
import { lookupEnv } from '../../read/env/dotenvLookup';
import { SKIPPED_DIRS } from '../../read/findFiles';
import { checkTableLive } from '../../read/live/tableCheck';
import { liveTargetFromUrl } from '../../read/live/targetFromUrl';
import { readRegularText } from '../../read/regularFile';
import { maskUrl } from '../../redact';
import { postgresSchemas } from '../laravel/laravelFacts';
import type { ConnectPgSimpleApp } from './connectPgSimpleApp';
import { columnSourceSql, connectPgSimpleColumns } from './connectPgSimpleDdl';
import { findStoreCalls, optionOf, type OptionValue, type StoreCall } from './storeOptionsText';

/** Source files worth reading for the store's construction. */
const SOURCE_EXT = /\.(?:[cm]?js|[cm]?ts|jsx|tsx)$/;
const MAX_SOURCE_FILES = 400;
const MAX_SOURCE_DEPTH = 5;

export interface StoreFacts {
  /** The file that constructs the store (absolute), and its text without a BOM (edits are made on it). */
  file: string;
  text: string;
  /** Whether the file starts with a BOM (edits keep it). */
  bom: boolean;
  call: StoreCall;
  /** How many other store constructions the app's sources hold (the first one is used). */
  others: number;
}

export type ConnectionFacts =
  /** SECRET: `url` may hold a password; show it only through maskUrl(). */
  { kind: 'url'; url: string; from: 'conString' | 'conObject' | 'env'; envName?: string; envFile?: string } | { kind: 'unknown'; reason: Message };

export interface ConnectPgSimpleFacts {
  app: ConnectPgSimpleApp;
  store?: StoreFacts;
  /** `tableName` / `schemaName` as configured (undefined: the default, `session` in the search path). */
  tableName?: string;
  schemaName?: string;
  /** Set when the table's name is computed in code: the table then cannot be checked. */
  nameUnknown?: string;
  createTableIfMissing: boolean | 'unknown';
  connection: ConnectionFacts;
  table: {
    state: TableState;
    unknownReason?: Message;
    databaseDisplay?: string;
    /** A present table: the columns of table.sql it lacks, in the file's order. */
    missingColumns?: string[];
    /** With missingColumns: whether the table holds a row (undefined: could not tell). */
    hasRows?: boolean;
  };
  /** The installed package's table.sql: the file (absolute) and its text. */
  installedTableSql?: { file: string; text: string };
  psqlAvailable: boolean;
}

/** The app's source files that mention the package, in path order (node_modules and build output skipped). */
async function sourcesMentioningPackage(root: string): Promise<Array<{ file: string; text: string }>> {
  const out: Array<{ file: string; text: string }> = [];
  let seen = 0;
  const visit = async (dir: string, depth: number): Promise<void> => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (seen >= MAX_SOURCE_FILES) return;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (depth < MAX_SOURCE_DEPTH && !SKIPPED_DIRS.has(e.name) && !e.name.startsWith('.')) await visit(p, depth + 1);
      } else if (e.isFile() && SOURCE_EXT.test(e.name) && !e.name.endsWith('.d.ts')) {
        seen++;
        const read = await readRegularText(p);
        if (read.ok && read.text.includes('connect-pg-simple')) out.push({ file: p, text: read.text });
      }
    }
  };
  await visit(root, 0);
  return out;
}

async function findStore(root: string): Promise<StoreFacts | undefined> {
  const found: StoreFacts[] = [];
  for (const { file, text } of await sourcesMentioningPackage(root)) {
    const bom = text.startsWith('\uFEFF');
    const body = bom ? text.slice(1) : text;
    for (const call of findStoreCalls(body)) found.push({ file, text: body, bom, call, others: 0 });
  }
  return found[0] && { ...found[0], others: found.length - 1 };
}

/** The nearest installed `node_modules/connect-pg-simple/table.sql`, from the app's folder up three levels. */
async function installedTableSql(root: string): Promise<{ file: string; text: string } | undefined> {
  let dir = root;
  for (let i = 0; i < 4; i++) {
    const file = path.join(dir, 'node_modules', 'connect-pg-simple', 'table.sql');
    const read = await readRegularText(file, 64 * 1024);
    if (read.ok) return { file, text: read.text };
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

async function onPath(program: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const dirs = (env.PATH ?? process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const names = process.platform === 'win32' ? [`${program}.exe`, `${program}.cmd`] : [program];
  for (const d of dirs) {
    for (const n of names) {
      try {
        await fs.access(path.join(d, n), fs.constants.X_OK);
        return true;
      } catch {
        // not here
      }
    }
  }
  return false;
}

/** A string option's value, or why it is not known. */
function stringOption(v: OptionValue | undefined, env: NodeJS.ProcessEnv): { value?: string; computed?: string } {
  if (!v) return {};
  if (v.kind === 'string') return { value: v.value };
  if (v.kind === 'env') return { value: env[v.name] || v.fallback, computed: env[v.name] || v.fallback !== undefined ? undefined : `process.env.${v.name}` };
  if (v.kind === 'boolean') return { computed: String(v.value) };
  return { computed: v.kind === 'object' ? '{…}' : v.text };
}

/** What an env-valued option resolves to: the environment, then the app's .env. */
async function envValue(root: string, name: string, fallback: string | undefined, env: NodeJS.ProcessEnv, from: 'conString' | 'env'): Promise<ConnectionFacts> {
  const found = await lookupEnv(name, [{ file: path.join(root, '.env'), assumed: true }], env);
  if (found && 'error' in found) return { kind: 'unknown', reason: msg('connectPgSimple.envUnreadable', name, found.error) };
  if (found) return { kind: 'url', url: found.value, from, envName: name, envFile: found.source?.file };
  if (fallback !== undefined) return { kind: 'url', url: fallback, from: 'conString' };
  return { kind: 'unknown', reason: from === 'env' ? msg('connectPgSimple.databaseUrlUnset') : msg('connectPgSimple.envUnset', name) };
}

/** A `conObject` literal as a connection url: its `connectionString`, or its host/port/user/password/database. */
async function conObjectUrl(root: string, v: Extract<OptionValue, { kind: 'object' }>, env: NodeJS.ProcessEnv): Promise<ConnectionFacts> {
  const o = v.object;
  if (o.opaque) return { kind: 'unknown', reason: msg('connectPgSimple.connectionComputed', 'conObject', '{ …spread }') };
  const cs = optionOf(o, 'connectionString')?.value;
  if (cs?.kind === 'string') return { kind: 'url', url: cs.value, from: 'conObject' };
  if (cs?.kind === 'env') return envValue(root, cs.name, cs.fallback, env, 'conString');
  if (cs)
    return { kind: 'unknown', reason: msg('connectPgSimple.connectionComputed', 'conObject.connectionString', cs.kind === 'expression' ? cs.text : '{…}') };
  const part = (key: string): string | undefined | null => {
    const p = optionOf(o, key)?.value;
    if (!p) return undefined;
    if (p.kind === 'expression' && /^\d+$/.test(p.text)) return p.text;
    const s = stringOption(p, env);
    return s.computed ? null : s.value;
  };
  const parts = ['host', 'port', 'user', 'password', 'database'].map((k) => [k, part(k)] as const);
  const computed = parts.find(([, value]) => value === null);
  if (computed) return { kind: 'unknown', reason: msg('connectPgSimple.connectionComputed', `conObject.${computed[0]}`, 'code') };
  const p = Object.fromEntries(parts) as Record<string, string | undefined>;
  if (!p.database && !p.user) return { kind: 'unknown', reason: msg('connectPgSimple.connectionDefaults') };
  const auth = p.user ? `${encodeURIComponent(p.user)}${p.password ? `:${encodeURIComponent(p.password)}` : ''}@` : '';
  return {
    kind: 'url',
    url: `postgresql://${auth}${p.host ?? 'localhost'}${p.port ? `:${p.port}` : ''}/${encodeURIComponent(p.database ?? p.user ?? '')}`,
    from: 'conObject',
  };
}

/** Where the store connects, as connect-pg-simple decides: pool, pgPromise, conObject, conString, DATABASE_URL. */
async function connectionOf(root: string, store: StoreFacts | undefined, env: NodeJS.ProcessEnv): Promise<ConnectionFacts> {
  if (!store) return { kind: 'unknown', reason: msg('connectPgSimple.noStore') };
  const o = store.call.options;
  if (o.kind === 'expression') return { kind: 'unknown', reason: msg('connectPgSimple.optionsComputed', o.text || 'new …') };
  if (o.kind === 'literal') {
    const obj = o.object;
    for (const key of ['pool', 'pgPromise']) {
      const p = optionOf(obj, key);
      if (p) return { kind: 'unknown', reason: msg('connectPgSimple.connectionComputed', key, p.value.kind === 'expression' ? p.value.text : '{…}') };
    }
    const conObject = optionOf(obj, 'conObject')?.value;
    if (conObject?.kind === 'object') return conObjectUrl(root, conObject, env);
    if (conObject)
      return {
        kind: 'unknown',
        reason: msg(
          'connectPgSimple.connectionComputed',
          'conObject',
          conObject.kind === 'expression' ? conObject.text : String((conObject as { value?: unknown }).value),
        ),
      };
    const conString = optionOf(obj, 'conString')?.value;
    if (conString?.kind === 'string' && conString.value) return { kind: 'url', url: conString.value, from: 'conString' };
    if (conString?.kind === 'env') return envValue(root, conString.name, conString.fallback, env, 'conString');
    if (conString && conString.kind !== 'string')
      return { kind: 'unknown', reason: msg('connectPgSimple.connectionComputed', 'conString', conString.kind === 'expression' ? conString.text : '…') };
    if (obj.opaque) return { kind: 'unknown', reason: msg('connectPgSimple.optionsComputed', '{ …spread }') };
  }
  return envValue(root, 'DATABASE_URL', undefined, env, 'env');
}

async function tableState(f: ConnectPgSimpleFacts, opts: DiagnoseOptions): Promise<ConnectPgSimpleFacts['table']> {
  const c = f.connection;
  if (c.kind === 'unknown') return { state: 'unknown', unknownReason: c.reason };
  const display = maskUrl(c.url);
  const parsed = parseDatabaseUrl(c.url);
  if (!parsed.ok) return { state: 'unknown', unknownReason: msg('live.unknown', display, parsed.error), databaseDisplay: display };
  if (parsed.value.dialect !== 'postgresql')
    return { state: 'unknown', unknownReason: msg('live.unknown', display, 'connect-pg-simple connects to PostgreSQL only'), databaseDisplay: display };
  if (f.nameUnknown) return { state: 'unknown', unknownReason: msg('connectPgSimple.nameComputed', f.nameUnknown), databaseDisplay: display };
  if (opts.live === false) return { state: 'not-checked', unknownReason: msg('live.notChecked', display), databaseDisplay: display };
  // pg ignores Prisma's `?schema=`: the store's own schemaName, else the search path, decides.
  const target = liveTargetFromUrl({ ...parsed.value, schema: undefined });
  if (!target.ok) return { state: 'unknown', unknownReason: msg('live.unknown', display, target.reason), databaseDisplay: display };
  const table = quotedName(f.tableName);
  const schemas = f.schemaName ? [f.schemaName] : postgresSchemas(undefined, target.target.user);
  let r: Awaited<ReturnType<typeof checkTableLive>> | undefined;
  for (const schema of schemas) {
    r = await checkTableLive({ ...target.target, schema }, table, { timeoutMs: opts.liveTimeoutMs, columns: true });
    if (r.status !== 'missing') break;
  }
  if (!r) return { state: 'not-checked', databaseDisplay: display };
  if (r.status === 'unknown') return { state: 'unknown', unknownReason: msg('live.unknown', display, `${r.reason}: ${r.message}`), databaseDisplay: display };
  // The store quotes every column name: they are compared exactly, as PostgreSQL does then.
  const have = r.status === 'present' ? r.columns : undefined;
  const missingColumns = have
    ? connectPgSimpleColumns(columnSourceSql(f.installedTableSql?.text))
        .map((c) => c.name)
        .filter((c) => !have.includes(c))
    : [];
  if (missingColumns.length > 0) return { state: 'present', databaseDisplay: display, missingColumns, hasRows: r.status === 'present' ? r.hasRows : undefined };
  return { state: r.status, databaseDisplay: display };
}

/** The table's name as PostgreSQL stores it (the store quotes it, so it is kept exactly). */
function quotedName(tableName: string | undefined): string {
  return tableName || 'session';
}

export async function gatherConnectPgSimpleFacts(app: ConnectPgSimpleApp, opts: DiagnoseOptions): Promise<ConnectPgSimpleFacts> {
  const env = opts.env ?? {};
  const store = await findStore(app.root);
  const facts: ConnectPgSimpleFacts = {
    app,
    store,
    createTableIfMissing: false,
    connection: { kind: 'unknown', reason: msg('connectPgSimple.noStore') },
    table: { state: 'unknown' },
    psqlAvailable: false,
  };
  const o = store?.call.options;
  if (!store || o?.kind === 'expression') facts.createTableIfMissing = 'unknown';
  if (o?.kind === 'literal') {
    const obj = o.object;
    const table = stringOption(optionOf(obj, 'tableName')?.value, env);
    const schema = stringOption(optionOf(obj, 'schemaName')?.value, env);
    facts.tableName = opts.sessionTable ?? table.value;
    facts.schemaName = schema.value;
    const computed = opts.sessionTable ? schema.computed : (table.computed ?? schema.computed);
    if (computed) facts.nameUnknown = computed;
    else if (obj.opaque && !optionOf(obj, 'tableName')) facts.nameUnknown = '{ …spread }';
    const create = optionOf(obj, 'createTableIfMissing')?.value;
    facts.createTableIfMissing =
      create === undefined
        ? obj.opaque
          ? 'unknown'
          : false
        : create.kind === 'boolean'
          ? create.value
          : create.kind === 'string'
            ? create.value !== ''
            : 'unknown';
  } else if (opts.sessionTable) facts.tableName = opts.sessionTable;
  if (!store || o?.kind === 'expression') facts.nameUnknown ??= o?.kind === 'expression' ? o.text || 'new …' : undefined;
  facts.connection = await connectionOf(app.root, store, env);
  facts.installedTableSql = await installedTableSql(app.root);
  facts.psqlAvailable = await onPath('psql', env);
  facts.table = await tableState(facts, opts);
  return facts;
}
