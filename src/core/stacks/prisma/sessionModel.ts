/**
 * Which Prisma model stores login sessions.
 *
 * Checked in order, first match wins: an explicit override (model name or table name), a model
 * named `Session`, a model mapped to a `sessions`/`session` table, an Auth.js / NextAuth shape
 * (`sessionToken` + `expires`), a Lucia shape (`expiresAt` + `userId`).
 */
import type { PrismaField, PrismaModel, PrismaSchema } from './prismaSchema';

type SessionModelReason = 'override' | 'named-session' | 'mapped-sessions' | 'authjs' | 'lucia';

interface SessionModelMatch {
  model: PrismaModel;
  reason: SessionModelReason;
}

function field(model: PrismaModel, name: string): PrismaField | undefined {
  return model.fields.find((f) => f.name === name && !f.isList);
}

function isAuthJs(model: PrismaModel): boolean {
  const token = field(model, 'sessionToken');
  const expires = field(model, 'expires');
  return token?.type === 'String' && expires?.type === 'DateTime';
}

function isLucia(model: PrismaModel): boolean {
  const expiresAt = field(model, 'expiresAt');
  const userId = field(model, 'userId');
  return expiresAt?.type === 'DateTime' && userId !== undefined && userId.kind === 'scalar';
}

/**
 * Finds the session model. With an `override`, only that model (matched by model name, then by
 * table name, case-sensitively) is considered; undefined when it does not exist.
 */
export function findSessionModel(schema: PrismaSchema, override?: string): SessionModelMatch | undefined {
  const models = schema.models;
  if (override !== undefined && override !== '') {
    const model = models.find((m) => m.name === override) ?? models.find((m) => m.dbName === override);
    return model ? { model, reason: 'override' } : undefined;
  }
  const named = models.find((m) => m.name === 'Session') ?? models.find((m) => m.name.toLowerCase() === 'session');
  if (named) return { model: named, reason: 'named-session' };
  const mapped = models.find((m) => m.dbName !== m.name && ['sessions', 'session'].includes(m.dbName.toLowerCase()));
  if (mapped) return { model: mapped, reason: 'mapped-sessions' };
  const authjs = models.find(isAuthJs);
  if (authjs) return { model: authjs, reason: 'authjs' };
  const lucia = models.find(isLucia);
  if (lucia) return { model: lucia, reason: 'lucia' };
  return undefined;
}
