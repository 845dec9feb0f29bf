import * as path from 'node:path';
import { diagnosePrismaApp, AppOutcome } from './stacks/prisma/prismaRules';
import { diagnoseLaravelApp } from './stacks/laravel/laravelRules';
import { Diagnosis, DiagnoseOptions, healthOf } from './problems/diagnosis';
import { listFolders } from './read/findFiles';
import { discoverLaravelApps } from './stacks/laravel/laravelApp';
import { discoverPrismaProjects } from './stacks/prisma/prismaProject';
import { msg } from './messages';

export type { Diagnosis, DiagnoseOptions, AppReport, TableState } from './problems/diagnosis';
export type { DatabaseOverride } from './stacks/prisma/prismaDatabase';

/**
 * Project + database facts -> problems with ranked fixes, for every Prisma and Laravel app under
 * `folder`. The one diagnosis every surface renders. Never runs workspace code; writes nothing.
 */
export async function diagnose(folder: string, opts: DiagnoseOptions = {}): Promise<Diagnosis> {
  const started = Date.now();
  const root = path.resolve(folder);
  // One walk of the tree serves both discoveries (Prisma looks 6 levels deep, Laravel 4).
  const folders = await listFolders(root, { maxDepth: Math.max(opts.maxDepth ?? 6, 6) });
  const [prismaProjects, laravelApps] = await Promise.all([discoverPrismaProjects(root, { maxDepth: opts.maxDepth, folders }), discoverLaravelApps(root, { maxDepth: opts.maxDepth, folders })]);
  // The database a user names belongs to one Prisma app: with several, it would be a guess which.
  const ambiguous = opts.database !== undefined && prismaProjects.length > 1;
  const prismaOpts = ambiguous ? { ...opts, database: undefined } : opts;
  const outcomes: AppOutcome[] = await Promise.all([...prismaProjects.map((p) => diagnosePrismaApp(p, prismaOpts)), ...laravelApps.map((a) => diagnoseLaravelApp(a, opts))]);
  if (ambiguous) for (const o of outcomes) if (o.app.framework === 'prisma') o.app.databaseSource = msg('prisma.databaseOverrideAmbiguous', prismaProjects.length);
  const apps = outcomes.map((o) => o.app);
  const problems = outcomes.flatMap((o) => o.problems);
  return { root, apps, problems, health: healthOf(apps, problems), elapsedMs: Date.now() - started };
}
