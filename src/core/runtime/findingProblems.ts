import { AppReport, Diagnosis } from '../diagnose/types';
import { Finding } from '../detect/finding';
import { msg } from '../i18n/messages';
import { Problem } from '../model';

const SESSION_MISSING = new Set(['prisma.sessionTableMissing', 'laravel.sessionTableMissing']);

/** The app a runtime error is about: the one whose session table has that name (case-insensitive). */
export function appForFinding(d: Diagnosis, f: Finding): AppReport | undefined {
  const wanted = f.table === '(not available)' ? undefined : f.table.toLowerCase();
  const withTable = d.apps.filter((a) => a.sessionTable);
  const byName = wanted ? withTable.filter((a) => a.sessionTable!.toLowerCase() === wanted) : [];
  if (byName.length > 0) {
    // Prefer the app of the same family as the error (P2021/P2010 -> Prisma).
    const prismaError = f.kind === 'prisma-p2021' || f.kind === 'prisma-p2010';
    return byName.find((a) => (a.framework === 'prisma') === prismaError) ?? byName[0];
  }
  return f.session && withTable.length === 1 ? withTable[0] : undefined;
}

/**
 * A problem for a "missing table" error seen at run time (terminal, log, debug console), anchored
 * at the app's schema model or .env line. Undefined when it is not about a session table, or when
 * the diagnosis already reports that table missing (the error only confirms it).
 */
export function problemForFinding(d: Diagnosis, f: Finding, source: string): Problem | undefined {
  if (!f.session) return undefined;
  const app = appForFinding(d, f);
  if (app && d.problems.some((p) => p.app === app.root && SESSION_MISSING.has(p.code))) return undefined;
  const name = f.qualifier ? `${f.qualifier}.${f.table}` : f.table;
  return {
    code: 'runtime.sessionTableMissing',
    severity: 'error',
    message: msg('runtime.tableMissing', name, `${f.kind}, ${source}`),
    location: app?.anchor,
    app: app?.root ?? d.root,
    fixes: [],
  };
}
