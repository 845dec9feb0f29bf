/**
 * The one diagnosis every surface renders: files and text → facts → problems with ranked fixes.
 * For every registered stack: discover its apps, gather each app's facts (all the I/O), then apply
 * its rules (pure). Never runs workspace code; writes nothing.
 */
import * as path from 'node:path';
import { Diagnosis, DiagnoseOptions, healthOf } from './problems/diagnosis';
import { listFolders } from './read/findFiles';
import { msg } from './messages';
import { discoveryMarkers, STACKS } from './stacks/registry';
import type { AppOutcome, Stack } from './stacks/stack';

export type { Diagnosis, DiagnoseOptions, AppReport, TableState } from './problems/diagnosis';
export type { DatabaseOverride } from './stacks/prisma/prismaDatabase';

/** The deepest any stack looks for its apps (Prisma 6 levels, Laravel 4): one walk serves them all. */
const WALK_DEPTH = 6;

export async function diagnose(folder: string, opts: DiagnoseOptions = {}): Promise<Diagnosis> {
  const started = Date.now();
  const root = path.resolve(folder);
  const folders = await listFolders(root, { maxDepth: Math.max(opts.maxDepth ?? WALK_DEPTH, WALK_DEPTH) });
  const found = await Promise.all(STACKS.map(async (stack) => ({ stack, apps: await stack.discover({ root, folders, maxDepth: opts.maxDepth }) })));
  // The database a user names belongs to one app: with several that take it, it would be a guess which.
  const takers = found.filter((f) => f.stack.takesDatabaseOverride).reduce((n, f) => n + f.apps.length, 0);
  const ambiguous = opts.database !== undefined && takers > 1;
  const outcomes: AppOutcome[] = (
    await Promise.all(
      found.map(({ stack, apps }) => {
        const stackOpts = ambiguous && stack.takesDatabaseOverride ? { ...opts, database: undefined } : opts;
        return Promise.all(apps.map((app) => diagnoseApp(stack, app, stackOpts)));
      }),
    )
  ).flat();
  if (ambiguous) {
    const overridable = new Set(STACKS.filter((s) => s.takesDatabaseOverride).map((s) => s.id));
    for (const o of outcomes) if (overridable.has(o.app.framework)) o.app.databaseSource = msg('prisma.databaseOverrideAmbiguous', takers);
  }
  const apps = outcomes.map((o) => o.app);
  const problems = outcomes.flatMap((o) => o.problems);
  return { root, apps, problems, health: healthOf(apps, problems), markers: discoveryMarkers(), elapsedMs: Date.now() - started };
}

async function diagnoseApp(stack: Stack, app: unknown, opts: DiagnoseOptions): Promise<AppOutcome> {
  return stack.rules(await stack.gatherFacts(app, opts));
}
