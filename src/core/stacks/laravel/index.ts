/** The Laravel stack: `SESSION_DRIVER=database` and its `sessions` table, on SQLite, MySQL/MariaDB or PostgreSQL. */
import type { Stack } from '../stack';
import { LARAVEL_HINTS } from './hints';
import { discoverLaravelApps, LARAVEL_DISCOVERY_GLOBS, type LaravelApp } from './laravelApp';
import { gatherLaravelFacts, type LaravelFacts } from './laravelFacts';
import { laravelRules, laravelSessionSql } from './laravelRules';

export const laravelStack: Stack<LaravelApp, LaravelFacts> = {
  id: 'laravel',
  markers: LARAVEL_DISCOVERY_GLOBS,
  scanHints: LARAVEL_HINTS,
  createTableFixes: ['laravel.createTable'],
  discover: ({ root, folders, maxDepth }) => discoverLaravelApps(root, { maxDepth, folders }),
  gatherFacts: gatherLaravelFacts,
  rules: laravelRules,
  sessionTableDdl: (facts, dialect) => laravelSessionSql(facts, dialect),
};
