/** The Prisma stack: a `Session` model in a Prisma schema, on SQLite, PostgreSQL or MySQL. */
import type { Stack } from '../stack';
import { gatherPrismaFacts, type PrismaFacts } from './prismaFacts';
import { discoverPrismaProjects, type PrismaProjectFiles } from './prismaProject';
import { prismaRules, prismaSessionSql } from './prismaRules';

export const prismaStack: Stack<PrismaProjectFiles, PrismaFacts> = {
  id: 'prisma',
  markers: ['**/schema.prisma', '**/prisma/schema/*.prisma', '**/prisma.config.{ts,mts,cts,js,mjs,cjs}'],
  takesDatabaseOverride: true,
  discover: ({ root, folders, maxDepth }) => discoverPrismaProjects(root, { maxDepth, folders }),
  gatherFacts: gatherPrismaFacts,
  rules: prismaRules,
  sessionTableDdl: (facts, dialect) => prismaSessionSql(facts, dialect),
};
