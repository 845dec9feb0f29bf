/**
 * What a Django project's settings say about its sessions, read from text: whether
 * `django.contrib.sessions` is installed, the session engine (and so whether a table is needed),
 * the `default` database (engine, NAME and the connection settings), and the two settings that
 * decide how `migrate` writes its `applied` time (USE_TZ, TIME_ZONE). Each value is known, with the
 * file and line that set it, or unknown with the reason. Pure: the module texts come in, facts go out.
 */
import * as path from 'node:path';
import { pythonTokens } from './pythonText';
import type { DjangoDialect } from './sessionDdl';
import { evaluateSettings, type Binding, type PythonModuleSource, type PyValue, type SettingsEnv } from './settingsEval';

/** django/conf/global_settings.py (unchanged from 1.x to 5.x). */
export const DEFAULT_SESSION_ENGINE = 'django.contrib.sessions.backends.db';
/** global_settings.TIME_ZONE, used for `applied` when USE_TZ is off. */
export const DEFAULT_TIME_ZONE = 'America/Chicago';
export const SESSIONS_APP = 'django.contrib.sessions';

export interface Source {
  file: string;
  line: number;
}

export type Known<T> = ({ known: true; value: T } | { known: false; why: string; envVars?: string[] }) & { source?: Source };

/** `table`: db / cached_db keep sessions in the table; `none`: cache, file, signed_cookies do not. */
export type SessionStorage = 'table' | 'none' | 'custom';

export interface DjangoDatabaseSettings {
  engine: Known<string>;
  /** From ENGINE; `other` for a backend this project does not check (Oracle, third-party). */
  dialect: DjangoDialect | 'other' | 'unknown';
  /** SQLite: the file's absolute path (a relative NAME is relative to where manage.py runs); else the database name. */
  name: Known<string>;
  /** `:memory:` or an empty NAME on SQLite: a database that exists only inside the process. */
  inMemory: boolean;
  host?: Known<string>;
  port?: Known<number>;
  user?: Known<string>;
  /** SECRET: only ever used to connect; never printed. */
  password?: Known<string>;
}

export interface DjangoSettingsFacts {
  /** Absolute path of the settings module's file. */
  settingsFile: string;
  installedApps: Known<string[]>;
  /** undefined when INSTALLED_APPS cannot be read. */
  sessionsInstalled: boolean | undefined;
  sessionEngine: Known<string> & { isDefault: boolean };
  sessionStorage: SessionStorage | 'unknown';
  /** The `default` alias, where Django's session model lives unless a router says otherwise. */
  database: Known<DjangoDatabaseSettings>;
  /** undefined when the settings do not set it (Django's default is False before 5.0, True since). */
  useTz: Known<boolean> | undefined;
  timeZone: Known<string>;
  /** DATABASE_ROUTERS is set: sessions may live in another database. */
  hasRouters: boolean;
  opaqueImports: string[];
  errors: string[];
}

/** The `DJANGO_SETTINGS_MODULE` manage.py sets (`os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'x')` or an assignment). */
export function settingsModuleFromManagePy(text: string): string | undefined {
  const toks = pythonTokens(text);
  for (let i = 0; i + 2 < toks.length; i++) {
    if (toks[i].kind !== 'str' || toks[i].value !== 'DJANGO_SETTINGS_MODULE') continue;
    const a = toks[i + 1];
    const b = toks[i + 2];
    if (a.kind === 'op' && a.text === ',' && b.kind === 'str' && isModuleName(b.value)) return b.value;
    if (a.kind === 'op' && a.text === ']' && b.kind === 'op' && b.text === '=' && toks[i + 3]?.kind === 'str' && isModuleName(toks[i + 3].value))
      return toks[i + 3].value;
  }
  return undefined;
}

function isModuleName(s: string | undefined): s is string {
  return s !== undefined && /^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/.test(s);
}

