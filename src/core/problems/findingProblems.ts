import { AppReport, Diagnosis } from './diagnosis';
import { Finding, FindingKind } from '../detect/finding';
import { msg, type MessageId } from '../messages';
import { Problem } from '../model';

/** What to compare when a process says the table is missing but the configured database has it, per framework. */
const TABLE_ELSEWHERE: Record<AppReport['framework'], MessageId> = {
  prisma: 'runtime.tableElsewhere.prisma',
  laravel: 'runtime.tableElsewhere.laravel',
  symfony: 'runtime.tableElsewhere.symfony',
  'connect-pg-simple': 'runtime.tableElsewhere.connectPgSimple',
  django: 'runtime.tableElsewhere.django',
  'better-auth': 'runtime.tableElsewhere.betterAuth',
};

const SESSION_MISSING = new Set([
  'prisma.sessionTableMissing',
  'laravel.sessionTableMissing',
  'symfony.sessionTableMissing',
  'connectPgSimple.sessionTableMissing',
  'django.sessionTableMissing',
  'django.databaseFileMissing',
  'betterAuth.sessionTableMissing',
]);
/** Diagnosis problems that explain a run-time "missing column" error. */
const COLUMN_MISSING = new Set(['django.sessionColumnsMissing', 'betterAuth.sessionColumnsMissing', 'prisma.sessionColumnsMissing']);
export const RUNTIME_MISSING = 'runtime.sessionTableMissing';
/** A process says a column of the session table is missing. */
export const RUNTIME_COLUMN = 'runtime.sessionColumnMissing';
/** Django warned that the sessions migration is not applied. */
export const RUNTIME_UNAPPLIED = 'runtime.djangoUnapplied';
/** A process says the table is missing, but the database the app is configured with has it. */
export const RUNTIME_ELSEWHERE = 'runtime.sessionTableElsewhere';

/** How a person names each error: the product and its code, as in "Prisma error P2021". */
const ERROR_NAMES: Record<FindingKind, [product: string, code: string]> = {
  'prisma-p2021': ['Prisma', 'P2021'],
  'prisma-p2010': ['Prisma', 'P2010'],
  'shopify-prisma-session-table': ['Shopify session storage', 'MissingSessionTableError'],
  'mysql-1146': ['MySQL', '1146'],
  'sqlite-no-such-table': ['SQLite', '"no such table"'],
  'postgres-42p01': ['PostgreSQL', '42P01'],
  'missing-column': ['database', '"missing column"'],
  'django-unapplied-migration': ['Django', '"unapplied migration"'],
  'better-auth-schema-mismatch': ['Better Auth', 'SchemaMismatchError'],
};

/** The app a runtime error is about: the one whose session table has that name (case-insensitive). */
export function appForFinding(d: Diagnosis, f: Finding): AppReport | undefined {
  // Django's warning names the app label `sessions`; its table is django_session.
  if (f.kind === 'django-unapplied-migration') return d.apps.find((a) => a.framework === 'django' && a.sessionTable);
  const wanted = f.table === '(not available)' ? undefined : f.table.toLowerCase();
  const withTable = d.apps.filter((a) => a.sessionTable);
  const byName = wanted ? withTable.filter((a) => a.sessionTable!.toLowerCase() === wanted) : [];
  if (byName.length > 0) {
    // Prefer the app of the same family as the error (P2021/P2010 -> Prisma).
    const prismaError = f.kind === 'prisma-p2021' || f.kind === 'prisma-p2010' || f.kind === 'shopify-prisma-session-table';
    return byName.find((a) => (a.framework === 'prisma') === prismaError) ?? byName[0];
  }
  return f.session && withTable.length === 1 ? withTable[0] : undefined;
}

/** The diagnosis' own "session table missing" problem for an app, which every run-time error about it confirms. */
export function sessionMissingProblem(d: Diagnosis, app: string): Problem | undefined {
  return d.problems.find((q) => q.app === app && SESSION_MISSING.has(q.code));
}

