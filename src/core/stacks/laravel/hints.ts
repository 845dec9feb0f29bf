import type { Finding } from '../../detect/finding';
import { msg, MessageId } from '../../messages';
import type { Message } from '../../model';
import type { ScanHints } from '../stack';

/**
 * Laravel's QueryException: `SQLSTATE[…]: … (Connection: mysql, SQL: select …)` (10+), or
 * `(SQL: select …)` before, and the exception's class name in a log's context.
 */
const QUERY_EXCEPTION = /\((?:Connection: [^,()]*, )?SQL: |Illuminate\\+Database\\+QueryException/;

const BY_KIND: Partial<Record<Finding['kind'], MessageId>> = {
  'mysql-1146': 'hint.laravel.mysql',
  'sqlite-no-such-table': 'hint.laravel.sqlite',
  'postgres-42p01': 'hint.laravel.postgres',
  'missing-column': 'hint.laravel.column',
};

/** `session-doctor scan` advice on a missing table Laravel reported: artisan, .env and Laravel's config only. */
export const LARAVEL_HINTS: ScanHints = {
  owns: (f: Finding) => BY_KIND[f.kind] !== undefined && QUERY_EXCEPTION.test(f.text),
  hints: (f: Finding): Message[] => {
    const first = msg(BY_KIND[f.kind] ?? 'hint.laravel.mysql');
    // The table exists: how to create it is no advice here.
    return f.session && f.kind !== 'missing-column' ? [first, msg('hint.laravel.session')] : [first];
  },
};
