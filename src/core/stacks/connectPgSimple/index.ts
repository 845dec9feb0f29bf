/** The Express `express-session` + `connect-pg-simple` stack: its `session` table in PostgreSQL. */
import type { Stack } from '../stack';
import { discoverConnectPgSimpleApps, type ConnectPgSimpleApp } from './connectPgSimpleApp';
import { gatherConnectPgSimpleFacts, type ConnectPgSimpleFacts } from './connectPgSimpleFacts';
import { connectPgSimpleRules, connectPgSimpleSessionSql } from './connectPgSimpleRules';

export const connectPgSimpleStack: Stack<ConnectPgSimpleApp, ConnectPgSimpleFacts> = {
  id: 'connect-pg-simple',
  markers: ['**/package.json'],
  discover: ({ folders, maxDepth }) => discoverConnectPgSimpleApps(folders, maxDepth ?? 4),
  gatherFacts: gatherConnectPgSimpleFacts,
  rules: connectPgSimpleRules,
  sessionTableDdl: (facts, dialect) => connectPgSimpleSessionSql(facts, dialect),
};
