/**
 * Every fact about one Django app, gathered in one async step: its settings read as text (with
 * where each came from), and, when sessions live in the database, the `django_session` table's
 * state (the O(schema) SQLite reader, or one read-only, time-bounded live query), its columns, and
 * whether `django_migrations` records `sessions.0001_initial`. The rules (djangoRules.ts) judge
 * this record without I/O.
 */
import * as path from 'node:path';
import { msg } from '../../messages';
import type { Message } from '../../model';
import type { DiagnoseOptions, TableState } from '../../problems/diagnosis';
import { pathExists } from '../../read/findFiles';
import { DEFAULT_LIVE_TIMEOUT_MS, type LiveTarget } from '../../read/live/liveTarget';
import { queryWithin } from '../../read/live/sessionFactory';
import { checkTableLive } from '../../read/live/tableCheck';
import { readSqliteSchema } from '../../read/sqlite/schemaReader';
import { createTableColumns, readTableRows } from '../../read/sqlite/tableRows';
import type { DjangoApp } from './djangoApp';
import { isDjangoMigrationRecorded, SESSIONS_MIGRATION } from './migrationRecord';
import { DJANGO_SESSION_MODEL } from './sessionDdl';
import type { DjangoDatabaseSettings, DjangoSettingsFacts } from './settingsFacts';

export const DJANGO_SESSION_TABLE = DJANGO_SESSION_MODEL.table;

export interface DjangoTableFacts {
  state: TableState;
  unknownReason?: Message;
  /** Masked: safe to print. */
  databaseDisplay: string;
  sqlitePath?: string;
  /** SQLite: the database file exists (Django creates a missing one on first connect, empty). */
  fileExists?: boolean;
  /** The columns of `django_session` Django's model needs that the table lacks (present tables only). */
  missingColumns?: string[];
  /** Whether django_migrations records sessions.0001_initial; undefined when that cannot be told. */
  recorded?: boolean;
  /** SQLite: whether the database has a django_migrations table at all. */
  hasMigrationsTable?: boolean;
}

export interface DjangoFacts {
  app: DjangoApp;
  settings?: DjangoSettingsFacts;
  /** Present when sessions live in a table of a database the settings name. */
  table?: DjangoTableFacts;
  /** The clock, for the `applied` time of the bookkeeping row. */
  now: Date;
}

/** `postgresql://user@host:port/name` without the password, or the SQLite file relative to the app. */
export function djangoDatabaseDisplay(root: string, db: DjangoDatabaseSettings): string {
  if (db.dialect === 'sqlite') return db.name.known ? path.relative(root, db.name.value) || db.name.value : 'sqlite (unknown file)';
  const s = (k: { known: true; value: string | number } | { known: false } | undefined): string | undefined => (k?.known ? String(k.value) : undefined);
  const user = s(db.user);
  const host = s(db.host) || 'localhost';
  const port = s(db.port);
  return `${db.dialect}://${user ? `${user}@` : ''}${host}${port ? `:${port}` : ''}/${s(db.name) ?? '?'}`;
}

/** Where a live check connects, as Django's backends would: '' host means the local socket. */
export function djangoLiveTarget(db: DjangoDatabaseSettings): LiveTarget | { why: string } {
  if (db.dialect !== 'postgresql' && db.dialect !== 'mysql') return { why: `the ${db.dialect} backend is not checked` };
  for (const [key, v] of [
    ['NAME', db.name],
    ['HOST', db.host],
    ['PORT', db.port],
    ['USER', db.user],
    ['PASSWORD', db.password],
  ] as const) {
    if (v && !v.known) return { why: `${key}: ${v.why}` };
  }
  const value = <T>(k: { known: true; value: T } | { known: false } | undefined): T | undefined => (k?.known ? k.value : undefined);
  const name = value(db.name);
  if (!name) return { why: 'NAME is empty' };
  const host = value(db.host) ?? '';
  const target: LiveTarget = {
    dialect: db.dialect,
    host: host || 'localhost',
    port: value(db.port),
    user: value(db.user) || undefined,
    password: value(db.password) || undefined,
    database: name,
  };
  // libpq: no host, or a path, is a Unix socket folder; MySQLdb: '' or 'localhost' is the socket.
  if (db.dialect === 'postgresql' && (host === '' || host.startsWith('/'))) target.socketPath = host || '/var/run/postgresql';
  if (db.dialect === 'mysql' && (host === '' || host === 'localhost')) target.socketPath = '/run/mysqld/mysqld.sock';
  return target;
}

