import type { Finding } from '../detect/finding';
import { msg, MessageId } from '../messages';
import type { Message } from '../model';
import type { AppReport } from '../problems/diagnosis';
import { STACKS } from './registry';

/** For an error no stack claims (a bare "no such table" could come from any framework). */
const NEUTRAL: Record<Finding['kind'], MessageId> = {
  'prisma-p2021': 'hint.prisma.p2021',
  'prisma-p2010': 'hint.prisma.p2010',
  'shopify-prisma-session-table': 'hint.prisma.shopify',
  'mysql-1146': 'hint.table.mysql',
  'sqlite-no-such-table': 'hint.table.sqlite',
  'postgres-42p01': 'hint.table.postgres',
  'missing-column': 'hint.table.column',
  'django-unapplied-migration': 'hint.django.unapplied',
  'better-auth-schema-mismatch': 'hint.betterAuth.table',
};

/** The framework whose error this is, when a registered stack claims it (its `scanHints`). */
export function frameworkOfFinding(f: Finding): AppReport['framework'] | undefined {
  return STACKS.find((s) => s.scanHints?.owns(f))?.id;
}

/**
 * The advice `session-doctor scan` prints under a finding: its stack's own, or, when the framework
 * is unknown, advice that names no framework. The first message is the hint; a session table adds
 * one about the session store.
 */
export function scanHints(f: Finding): Message[] {
  const owner = STACKS.find((s) => s.scanHints?.owns(f));
  if (owner?.scanHints) return owner.scanHints.hints(f);
  const first = msg(NEUTRAL[f.kind]);
  return f.session ? [first, msg('hint.table.session')] : [first];
}
