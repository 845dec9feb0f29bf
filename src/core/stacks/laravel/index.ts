/** The Laravel stack: `SESSION_DRIVER=database` and its `sessions` table, on SQLite, MySQL/MariaDB or PostgreSQL. */
import type { Stack } from '../stack';
import { discoverLaravelApps, type LaravelApp } from './laravelApp';
import { gatherLaravelFacts, type LaravelFacts } from './laravelFacts';
import { laravelRules, laravelSessionSql } from './laravelRules';

export const laravelStack: Stack<LaravelApp, LaravelFacts> = {
  id: 'laravel',
  markers: ['**/artisan', '**/composer.json'],
  discover: ({ root, folders, maxDepth }) => discoverLaravelApps(root, { maxDepth, folders }),
  gatherFacts: gatherLaravelFacts,
  rules: laravelRules,
  sessionTableDdl: (facts, dialect) => laravelSessionSql(facts, dialect),
};
