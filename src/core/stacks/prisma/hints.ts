import type { Finding } from '../../detect/finding';
import { msg } from '../../messages';
import type { Message } from '../../model';
import type { ScanHints } from '../stack';

/**
 * `session-doctor scan` advice on Prisma's own errors, P2021 (a model's table) and P2010 (a raw
 * query), and on Shopify's Prisma session storage giving up on its table: Prisma's commands and
 * settings only.
 */
export const PRISMA_HINTS: ScanHints = {
  owns: (f: Finding) => f.kind === 'prisma-p2021' || f.kind === 'prisma-p2010' || f.kind === 'shopify-prisma-session-table',
  hints: (f: Finding): Message[] => {
    const first = msg(
      f.kind === 'prisma-p2010' ? 'hint.prisma.p2010' : f.kind === 'shopify-prisma-session-table' ? 'hint.prisma.shopify' : 'hint.prisma.p2021',
    );
    return f.session ? [first, msg('hint.prisma.session')] : [first];
  },
};
