import type { Finding } from '../../detect/finding';
import { msg } from '../../messages';
import type { Message } from '../../model';
import type { ScanHints } from '../stack';

/** Better Auth's own printed errors: its schema check, and its adapter's name in a stack trace line. */
const BETTER_AUTH_ERROR = /\b(?:SchemaMismatchError|BetterAuthError|better-auth|kysely-adapter)\b/;

/** `session-doctor scan` advice on errors Better Auth printed: its CLI only. */
export const betterAuthHints: ScanHints = {
  owns: (f: Finding) => f.kind === 'better-auth-schema-mismatch' || BETTER_AUTH_ERROR.test(f.text),
  hints: (f: Finding): Message[] => [msg(f.kind === 'missing-column' ? 'hint.betterAuth.column' : 'hint.betterAuth.table')],
};
