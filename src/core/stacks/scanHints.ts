import type { Finding } from '../detect/finding';
import { msg, MessageId } from '../messages';
import type { Message } from '../model';
import type { AppReport } from '../problems/diagnosis';
import { LARAVEL_HINTS } from './laravel/hints';
import { PRISMA_HINTS } from './prisma/hints';

/** One stack's advice on the missing-table errors `session-doctor scan` finds. */
export interface ScanHints {
  /** Whether the error is this stack's: its own error code, or the shape its logs give the error. */
  owns(f: Finding): boolean;
  /** What to do about it, in this stack's terms only; a session table gets a second line. */
  hints(f: Finding): Message[];
}

/** Each stack's hints, by its framework id; a new stack adds its line here. */
const STACK_HINTS: Record<AppReport['framework'], ScanHints> = {
  prisma: PRISMA_HINTS,
  laravel: LARAVEL_HINTS,
};

/** For an error no stack claims (a bare "no such table" could come from any framework). */
const NEUTRAL: Record<Finding['kind'], MessageId> = {
  'prisma-p2021': 'hint.prisma.p2021',
  'prisma-p2010': 'hint.prisma.p2010',
  'mysql-1146': 'hint.table.mysql',
  'sqlite-no-such-table': 'hint.table.sqlite',
  'postgres-42p01': 'hint.table.postgres',
};

/** The framework whose error this is, when one stack claims it. */
export function frameworkOfFinding(f: Finding): AppReport['framework'] | undefined {
  return (Object.keys(STACK_HINTS) as AppReport['framework'][]).find((id) => STACK_HINTS[id].owns(f));
}

/**
 * The advice printed under a finding: its stack's, or, when the framework is unknown, advice that
 * names no framework. The first message is the hint; a session table adds one about the session store.
 */
export function scanHints(f: Finding): Message[] {
  const framework = frameworkOfFinding(f);
  if (framework) return STACK_HINTS[framework].hints(f);
  const first = msg(NEUTRAL[f.kind]);
  return f.session ? [first, msg('hint.table.session')] : [first];
}
