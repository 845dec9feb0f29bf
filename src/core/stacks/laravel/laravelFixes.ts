import * as path from 'node:path';
import { msg } from '../../messages';
import { ApplySqlFix, Bookkeeping, CommandSpec, EditFix, FileEdit, Fix, RunCommandFix } from '../../model';
import { EnvDocument, setEnvValue } from '../../read/env/envFile';
import { LaravelApp } from './laravelApp';
import { sessionTableCommand } from './laravelSessionDrivers';
import { offsetAt } from '../../fixes/build/fileEdits';
import { indexNamesIn } from '../../fixes/build/ddlNames';
import { GENERATED_PLACEHOLDER } from '../../fixes/build/generatedPlaceholder';
import { cookieDriverKeyEdits } from './laravelCookieKey';

function artisan(app: LaravelApp, ...args: string[]): CommandSpec {
  return { argv: ['php', 'artisan', ...args], cwd: app.root };
}

function runArtisan(
  id: string,
  title: RunCommandFix['title'],
  commands: CommandSpec[],
  opts: { preferred?: boolean; detail?: RunCommandFix['detail']; destructive?: boolean } = {},
): RunCommandFix {
  return {
    id,
    kind: 'run-command',
    title,
    detail: opts.detail,
    destructive: opts.destructive ?? false,
    preferred: opts.preferred || undefined,
    requiresTrust: true,
    commands,
  };
}

/** The text a range holds now, so an edit is refused if the file changed before it is applied. */
function textAt(doc: EnvDocument, range: FileEdit['range']): string | undefined {
  if (!range) return undefined;
  const a = offsetAt(doc.text, range.start);
  const b = offsetAt(doc.text, range.end);
  return a === undefined || b === undefined ? undefined : doc.text.slice(a, b);
}

/** The byte-exact edit that sets KEY=value in one env file. */
export function envEdit(file: { path: string; doc: EnvDocument }, key: string, value: string): FileEdit {
  const e = setEnvValue(file.doc, key, value);
  return { file: file.path, range: e.range, newText: e.newText, oldText: textAt(file.doc, e.range) };
}

/** `config:clear` follows every .env edit while a cached config would hide it (the fix's title says so). */
function followUp(app: LaravelApp): CommandSpec | undefined {
  return app.cachedConfig ? artisan(app, 'config:clear') : undefined;
}

export function driverFixes(app: LaravelApp, preferred: 'cookie' | 'file' | undefined): EditFix[] {
  if (!app.env) return [];
  const fixes: EditFix[] = [];
  const order: Array<'cookie' | 'file'> = preferred === 'file' ? ['file', 'cookie'] : ['cookie', 'file'];
  for (const driver of order) {
    const keyEdits = driver === 'cookie' ? cookieDriverKeyEdits(app) : [];
    const base = {
      kind: 'edit' as const,
      destructive: false,
      requiresTrust: true,
      followUp: followUp(app),
    };
    fixes.push({
      ...base,
      id: `laravel.driver.${driver}`,
      title: msg(
        driver === 'cookie'
          ? keyEdits.length
            ? app.cachedConfig
              ? 'fix.laravel.driverCookieAndKey.clearCache'
              : 'fix.laravel.driverCookieAndKey'
            : app.cachedConfig
              ? 'fix.laravel.driverCookie.clearCache'
              : 'fix.laravel.driverCookie'
          : app.cachedConfig
            ? 'fix.laravel.driverFile.clearCache'
            : 'fix.laravel.driverFile',
      ),
      detail: msg(driver === 'cookie' ? 'fix.laravel.driverCookie.detail' : 'fix.laravel.driverFile.detail'),
      preferred: driver === preferred || undefined,
      edits: [envEdit(app.env, 'SESSION_DRIVER', driver), ...keyEdits],
    });
    if (app.envExample) {
      fixes.push({
        ...base,
        id: `laravel.driver.${driver}.withExample`,
        title: msg(
          keyEdits.length
            ? app.cachedConfig
              ? 'fix.laravel.driverBothAndKey.clearCache'
              : 'fix.laravel.driverBothAndKey'
            : app.cachedConfig
              ? 'fix.laravel.driverBoth.clearCache'
              : 'fix.laravel.driverBoth',
          driver,
        ),
        detail: msg(driver === 'cookie' ? 'fix.laravel.driverCookie.detail' : 'fix.laravel.driverFile.detail'),
        edits: [envEdit(app.env, 'SESSION_DRIVER', driver), envEdit(app.envExample, 'SESSION_DRIVER', driver), ...keyEdits],
      });
    }
  }
  return fixes;
}

