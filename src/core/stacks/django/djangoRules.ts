/**
 * The Django rules: the facts of one app (djangoFacts.ts) → its report and its problems with ranked
 * fixes. Pure and synchronous: no file, database or network access.
 *
 * The fixes for a missing `django_session`, best first:
 * - SQLite: the direct apply of `sqlmigrate sessions 0001`'s statements under SQLite's locks, with
 *   the `django_migrations` row `migrate` writes (offline, no Python, no workspace code);
 * - Django's own command: `migrate sessions` when the migration is not recorded; when it is
 *   (the table was dropped later), `migrate sessions zero --fake` then `migrate sessions`, because
 *   plain `migrate` has nothing to do;
 * - last, never preferred: SESSION_ENGINE = signed cookies, a change of intent (no table needed).
 */
import * as path from 'node:path';
import { msg } from '../../messages';
import type { ApplySqlFix, CommandSpec, EditFix, Fix, Location, Problem, RunCommandFix, SqlDialect } from '../../model';
import type { AppReport } from '../../problems/diagnosis';
import type { AppOutcome } from '../stack';
import type { DjangoFacts } from './djangoFacts';
import { djangoAppliedValue, djangoAppliedZone, djangoRecordBookkeeping, SESSIONS_MIGRATION } from './migrationRecord';
import { DJANGO_SESSION_MODEL, djangoCreateModelStatements, djangoIndexNames, djangoSqlmigrate } from './sessionDdl';
import type { DjangoSettingsFacts } from './settingsFacts';

const SIGNED_COOKIES = 'django.contrib.sessions.backends.signed_cookies';
const TABLE = DJANGO_SESSION_MODEL.table;

function manage(root: string, ...args: string[]): CommandSpec {
  return { argv: ['python3', 'manage.py', ...args], cwd: root };
}

function runCommand(
  id: string,
  title: RunCommandFix['title'],
  commands: CommandSpec[],
  opts: { preferred?: boolean; detail?: RunCommandFix['detail'] } = {},
): RunCommandFix {
  return { id, kind: 'run-command', title, detail: opts.detail, destructive: false, preferred: opts.preferred || undefined, requiresTrust: true, commands };
}

/** The palette's Django commands for any app. */
export function djangoCommands(root: string): RunCommandFix[] {
  return [
    runCommand('django.migrateSessions', msg('fix.django.migrateSessions'), [manage(root, 'migrate', 'sessions')]),
    runCommand('django.migrate', msg('fix.django.migrateAll'), [manage(root, 'migrate')]),
    runCommand('django.showMigrations', msg('fix.django.showMigrations'), [manage(root, 'showmigrations', 'sessions')]),
  ];
}

/** `sql DIR --dialect D`: exactly what `python3 manage.py sqlmigrate sessions 0001` prints there. */
export function djangoSessionSql(_facts: DjangoFacts, dialect: SqlDialect): string {
  return djangoSqlmigrate(dialect);
}

/** The whole of a settings line (1-based), as the module's text has it. */
function lineLocation(facts: DjangoFacts, file: string, line1: number): Location {
  const text = [...facts.app.modules.values()].find((m) => m.path === file)?.text.split('\n')[line1 - 1] ?? '';
  const end = text.endsWith('\r') ? text.length - 1 : text.length;
  return { file, range: { start: { line: line1 - 1, character: 0 }, end: { line: line1 - 1, character: end } } };
}

/** Where a problem is shown: the SESSION_ENGINE line, else DATABASES, else INSTALLED_APPS, else the settings file. */
function anchorOf(facts: DjangoFacts, s: DjangoSettingsFacts): Location {
  const src = s.sessionEngine.source ?? s.database.source ?? s.installedApps.source;
  return src ? lineLocation(facts, src.file, src.line) : lineLocation(facts, s.settingsFile, 1);
}

/** The statements of the migration as one script, for the direct apply (its own transaction wraps them). */
function applyScript(): string {
  return `${djangoCreateModelStatements('sqlite')
    .map((s) => `${s};`)
    .join('\n')}\n`;
}

/**
 * SESSION_ENGINE set to signed cookies: the one-line assignment replaced where the settings set it,
 * or a line added at the end of the settings module. Undefined when the assignment spans lines or
 * its text cannot be matched (the edit would be a guess).
 */