/** The files a dotted module can be, under the project root: `a/b.py`, then `a/b/__init__.py`. */
export function moduleFileCandidates(root: string, module: string): Array<{ path: string; isPackage: boolean }> {
  const rel = module.split('.');
  return [
    { path: path.join(root, ...rel.slice(0, -1), `${rel[rel.length - 1]}.py`), isPackage: false },
    { path: path.join(root, ...rel, '__init__.py'), isPackage: true },
  ];
}

function known<T>(value: T, b: Binding | undefined): Known<T> {
  return b ? { known: true, value, source: { file: b.file, line: b.line } } : { known: true, value };
}

function notKnown<T>(v: PyValue, b: Binding | undefined, fallback: string): Known<T> {
  const why = v.kind === 'unknown' ? v.why : fallback;
  const envVars = v.kind === 'unknown' ? v.envVars : undefined;
  return { known: false, why, ...(envVars ? { envVars } : {}), ...(b ? { source: { file: b.file, line: b.line } } : {}) };
}

function stringList(v: PyValue): string[] | undefined {
  if (v.kind !== 'list') return undefined;
  const out: string[] = [];
  for (const i of v.items) {
    if (i.kind !== 'str') return undefined;
    out.push(i.value);
  }
  return out;
}

export function dialectOfEngine(engine: string): DjangoDialect | 'other' {
  const last = engine.split('.').pop() ?? '';
  if (last === 'sqlite3' || last === 'spatialite') return 'sqlite';
  if (last === 'postgresql' || last === 'postgresql_psycopg2' || last === 'postgis') return 'postgresql';
  if (last === 'mysql') return 'mysql';
  return 'other';
}

/** The session engines Django ships, and whether they keep sessions in the table. */
export function storageOfEngine(engine: string): SessionStorage {
  switch (engine) {
    case 'django.contrib.sessions.backends.db':
    case 'django.contrib.sessions.backends.cached_db':
      return 'table';
    case 'django.contrib.sessions.backends.cache':
    case 'django.contrib.sessions.backends.file':
    case 'django.contrib.sessions.backends.signed_cookies':
      return 'none';
    default:
      return 'custom';
  }
}

function databaseSettings(v: PyValue, b: Binding | undefined, cwd: string): Known<DjangoDatabaseSettings> {
  if (v.kind !== 'dict') return notKnown(v, b, 'DATABASES is not a dict');
  const def = v.entries.get('default');
  if (!def) return { known: false, why: "DATABASES has no 'default'", ...(b ? { source: { file: b.file, line: b.line } } : {}) };
  if (def.kind !== 'dict') return notKnown(def, b, "DATABASES['default'] is not a dict");
  const str = (key: string): Known<string> | undefined => {
    const e = def.entries.get(key);
    if (e === undefined) return undefined;
    if (e.kind === 'str' || e.kind === 'path') return known(e.value, b);
    if (e.kind === 'num') return known(String(e.value), b);
    return notKnown(e, b, `${key} is not a string`);
  };
  const engine = str('ENGINE') ?? { known: false, why: 'ENGINE is not set', ...(b ? { source: { file: b.file, line: b.line } } : {}) };
  const dialect = engine.known ? dialectOfEngine(engine.value) : 'unknown';
  let name = str('NAME') ?? ({ known: true, value: '', ...(b ? { source: { file: b.file, line: b.line } } : {}) } as Known<string>);
  let inMemory = false;
  if (dialect === 'sqlite' && name.known) {
    const n = name.value;
    if (n === '' || n === ':memory:' || /^file::memory:/.test(n) || /mode=memory/.test(n)) inMemory = true;
    else if (n.startsWith('file:')) name = { known: false, why: `a SQLite URI (${n.split('?')[0]})`, ...(name.source ? { source: name.source } : {}) };
    else name = { ...name, value: path.resolve(cwd, n) };
  }
  const portRaw = str('PORT');
  let port: Known<number> | undefined;
  if (portRaw?.known) {
    if (portRaw.value === '') port = undefined;
    else if (/^\d{1,5}$/.test(portRaw.value)) port = known(Number(portRaw.value), b);
    else port = { known: false, why: `PORT is not a number` };
  } else if (portRaw) port = { ...portRaw, known: false };
  const out: DjangoDatabaseSettings = { engine, dialect, name, inMemory };
  const host = str('HOST');
  const user = str('USER');
  const password = str('PASSWORD');
  if (host) out.host = host;
  if (port) out.port = port;
  if (user) out.user = user;
  if (password) out.password = password;
  return known(out, b);
}

