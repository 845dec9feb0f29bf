import * as path from 'node:path';
import type { Fix, Problem } from '../model';

/** One fix a caller named by id, with the problem that carries it. */
export interface FixMatch {
  problem: Problem;
  fix: Fix;
}

/** What naming a fix by id (and maybe its app) picked out of a list of problems. */
export type FixSelection =
  | { kind: 'one'; match: FixMatch }
  /** No problem of the app asked for (or of any app) has a fix with that id. */
  | { kind: 'none' }
  /** Several apps have a fix with that id, and none was named: the caller must say which. */
  | { kind: 'ambiguous'; apps: string[] };

/**
 * Picks the fix with id `fixId` out of `problems` (ranked, most important first), as the agents'
 * tools name one: `app`, when given, is the app's folder, absolute or relative to one of `roots`
 * (the workspace folders), and narrows the search to that app. Within one app the first problem
 * that offers the fix wins. Pure: the same problem objects every surface renders.
 */
export function selectFixById(problems: readonly Problem[], fixId: string, app: string | undefined, roots: readonly string[]): FixSelection {
  const wanted = app === undefined || app.trim() === '' ? undefined : appCandidates(app.trim(), roots);
  const byApp = new Map<string, FixMatch>();
  for (const problem of problems) {
    if (wanted && !wanted.has(path.resolve(problem.app))) continue;
    const fix = problem.fixes.find((f) => f.id === fixId);
    if (fix && !byApp.has(problem.app)) byApp.set(problem.app, { problem, fix });
  }
  if (byApp.size === 0) return { kind: 'none' };
  if (byApp.size > 1) return { kind: 'ambiguous', apps: [...byApp.keys()] };
  return { kind: 'one', match: [...byApp.values()][0] };
}

/** The absolute folders an app argument can mean: itself if absolute, else under each root. */
function appCandidates(app: string, roots: readonly string[]): Set<string> {
  if (path.isAbsolute(app)) return new Set([path.resolve(app)]);
  return new Set(roots.map((r) => path.resolve(r, app)));
}