function signedCookiesEdit(facts: DjangoFacts, s: DjangoSettingsFacts): EditFix | undefined {
  const line = `SESSION_ENGINE = '${SIGNED_COOKIES}'`;
  const src = s.sessionEngine.source;
  let edit;
  if (src) {
    const text = [...facts.app.modules.values()].find((m) => m.path === src.file)?.text;
    const old = text?.split('\n')[src.line - 1];
    if (old === undefined || !/^SESSION_ENGINE\s*=\s*(['"])[\w.]+\1\s*(#.*)?\r?$/.test(old)) return undefined;
    const eol = old.endsWith('\r') ? '\r' : '';
    edit = {
      file: src.file,
      range: { start: { line: src.line - 1, character: 0 }, end: { line: src.line - 1, character: old.length } },
      oldText: old,
      newText: `${line}${eol}`,
    };
  } else {
    const text = [...facts.app.modules.values()].find((m) => m.path === s.settingsFile)?.text;
    if (text === undefined) return undefined;
    const lines = text.split('\n');
    const last = lines.length - 1;
    const end = { line: last, character: lines[last].length };
    edit = { file: s.settingsFile, range: { start: end, end }, oldText: '', newText: `${lines[last] === '' ? '' : '\n'}${line}\n` };
  }
  return {
    id: 'django.signedCookies',
    kind: 'edit',
    title: msg('fix.django.signedCookies'),
    detail: msg('fix.django.signedCookies.detail'),
    destructive: false,
    requiresTrust: true,
    edits: [edit],
  };
}

export function djangoRules(facts: DjangoFacts): AppOutcome {
  const a = facts.app;
  const watchFiles = [a.managePy, ...[...a.modules.values()].map((m) => m.path)];
  const app: AppReport = { framework: 'django', root: a.root, tableState: 'not-checked', commands: djangoCommands(a.root), watchFiles };
  app.sessionSql = { sqlite: djangoSqlmigrate('sqlite'), postgresql: djangoSqlmigrate('postgresql'), mysql: djangoSqlmigrate('mysql') };
  const s = facts.settings;
  if (a.unreadable || !s) {
    app.tableState = 'unknown';
    app.unknownReason = msg('app.fileUnreadable', a.unreadable ?? a.managePy);
    return { app, problems: [] };
  }
  app.anchor = anchorOf(facts, s);
  app.sessionDriver = s.sessionEngine.known ? s.sessionEngine.value : undefined;
  const db = s.database.known ? s.database.value : undefined;
  if (db && db.dialect !== 'other' && db.dialect !== 'unknown') app.dialect = db.dialect;

  // No table to check: sessions not installed, or kept elsewhere (cache, files, cookies).
  if (s.sessionsInstalled === false || s.sessionStorage === 'none') return { app, problems: [] };
  app.sessionTable = TABLE;
  if (s.sessionsInstalled === undefined || s.sessionStorage !== 'table') {
    app.tableState = 'unknown';
    app.unknownReason = msg(
      'django.settingsUnknown',
      s.sessionsInstalled === undefined
        ? `INSTALLED_APPS: ${s.installedApps.known ? '' : s.installedApps.why}`
        : `SESSION_ENGINE ${app.sessionDriver ?? '?'} is not one of Django's own`,
    );
    return { app, problems: [] };
  }
  if (!s.database.known || !db) {
    app.tableState = 'unknown';
    app.unknownReason = msg('django.settingsUnknown', `DATABASES: ${s.database.known ? '?' : s.database.why}`);
    return { app, problems: [] };
  }
  if (db.dialect === 'sqlite' && db.inMemory) {
    app.tableState = 'unknown';
    app.unknownReason = msg('live.unknown', ':memory:', 'an in-memory SQLite database has no file to check');
    return { app, problems: [] };
  }
  if (!db.name.known) {
    app.tableState = 'unknown';
    app.unknownReason = msg('django.settingsUnknown', `DATABASES['default']['NAME']: ${db.name.why}`);
    return { app, problems: [] };
  }
  const t = facts.table;
  if (!t) {
    app.tableState = 'unknown';
    app.unknownReason = msg('django.settingsUnknown', `ENGINE ${db.engine.known ? db.engine.value : '?'} is not checked`);
    return { app, problems: [] };
  }
  app.tableState = t.state;
  app.unknownReason = t.unknownReason;
  app.databaseDisplay = t.databaseDisplay;
  if (t.sqlitePath) {
    app.sqlitePath = t.sqlitePath;
    watchFiles.push(t.sqlitePath, `${t.sqlitePath}-wal`, `${t.sqlitePath}-journal`);
  }
  const problems: Problem[] = [];
  const engine = app.sessionDriver ?? '?';

  if (t.state === 'present' && t.missingColumns) {
    problems.push({
      code: 'django.sessionColumnsMissing',
      severity: 'error',
      message: msg('django.sessionColumnsMissing', TABLE, t.databaseDisplay, t.missingColumns.join(', ')),
      location: app.anchor,
      app: a.root,
      fixes: [],
    });
  }
  if (t.state !== 'missing') return { app, problems };

  const cookies = signedCookiesEdit(facts, s);
  if (t.sqlitePath && !t.fileExists) {
    // No database file: Django would create it empty. `migrate` creates every table, sessions included.
    problems.push({
      code: 'django.databaseFileMissing',
      severity: 'error',
      message: msg('django.databaseFileMissing', t.databaseDisplay, TABLE),
      location: app.anchor,
      app: a.root,
      fixes: [runCommand('django.migrate', msg('fix.django.migrateAll'), [manage(a.root, 'migrate')], { preferred: true }), ...(cookies ? [cookies] : [])],
    });
    return { app, problems };
  }

  const fixes: Fix[] = [];
  if (t.sqlitePath && t.recorded !== undefined) {
    let bookkeeping;
    if (!t.recorded) {
      const zone = djangoAppliedZone({ useTz: s.useTz?.known ? s.useTz.value : false, timeZone: s.timeZone.known ? s.timeZone.value : 'UTC' });
      let applied: string;
      try {
        applied = djangoAppliedValue(facts.now, zone);
      } catch {
        applied = djangoAppliedValue(facts.now, 'UTC');
      }
      bookkeeping = djangoRecordBookkeeping({ ...SESSIONS_MIGRATION, applied, createTable: t.hasMigrationsTable === false });
    }
    const create: ApplySqlFix = {
      id: 'django.createTable',
      kind: 'apply-sql',
      title: msg(t.recorded ? 'fix.django.createTable.recorded' : 'fix.django.createTable', TABLE, t.databaseDisplay),
      detail: msg('fix.django.createTable.detail'),
      destructive: false,
      preferred: true,
      requiresTrust: true,
      dialect: 'sqlite',
      database: t.sqlitePath,
      sql: applyScript(),
      bookkeepingSql: bookkeeping?.sql,
      bookkeepingChecks: bookkeeping?.checks,
      undoBookkeepingSql: bookkeeping?.undoSql,
      expect: { tables: [TABLE], indexes: djangoIndexNames('sqlite') },
    };
    fixes.push(create);
  }
  const commandPreferred = fixes.length === 0;
  if (t.recorded) {
    fixes.push(
      runCommand(
        'django.refakeSessions',
        msg('fix.django.refakeSessions'),
        [manage(a.root, 'migrate', 'sessions', 'zero', '--fake'), manage(a.root, 'migrate', 'sessions')],
        {
          preferred: commandPreferred,
          detail: msg('fix.django.refakeSessions.detail', TABLE),
        },
      ),
    );
  } else {
    fixes.push(
      runCommand('django.migrateSessions', msg('fix.django.migrateSessions'), [manage(a.root, 'migrate', 'sessions')], { preferred: commandPreferred }),
    );
  }
  if (cookies) fixes.push(cookies);
  problems.push({
    code: 'django.sessionTableMissing',
    severity: 'error',
    message: msg('django.sessionTableMissing', TABLE, engine, t.databaseDisplay),
    detail: t.recorded ? msg('django.sessionMigrationRecorded', TABLE) : msg('django.sessionTableMissing.detail', runtimeError(app.dialect, t.databaseDisplay)),
    location: app.anchor,
    app: a.root,
    fixes,
  });
  return { app, problems };
}

/** What the app's own requests print, for the explanation (captured from Django 3.2). */
function runtimeError(dialect: SqlDialect | undefined, display: string): string {
  if (dialect === 'postgresql') return `django.db.utils.ProgrammingError: relation "${TABLE}" does not exist`;
  if (dialect === 'mysql') return `django.db.utils.ProgrammingError: (1146, "Table '${path.basename(display)}.${TABLE}' doesn't exist")`;
  return `django.db.utils.OperationalError: no such table: ${TABLE}`;
}