/**
 * Facts from an evaluated settings module. `cwd` is where Django runs (the folder of manage.py),
 * against which a relative SQLite NAME is opened.
 */
export function settingsFactsFromEnv(env: SettingsEnv, settingsFile: string, cwd: string): DjangoSettingsFacts {
  const get = (name: string): Binding | undefined => env.bindings.get(name);

  const appsB = get('INSTALLED_APPS');
  let installedApps: Known<string[]>;
  if (!appsB) installedApps = { known: true, value: [] };
  else {
    const list = stringList(appsB.value);
    installedApps = list ? known(list, appsB) : notKnown(appsB.value, appsB, 'INSTALLED_APPS is not a list of strings');
  }
  const sessionsInstalled = installedApps.known ? installedApps.value.some((a) => a === SESSIONS_APP || a.startsWith(`${SESSIONS_APP}.apps.`)) : undefined;

  const engineB = get('SESSION_ENGINE');
  let sessionEngine: Known<string> & { isDefault: boolean };
  if (!engineB) sessionEngine = { known: true, value: DEFAULT_SESSION_ENGINE, isDefault: true };
  else if (engineB.value.kind === 'str') sessionEngine = { ...known(engineB.value.value, engineB), isDefault: false };
  else sessionEngine = { ...notKnown<string>(engineB.value, engineB, 'SESSION_ENGINE is not a string'), isDefault: false };
  const sessionStorage = sessionEngine.known ? storageOfEngine(sessionEngine.value) : 'unknown';

  const dbB = get('DATABASES');
  const database: Known<DjangoDatabaseSettings> = dbB ? databaseSettings(dbB.value, dbB, cwd) : { known: false, why: 'DATABASES is not set' };

  const tzB = get('USE_TZ');
  const useTz: Known<boolean> | undefined = !tzB
    ? undefined
    : tzB.value.kind === 'const' && typeof tzB.value.value === 'boolean'
      ? known(tzB.value.value, tzB)
      : notKnown(tzB.value, tzB, 'USE_TZ is not True or False');
  const zoneB = get('TIME_ZONE');
  const timeZone: Known<string> = !zoneB
    ? { known: true, value: DEFAULT_TIME_ZONE }
    : zoneB.value.kind === 'str'
      ? known(zoneB.value.value, zoneB)
      : notKnown(zoneB.value, zoneB, 'TIME_ZONE is not a string');

  const routers = get('DATABASE_ROUTERS');
  const hasRouters = routers !== undefined && !(routers.value.kind === 'list' && routers.value.items.length === 0);

  return {
    settingsFile,
    installedApps,
    sessionsInstalled,
    sessionEngine,
    sessionStorage,
    database,
    useTz,
    timeZone,
    hasRouters,
    opaqueImports: env.opaqueImports.map((o) => `${o.module} (${path.basename(o.file)}:${o.line})`),
    errors: env.errors,
  };
}

/** Evaluates the settings module `entry` from the given sources and reads its facts. */
export function djangoSettingsFacts(entry: string, modules: ReadonlyMap<string, PythonModuleSource>, cwd: string): DjangoSettingsFacts | undefined {
  const src = modules.get(entry);
  if (!src) return undefined;
  return settingsFactsFromEnv(evaluateSettings(entry, modules), src.path, cwd);
}
