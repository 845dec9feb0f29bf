/** The Better Auth stack: its core tables (`user`, `session`, `account`, `verification`) through its Kysely adapter. */
import type { Stack } from '../stack';
import { discoverBetterAuthApps, type BetterAuthApp } from './betterAuthApp';
import { gatherBetterAuthFacts, type BetterAuthFacts } from './betterAuthFacts';
import { APPLY_FIX_ID, MIGRATE_FIX_ID, betterAuthRules, betterAuthSessionSql } from './betterAuthRules';
import { betterAuthHints } from './hints';

export const betterAuthStack: Stack<BetterAuthApp, BetterAuthFacts> = {
  id: 'better-auth',
  markers: ['**/package.json', '**/auth.ts', '**/auth.js'],
  scanHints: betterAuthHints,
  createTableFixes: [APPLY_FIX_ID, MIGRATE_FIX_ID],
  discover: ({ folders, maxDepth }) => discoverBetterAuthApps(folders, maxDepth ?? 4),
  gatherFacts: gatherBetterAuthFacts,
  rules: betterAuthRules,
  sessionTableDdl: (facts, dialect) => betterAuthSessionSql(facts, dialect),
};
