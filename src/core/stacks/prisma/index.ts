/** The Prisma stack: a `Session` model in a Prisma schema, on SQLite, PostgreSQL or MySQL. */
import type { Stack } from '../stack';
import { gatherPrismaFacts, type PrismaFacts } from './prismaFacts';
import { PRISMA_HINTS } from './hints';
import { discoverPrismaProjects, PRISMA_DISCOVERY_GLOBS, type PrismaProjectFiles } from './prismaProject';
import { prismaRules, prismaSessionSql } from './prismaRules';

export const prismaStack: Stack<PrismaProjectFiles, PrismaFacts> = {
  id: 'prisma',
  markers: PRISMA_DISCOVERY_GLOBS,
  scanHints: PRISMA_HINTS,
  createTableFixes: ['prisma.applyMigration', 'prisma.completeMigration', 'prisma.createTableBaseline', 'prisma.createTable'],
  takesDatabaseOverride: true,
  discover: ({ root, folders, maxDepth }) => discoverPrismaProjects(root, { maxDepth, folders }),
  gatherFacts: gatherPrismaFacts,
  rules: prismaRules,
  sessionTableDdl: (facts, dialect) => prismaSessionSql(facts, dialect),
};
