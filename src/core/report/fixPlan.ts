import { commandLine } from './shellQuote';
import { Bundle, renderMessage } from '../messages';
import type { Fix } from '../model';
import { printable, printableMessage } from './printable';

/**
 * What a fix will do, exactly: the SQL and its bookkeeping, the file edits, or the commands. Shown
 * by `fix` before it acts and by the MCP `check` tool; a generated secret is never shown.
 */
export function describePlan(fix: Fix, bundle: Bundle | undefined): string {
  const lines = [`→ ${renderMessage(printableMessage(fix.title), bundle)}`];
  if (fix.detail) lines.push(`  ${renderMessage(printableMessage(fix.detail), bundle)}`);
  switch (fix.kind) {
    case 'apply-sql':
      lines.push(`  Database: ${printable(fix.database)}`);
      for (const f of fix.files ?? []) lines.push(`  New file: ${printable(f.file)}`);
      if (fix.sql.trim())
        lines.push(
          '  SQL:',
          ...fix.sql
            .trimEnd()
            .split('\n')
            .map((l) => `    ${l}`),
        );
      if (fix.bookkeepingSql)
        lines.push(
          '  Bookkeeping (same transaction):',
          ...fix.bookkeepingSql
            .trimEnd()
            .split('\n')
            .map((l) => `    ${l}`),
        );
      break;
    case 'edit':
      for (const e of fix.edits) {
        if (e.create) lines.push(`  Create ${printable(e.file)}`);
        else
          lines.push(
            `  Edit ${printable(e.file)}:${(e.range?.start.line ?? 0) + 1}: ${e.generate ? '(a newly generated secret, not shown)' : JSON.stringify(e.newText)}`,
          );
      }
      if (fix.followUp) lines.push(`  Then: ${printable(commandLine(fix.followUp.argv))}  (in ${printable(fix.followUp.cwd)})`);
      break;
    case 'run-command':
      for (const c of fix.commands) lines.push(`  $ ${printable(commandLine(c.argv))}  (in ${printable(c.cwd)})`);
      break;
  }
  return lines.join('\n');
}
