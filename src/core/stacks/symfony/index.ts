/** The Symfony stack: a `PdoSessionHandler` and its `sessions` table, on SQLite, MySQL/MariaDB or PostgreSQL. */
import type { Stack } from '../stack';
import { discoverSymfonyRoots } from './symfonyApp';
import { gatherSymfonyFacts, type SymfonyFacts } from './symfonyFacts';
import { symfonyRules, symfonySql } from './symfonyRules';

export const symfonyStack: Stack<string, SymfonyFacts> = {
  id: 'symfony',
  markers: ['**/bin/console', '**/config/packages/framework.yaml', '**/config/services.yaml'],
  discover: ({ root, folders, maxDepth }) => discoverSymfonyRoots(root, { maxDepth, folders }),
  gatherFacts: gatherSymfonyFacts,
  rules: symfonyRules,
  sessionTableDdl: (facts, dialect) => (facts.usesPdo ? symfonySql(facts, dialect) : undefined),
};