/** Whether `django_migrations` on a server records the sessions migration; undefined when it cannot be told. */
async function recordedLive(target: LiveTarget, timeoutMs: number): Promise<boolean | undefined> {
  return queryWithin(target, timeoutMs, async (session) => {
    const sql =
      target.dialect === 'mysql'
        ? 'SELECT 1 AS found FROM `django_migrations` WHERE app = ? AND name = ?'
        : 'SELECT 1 AS found FROM "django_migrations" WHERE app = $1 AND name = $2';
    try {
      return (await session.query(sql, [SESSIONS_MIGRATION.app, SESSIONS_MIGRATION.name])).length > 0;
    } catch (err) {
      // No django_migrations at all (MySQL 1146, PostgreSQL 42P01): nothing is recorded.
      const e = err as { errno?: number; code?: string };
      return e.errno === 1146 || e.code === '42P01' ? false : undefined;
    }
  });
}

async function sqliteTableFacts(root: string, db: DjangoDatabaseSettings): Promise<DjangoTableFacts> {
  const sqlitePath = db.name.known ? db.name.value : '';
  const databaseDisplay = djangoDatabaseDisplay(root, db);
  const read = await readSqliteSchema(sqlitePath);
  const fileExists = read.status === 'ok' || (await pathExists(sqlitePath));
  const base = { sqlitePath, databaseDisplay, fileExists };
  if (read.status === 'error' && !fileExists) return { ...base, state: 'missing', recorded: false, hasMigrationsTable: false };
  if (read.status !== 'ok') return { ...base, state: 'unknown', unknownReason: msg('live.unknown', databaseDisplay, read.reason) };
  const entry = read.entries.find((e) => e.type === 'table' && e.name.toLowerCase() === DJANGO_SESSION_TABLE);
  const history = await readTableRows(sqlitePath, 'django_migrations', { maxRows: 100_000 });
  const hasMigrationsTable = history.ok || !history.missingTable;
  const recorded = history.ok
    ? isDjangoMigrationRecorded(history.rows, SESSIONS_MIGRATION.app, SESSIONS_MIGRATION.name)
    : history.missingTable
      ? false
      : undefined;
  if (!entry) return { ...base, state: 'missing', recorded, hasMigrationsTable };
  const columns = entry.sql ? createTableColumns(entry.sql) : undefined;
  const missingColumns = columns ? DJANGO_SESSION_MODEL.fields.map((f) => f.column).filter((c) => !columns.some((x) => x.toLowerCase() === c)) : undefined;
  return { ...base, state: 'present', recorded, hasMigrationsTable, ...(missingColumns && missingColumns.length > 0 ? { missingColumns } : {}) };
}

async function serverTableFacts(root: string, db: DjangoDatabaseSettings, opts: DiagnoseOptions): Promise<DjangoTableFacts> {
  const databaseDisplay = djangoDatabaseDisplay(root, db);
  if (opts.live === false) return { state: 'not-checked', unknownReason: msg('live.notChecked', databaseDisplay), databaseDisplay };
  const target = djangoLiveTarget(db);
  if ('why' in target) return { state: 'unknown', unknownReason: msg('live.unknown', databaseDisplay, target.why), databaseDisplay };
  const timeoutMs = opts.liveTimeoutMs ?? DEFAULT_LIVE_TIMEOUT_MS;
  const r = await checkTableLive(target, DJANGO_SESSION_TABLE, { timeoutMs, columns: true });
  if (r.status === 'unknown') return { state: 'unknown', unknownReason: msg('live.unknown', databaseDisplay, `${r.reason}: ${r.message}`), databaseDisplay };
  if (r.status === 'present') {
    const columns = r.columns;
    const missingColumns = columns ? DJANGO_SESSION_MODEL.fields.map((f) => f.column).filter((c) => !columns.some((x) => x.toLowerCase() === c)) : [];
    return { state: 'present', databaseDisplay, ...(missingColumns.length > 0 ? { missingColumns } : {}) };
  }
  return { state: 'missing', databaseDisplay, recorded: await recordedLive(target, timeoutMs) };
}

export async function gatherDjangoFacts(app: DjangoApp, opts: DiagnoseOptions): Promise<DjangoFacts> {
  const now = opts.now?.() ?? new Date();
  if (app.unreadable || !app.settingsModule) return { app, now };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { djangoSettingsFacts } = require('./settingsReader') as typeof import('./settingsReader');
  const settings = djangoSettingsFacts(app.settingsModule, app.modules, app.root);
  const facts: DjangoFacts = { app, settings, now };
  if (!settings || settings.sessionsInstalled === false || settings.sessionStorage === 'none') return facts;
  if (settings.sessionsInstalled === undefined || settings.sessionStorage !== 'table' || !settings.database.known) return facts;
  const db = settings.database.value;
  if (db.dialect === 'sqlite') {
    if (db.inMemory || !db.name.known) return facts;
    facts.table = await sqliteTableFacts(app.root, db);
  } else if (db.dialect === 'postgresql' || db.dialect === 'mysql') {
    facts.table = await serverTableFacts(app.root, db, opts);
  }
  return facts;
}
