/**
 * Every fact about one Better Auth app, in one async step: the config read as text, the database it
 * opens, and which of the core tables (and which of their columns, on SQLite) exist there.
 */
import * as path from 'node:path';
import { msg } from '../../messages';
import type { Message, SqlDialect } from '../../model';
import type { DiagnoseOptions, TableState } from '../../problems/diagnosis';
import { parseDatabaseUrl } from '../../read/databaseUrl';
import { lookupEnv } from '../../read/env/dotenvLookup';
import { checkTableLive } from '../../read/live/tableCheck';
import { liveTargetFromUrl } from '../../read/live/targetFromUrl';
import { pathExists } from '../../read/findFiles';
import { readSqliteSchema } from '../../read/sqlite/schemaReader';
import { createTableColumns } from '../../read/sqlite/tableRows';
import { maskUrl } from '../../redact';
import type { OptionValue } from '../jsSourceText';
import { postgresSchemas } from '../laravel/laravelFacts';
import type { BetterAuthApp } from './betterAuthApp';
import { readBetterAuthConfig, type BetterAuthConfig } from './betterAuthConfigText';
import { CORE_MODELS, tableName, type CoreModel } from './betterAuthSchema';

export type BetterAuthConnection =
  | { kind: 'sqlite'; file: string }
  /** SECRET: `url` may hold a password; show it only through maskUrl(). */
  | { kind: 'url'; url: string; dialect: 'postgresql' | 'mysql'; envName?: string; envFile?: string }
  | { kind: 'adapter'; adapter: string; provider?: string }
  | { kind: 'unknown'; reason: Message };

export interface BetterAuthTables {
  state: TableState;
  unknownReason?: Message;
  databaseDisplay?: string;
  /** Present core tables (configured names), with their columns where known (SQLite, and the live check's). */
  present: Map<string, ReadonlySet<string> | undefined>;
  /** Core models whose table is missing, in model order. */
  missing: CoreModel[];
  /** SQLite: whether the database file exists at all. */
  fileExists?: boolean;
}

export interface BetterAuthFacts {
  app: BetterAuthApp;
  config?: BetterAuthConfig;
  dialect?: SqlDialect;
  connection: BetterAuthConnection;
  tables: BetterAuthTables;
}

async function urlFrom(app: BetterAuthApp, v: OptionValue | undefined, dialect: 'postgresql' | 'mysql', env: NodeJS.ProcessEnv): Promise<BetterAuthConnection> {
  if (v === undefined) return { kind: 'unknown', reason: msg('betterAuth.databaseComputed', dialect === 'postgresql' ? 'new Pool()' : 'createPool()') };
  if (v.kind === 'string') return { kind: 'url', url: v.value, dialect };
  if (v.kind !== 'env') return { kind: 'unknown', reason: msg('betterAuth.databaseComputed', v.kind === 'expression' ? v.text : '{…}') };
  // Better Auth's CLI and the frameworks it runs in load .env; Next.js reads .env.local first.
  const found = await lookupEnv(
    v.name,
    [
      { file: path.join(app.root, '.env.local'), assumed: true },
      { file: path.join(app.root, '.env'), assumed: true },
    ],
    env,
  );
  if (found && 'error' in found) return { kind: 'unknown', reason: msg('betterAuth.envUnreadable', v.name, found.error) };
  if (found) return { kind: 'url', url: found.value, dialect, envName: v.name, envFile: found.source?.file };
  if (v.fallback !== undefined) return { kind: 'url', url: v.fallback, dialect };
  return { kind: 'unknown', reason: msg('betterAuth.envUnset', v.name) };
}

async function connectionOf(app: BetterAuthApp, config: BetterAuthConfig | undefined, env: NodeJS.ProcessEnv): Promise<BetterAuthConnection> {
  if (!config) return { kind: 'unknown', reason: msg('betterAuth.noConfig') };
  const d = config.database;
  switch (d.kind) {
    case 'sqlite': {
      const file = d.file;
      if (file?.kind === 'string') {
        if (file.value === ':memory:' || file.value === '') return { kind: 'unknown', reason: msg('betterAuth.memoryDatabase') };
        // Relative paths are the process's working folder: the app's root, where it is started.
        return { kind: 'sqlite', file: path.resolve(app.root, file.value) };
      }
      if (file?.kind === 'env') {
        const v = env[file.name] ?? file.fallback;
        if (v) return { kind: 'sqlite', file: path.resolve(app.root, v) };
        return { kind: 'unknown', reason: msg('betterAuth.envUnset', file.name) };
      }
      return { kind: 'unknown', reason: msg('betterAuth.databaseComputed', file?.kind === 'expression' ? file.text : `${d.driver}()`) };
    }
    case 'postgres':
      return urlFrom(app, d.url, 'postgresql', env);
    case 'mysql':
      return urlFrom(app, d.url, 'mysql', env);
    case 'adapter':
      return { kind: 'adapter', adapter: d.adapter, provider: d.provider };
    case 'unknown':
      return { kind: 'unknown', reason: msg('betterAuth.databaseComputed', d.text.length > 80 ? `${d.text.slice(0, 80)}…` : d.text) };
    case 'none':
      return { kind: 'unknown', reason: msg('betterAuth.noDatabase') };
  }
}