interface CreateTableInput {
  app: LaravelApp;
  table: string;
  ddl: string;
  /** SQLite only. */
  sqlitePath?: string;
  /** The row that records the session migration in `migrations`, when that is true to do. */
  bookkeeping?: Bookkeeping;
  /**
   * The migration that creates the table is recorded as run (the table was dropped later): then
   * `migrate` has nothing to do, and `make:session-table` writes a second migration (or, in
   * versions that also look at the users migration, nothing), so no artisan command is offered.
   */
  ranMigration?: string;
  preferred: boolean;
  display: string;
}

export function createTableFixes(input: CreateTableInput): Fix[] {
  const { app, table, ddl, sqlitePath, bookkeeping, preferred, display, ranMigration } = input;
  const fixes: Fix[] = [];
  if (sqlitePath) {
    const fix: ApplySqlFix = {
      id: 'laravel.createTable',
      kind: 'apply-sql',
      title: msg('fix.laravel.createTable', table, display),
      detail: msg('fix.laravel.createTable.detail'),
      destructive: false,
      preferred: preferred || undefined,
      requiresTrust: true,
      dialect: 'sqlite',
      database: sqlitePath,
      sql: ddl,
      bookkeepingSql: bookkeeping?.sql,
      bookkeepingChecks: bookkeeping?.checks,
      undoBookkeepingSql: bookkeeping?.undoSql,
      expect: { tables: [table], indexes: indexNamesIn(ddl) },
    };
    fixes.push(fix);
  }
  if (ranMigration) return fixes;
  if (app.sessionMigration) {
    fixes.push(
      runArtisan('laravel.migrate', msg('fix.laravel.migrate'), [artisan(app, 'migrate')], {
        preferred: preferred && !sqlitePath,
        detail: msg('fix.laravel.migrate.detail'),
      }),
    );
  } else {
    const make = sessionTableCommand(app.majorVersion);
    fixes.push(
      runArtisan(
        'laravel.makeSessionTable',
        msg('fix.laravel.makeSessionTable', make.slice(2).join(' ')),
        [{ argv: make, cwd: app.root }, artisan(app, 'migrate')],
        { preferred: preferred && !sqlitePath, detail: msg('fix.laravel.makeSessionTable.detail') },
      ),
    );
  }
  return fixes;
}

export function configClearFix(app: LaravelApp, preferred = true): RunCommandFix {
  return runArtisan('laravel.configClear', msg('fix.laravel.configClear'), [artisan(app, 'config:clear')], { preferred });
}

/** The artisan commands the palette offers for any Laravel app. */
export function laravelCommands(app: LaravelApp): RunCommandFix[] {
  const make = sessionTableCommand(app.majorVersion);
  return [
    runArtisan('laravel.migrate', msg('fix.laravel.migrate'), [artisan(app, 'migrate')]),
    runArtisan('laravel.makeSessionTable', msg('fix.laravel.makeSessionTable', make.slice(2).join(' ')), [
      { argv: make, cwd: app.root },
      artisan(app, 'migrate'),
    ]),
    configClearFix(app, false),
    runArtisan('laravel.keyGenerate', msg('fix.laravel.keyGenerate'), [artisan(app, 'key:generate')]),
  ];
}

export function appKeyFixes(app: LaravelApp): Fix[] {
  const fixes: Fix[] = [];
  if (app.env) {
    const e = envEdit(app.env, 'APP_KEY', GENERATED_PLACEHOLDER);
    fixes.push({
      id: 'laravel.generateAppKey',
      kind: 'edit',
      title: msg(app.cachedConfig ? 'fix.laravel.generateAppKey.clearCache' : 'fix.laravel.generateAppKey'),
      destructive: false,
      preferred: true,
      requiresTrust: true,
      // The key is generated when the edit is applied, never before: it is never shown or logged.
      edits: [{ ...e, generate: 'laravel-app-key' }],
      followUp: followUp(app),
    });
  }
  fixes.push(runArtisan('laravel.keyGenerate', msg('fix.laravel.keyGenerate'), [artisan(app, 'key:generate')], { preferred: !app.env }));
  return fixes;
}

export function createEnvFix(app: LaravelApp): EditFix | undefined {
  if (!app.envExample) return undefined;
  return {
    id: 'laravel.createEnv',
    kind: 'edit',
    title: msg('fix.laravel.createEnv'),
    destructive: false,
    preferred: true,
    requiresTrust: true,
    edits: [{ file: path.join(app.root, '.env'), newText: (app.envExample.doc.bom ? '\uFEFF' : '') + app.envExample.doc.text, create: true }],
  };
}
