/**
 * The facts about a discovered Laravel app that the diagnosis turns into problems and fixes.
 * Pure: no I/O, no wording; the diagnosis decides what is a problem.
 */
import type { LaravelDialect } from './laravelDdl';
import type { LaravelApp } from './laravelApp';
import { canonicalSessionDriver, nearestDriver, sessionTableCommand } from './laravelSessionDrivers';

export interface LaravelSessionFacts {
  /** The driver SessionManager will use (canonical name), when it is a valid one. */
  driver?: string;
  /** The driver as configured; undefined when it resolves to null (e.g. `SESSION_DRIVER=null`). */
  configuredDriver?: string;
  driverValid: boolean;
  /** For an invalid driver: the valid one it most likely meant. */
  driverSuggestion?: string;
  /** Sessions live in a database table (the case that needs the table). */
  usesDatabaseDriver: boolean;
  /** Table name as configured (SESSION_TABLE or default), without the connection prefix. */
  sessionTable: string;
  /** The connection's table prefix (Laravel prepends it to the table and index names). */
  tablePrefix: string;
  /** DDL dialect of the session connection; undefined for drivers we do not generate DDL for. */
  dialect?: LaravelDialect;
  /** `bootstrap/cache/config.php` exists: `.env` edits do nothing until `php artisan config:clear`. */
  configCached: boolean;
  envMissing: boolean;
  /** `.env` is missing and `.env.example` exists to create it from. */
  canCreateEnvFromExample: boolean;
  /** APP_KEY is unset or empty. */
  appKeyEmpty: boolean;
  /** Sessions need the key: the cookie driver stores the session in an encrypted cookie, and SESSION_ENCRYPT encrypts it. */
  appKeyNeededBySessions: boolean;
  /** Lines phpdotenv rejects in `.env`: Laravel then refuses to boot at all. */
  envFatalLines: number[];
  /** argv that writes a sessions migration for this version. */
  sessionTableCommand: string[];
  /** A migration already creates the table (then `php artisan migrate` is enough). */
  hasSessionMigration: boolean;
}

const DIALECTS: Record<string, LaravelDialect> = { sqlite: 'sqlite', mysql: 'mysql', mariadb: 'mysql', pgsql: 'pgsql' };

export function laravelSessionFacts(app: LaravelApp): LaravelSessionFacts {
  const configured = app.session.driver.value;
  const driver = configured === undefined ? undefined : canonicalSessionDriver(configured);
  const facts: LaravelSessionFacts = {
    driverValid: driver !== undefined,
    usesDatabaseDriver: driver === 'database',
    sessionTable: app.session.table.value || 'sessions',
    tablePrefix: app.database.connection.prefix ?? '',
    configCached: app.cachedConfig !== undefined,
    envMissing: app.envMissing,
    canCreateEnvFromExample: app.envMissing && app.envExample !== undefined,
    appKeyEmpty: !app.appKey.value,
    appKeyNeededBySessions: driver === 'cookie' || app.session.encrypt.value === '1',
    envFatalLines: (app.env?.doc.errors ?? []).filter((e) => e.fatal).map((e) => e.line),
    sessionTableCommand: sessionTableCommand(app.majorVersion),
    hasSessionMigration: app.sessionMigration !== undefined,
  };
  if (driver) facts.driver = driver;
  if (configured !== undefined) facts.configuredDriver = configured;
  if (!driver && configured) {
    const suggestion = nearestDriver(configured);
    if (suggestion) facts.driverSuggestion = suggestion;
  }
  const dialect = DIALECTS[app.database.connection.driver];
  if (dialect) facts.dialect = dialect;
  return facts;
}
