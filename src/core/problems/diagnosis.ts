import { msg, renderMessage } from '../messages';
import { HealthState, Location, Message, Problem, RunCommandFix, SqlDialect } from '../model';
import type { DatabaseOverride } from '../stacks/prisma/prismaDatabase';

export type TableState = 'present' | 'missing' | 'unknown' | 'not-checked';

/** What we learned about one app: the facts every surface can show next to the problems. */
export interface AppReport {
  framework: 'prisma' | 'laravel' | 'symfony' | 'connect-pg-simple' | 'django' | 'better-auth';
  /**
   * A kind of app within its framework, worth naming: `shopify`, a Prisma app whose package.json
   * depends on Shopify's Prisma session storage (`@shopify/shopify-app-session-storage-prisma`).
   */
  flavor?: 'shopify';
  root: string;
  /** Where the session lives: model/table names. */
  sessionModel?: string;
  sessionTable?: string;
  /** Laravel: the effective SESSION_DRIVER; Django: the SESSION_ENGINE. */
  sessionDriver?: string;
  dialect?: SqlDialect;
  /** Masked: safe to print. */
  databaseDisplay?: string;
  /** Where the database location came from, when that is worth saying (environment, --database, setting, computed config). */
  databaseSource?: Message;
  sqlitePath?: string;
  tableState: TableState;
  /** Why the state is unknown (no secrets). */
  unknownReason?: Message;
  /** Where a problem of this app is shown: the session model in the schema, or SESSION_DRIVER in .env. */
  anchor?: Location;
  /** The exact DDL for the session table (and missing tables it needs), per dialect. */
  sessionSql?: Partial<Record<SqlDialect, string>>;
  /** The framework's own commands for this app (migrate deploy, generate, artisan migrate, ...), for the palette. */
  commands: RunCommandFix[];
  /** Files that should trigger a re-diagnosis when they change (schema, env, db, -wal, config cache, migrations). */
  watchFiles: string[];
}

/** How a person names an app's framework, in every surface. */
export const FRAMEWORK_NAMES: Record<AppReport['framework'], string> = {
  prisma: 'Prisma',
  laravel: 'Laravel',
  symfony: 'Symfony',
  'connect-pg-simple': 'Express (connect-pg-simple)',
  django: 'Django',
  'better-auth': 'Better Auth',
};

/** A flavor's name is words, not a product name: a message, so that each shell translates it. */
const FLAVOR_NAMES: Record<NonNullable<AppReport['flavor']>, Message> = {
  shopify: msg('app.flavor.shopify'),
};

/**
 * The framework's name with the app's flavor, when it has one: `Prisma (Shopify session storage)`.
 * `render` turns the flavor's message into the shell's language (English by default).
 */
export function appFrameworkName(a: Pick<AppReport, 'framework' | 'flavor'>, render: (m: Message) => string = renderMessage): string {
  return a.flavor ? `${FRAMEWORK_NAMES[a.framework]} (${render(FLAVOR_NAMES[a.flavor])})` : FRAMEWORK_NAMES[a.framework];
}

export interface Diagnosis {
  root: string;
  apps: AppReport[];
  problems: Problem[];
  health: HealthState;
  /** Globs of the files that can bring a new app into the folder (every stack's markers), for watchers. */
  markers: string[];
  /** Wall time of the diagnosis, for the report and the benchmarks. */
  elapsedMs: number;
}

export interface DiagnoseOptions {
  /** Environment used to resolve `env("...")` and `${VAR}`: the CLI passes process.env, the extension {}. */
  env?: NodeJS.ProcessEnv;
  /** The Prisma app's database as the user names it (`--database`, `sessionDoctor.databaseUrl`); wins over the project's own. */
  database?: DatabaseOverride;
  /** Override the session model (Prisma) or table (Laravel). */
  sessionModel?: string;
  sessionTable?: string;
  /** Preferred Laravel driver when switching away from `database`. */
  preferredDriver?: 'cookie' | 'file';
  /** Query MySQL/PostgreSQL (read-only, time-bounded). Default true. */
  live?: boolean;
  liveTimeoutMs?: number;
  now?: () => Date;
  maxDepth?: number;
  /** sql.js's wasm, for replaying migrations and proving fixes on a schema copy (default: beside the bundle). */
  wasmPath?: string;
}

/**
 * A server database left unchecked on purpose (`--no-live`, `sessionDoctor.liveChecks: false`):
 * its session table stays `not-checked`, with the reason, and the health is never "healthy" for it.
 */
export function notCheckedLive(app: AppReport): AppReport {
  app.tableState = 'not-checked';
  app.unknownReason = msg('live.notChecked', app.databaseDisplay ?? app.dialect ?? '?');
  return app;
}

/**
 * `problem` when an error or warning is found; else `unknown` when a session table could not be
 * checked or was not checked (live checks off); else `healthy`. An app with no session table to
 * check (no Session model, a driver other than `database`) counts as healthy.
 */
export function healthOf(apps: AppReport[], problems: Problem[]): HealthState {
  if (apps.length === 0 && problems.length === 0) return 'no-app';
  if (problems.some((p) => p.severity === 'error' || p.severity === 'warning')) return 'problem';
  if (apps.some((a) => a.tableState === 'unknown' || (a.tableState === 'not-checked' && a.sessionTable !== undefined))) return 'unknown';
  return 'healthy';
}