function explained(diagnoses: readonly Diagnosis[], app: string, code?: string): boolean {
  if (code === RUNTIME_COLUMN) return diagnoses.some((d) => d.problems.some((q) => q.app === app && COLUMN_MISSING.has(q.code)));
  return diagnoses.some((d) => sessionMissingProblem(d, app) !== undefined);
}

function appOf(diagnoses: readonly Diagnosis[], root: string): AppReport | undefined {
  for (const d of diagnoses) for (const a of d.apps) if (a.root === root) return a;
  return undefined;
}

/**
 * A problem for a "missing table" error seen at run time (terminal, log, debug console), anchored
 * at the app's schema model or .env line. Undefined when it is not about a session table, or when
 * the diagnosis already reports that table missing (the error only confirms it).
 *
 * When the diagnosis found the table present in the app's configured database, the error cannot
 * be about that database: the process runs with another one (another DATABASE_URL or DB_*, a
 * relative SQLite path resolved from another folder, a stale config cache) or has not reloaded.
 * That is a warning of its own, with no fix to offer: creating the table again would change nothing.
 * Callers should confirm the "present" state with a fresh diagnosis before showing it.
 */
export function problemForFinding(d: Diagnosis, f: Finding, source: string): Problem | undefined {
  if (!f.session) return undefined;
  const app = appForFinding(d, f);
  const name = f.qualifier ? `${f.qualifier}.${f.table}` : f.table;
  // "seen in terminal bash: Prisma error P2021": the source, then the error as its product names it.
  const [product, code] = ERROR_NAMES[f.kind];
  if (f.kind === 'missing-column') {
    if (app && explained([d], app.root, RUNTIME_COLUMN)) return undefined;
    return {
      code: RUNTIME_COLUMN,
      severity: 'error',
      message: msg('runtime.columnMissing', f.column ?? '?', name, source, product, code),
      location: app?.anchor,
      app: app?.root ?? d.root,
      fixes: [],
    };
  }
  if (app && explained([d], app.root)) return undefined;
  if (f.kind === 'django-unapplied-migration') {
    // An early warning: worth showing only while the table is not known to be there.
    if (app?.tableState === 'present') return undefined;
    return {
      code: RUNTIME_UNAPPLIED,
      severity: 'warning',
      message: msg('runtime.djangoUnapplied', source),
      location: app?.anchor,
      app: app?.root ?? d.root,
      fixes: [],
    };
  }
  if (app?.tableState === 'present') {
    return {
      code: RUNTIME_ELSEWHERE,
      severity: 'warning',
      message: msg('runtime.tableElsewhere', name, source, product, code, app.databaseDisplay ?? app.sqlitePath ?? app.root),
      detail: msg(TABLE_ELSEWHERE[app.framework]),
      location: app.anchor,
      app: app.root,
      fixes: [],
    };
  }
  return {
    code: RUNTIME_MISSING,
    severity: 'error',
    message: msg('runtime.tableMissing', name, source, product, code),
    location: app?.anchor,
    app: app?.root ?? d.root,
    fixes: [],
  };
}

/**
 * The run-time problems still worth showing after a new diagnosis:
 * - any, once the diagnosis itself reports that app's session table missing (it explains them);
 * - "missing": dropped once the app's table is present (created since, by a fix or by hand);
 * - "elsewhere": kept while the app's table is present, since nothing the diagnosis can see
 *   explains it; dropped when the app is gone. Re-checking by hand clears them all.
 */
export function reconcileRuntimeProblems(diagnoses: readonly Diagnosis[], runtime: readonly Problem[]): Problem[] {
  return runtime.filter((p) => {
    if (explained(diagnoses, p.app, p.code)) return false;
    const state = appOf(diagnoses, p.app)?.tableState;
    if (p.code === RUNTIME_ELSEWHERE || p.code === RUNTIME_COLUMN) return state === 'present';
    return state !== 'present';
  });
}