async function sqliteTables(file: string, config: BetterAuthConfig, root: string): Promise<BetterAuthTables> {
  const display = path.relative(root, file) || file;
  const read = await readSqliteSchema(file);
  const present = new Map<string, ReadonlySet<string> | undefined>();
  if (read.status !== 'ok') {
    const fileExists = await pathExists(file);
    // No file yet: Better Auth's SQLite driver creates it empty on first open.
    if (!fileExists) return { state: 'missing', databaseDisplay: display, present, missing: [...CORE_MODELS], fileExists };
    return { state: 'unknown', unknownReason: msg('live.unknown', display, read.reason), databaseDisplay: display, present, missing: [], fileExists };
  }
  const missing: CoreModel[] = [];
  for (const model of CORE_MODELS) {
    const name = tableName(config.names, model);
    const entry = read.entries.find((e) => e.type === 'table' && e.name.toLowerCase() === name.toLowerCase());
    if (!entry) missing.push(model);
    else present.set(name, entry.sql ? new Set(createTableColumns(entry.sql) ?? []) : undefined);
  }
  return { state: missing.includes('session') ? 'missing' : 'present', databaseDisplay: display, present, missing, fileExists: true };
}

async function serverTables(c: Extract<BetterAuthConnection, { kind: 'url' }>, config: BetterAuthConfig, opts: DiagnoseOptions): Promise<BetterAuthTables> {
  const display = maskUrl(c.url);
  const present = new Map<string, ReadonlySet<string> | undefined>();
  const unknown = (reason: Message): BetterAuthTables => ({ state: 'unknown', unknownReason: reason, databaseDisplay: display, present, missing: [] });
  const parsed = parseDatabaseUrl(c.url);
  if (!parsed.ok) return unknown(msg('live.unknown', display, parsed.error));
  if (opts.live === false) return { state: 'not-checked', unknownReason: msg('live.notChecked', display), databaseDisplay: display, present, missing: [] };
  const target = liveTargetFromUrl({ ...parsed.value, schema: undefined });
  if (!target.ok) return unknown(msg('live.unknown', display, target.reason));
  const schemas = c.dialect === 'postgresql' ? postgresSchemas(undefined, target.target.user) : [undefined];
  const missing: CoreModel[] = [];
  for (const model of CORE_MODELS) {
    const name = tableName(config.names, model);
    let status: 'present' | 'missing' = 'missing';
    let columns: ReadonlySet<string> | undefined;
    for (const schema of schemas) {
      const r = await checkTableLive(schema ? { ...target.target, schema } : target.target, name, { timeoutMs: opts.liveTimeoutMs, columns: true });
      if (r.status === 'unknown') return unknown(msg('live.unknown', display, `${r.reason}: ${r.message}`));
      if (r.status === 'present') {
        status = 'present';
        columns = r.columns ? new Set(r.columns) : undefined;
        break;
      }
    }
    if (status === 'missing') missing.push(model);
    else present.set(name, columns);
  }
  return { state: missing.includes('session') ? 'missing' : 'present', databaseDisplay: display, present, missing };
}

export async function gatherBetterAuthFacts(app: BetterAuthApp, opts: DiagnoseOptions): Promise<BetterAuthFacts> {
  const env = opts.env ?? {};
  const config = readBetterAuthConfig(app.configText);
  if (config && opts.sessionTable) config.names = { ...config.names, tables: { ...config.names.tables, session: opts.sessionTable } };
  const connection = await connectionOf(app, config, env);
  const facts: BetterAuthFacts = { app, config, connection, tables: { state: 'unknown', present: new Map(), missing: [] } };
  if (connection.kind === 'sqlite') facts.dialect = 'sqlite';
  else if (connection.kind === 'url') facts.dialect = connection.dialect;
  if (!config) return { ...facts, tables: { ...facts.tables, unknownReason: msg('betterAuth.noConfig') } };
  if (config.namesComputed) return { ...facts, tables: { ...facts.tables, unknownReason: msg('betterAuth.namesComputed', config.namesComputed) } };
  if (connection.kind === 'unknown') return { ...facts, tables: { ...facts.tables, unknownReason: connection.reason } };
  if (connection.kind === 'adapter')
    return { ...facts, tables: { ...facts.tables, unknownReason: msg('betterAuth.adapterManaged', connection.adapter, connection.provider ?? '?') } };
  facts.tables = connection.kind === 'sqlite' ? await sqliteTables(connection.file, config, app.root) : await serverTables(connection, config, opts);
  return facts;
}
