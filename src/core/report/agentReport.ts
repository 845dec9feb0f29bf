import type { Diagnosis } from '../problems/diagnosis';
import type { Bundle } from '../messages';
import { describePlan } from './fixPlan';
import { printable } from './printable';
import { renderDiagnosisText } from './textReport';

/**
 * The diagnosis as text an agent can act on (the MCP `check` tool): the text report (apps,
 * problems, ranked fixes with their ids), then what each fix does exactly: the SQL, the edit or the
 * commands. Pure; the same problem objects the CLI and the extension render.
 */
export function renderDiagnosisForAgent(d: Diagnosis, bundle?: Bundle): string {
  const out = [renderDiagnosisText(d, bundle).trimEnd()];
  for (const [i, p] of d.problems.entries()) {
    if (!p.fixes.length) continue;
    out.push('', `Problem ${i + 1} (${p.code}) in ${printable(p.app)}: what each fix does, best first.`);
    for (const f of p.fixes) {
      const tags = [f.preferred && !f.destructive ? 'recommended' : '', f.destructive ? 'DESTRUCTIVE: deletes data' : ''].filter(Boolean);
      out.push(`fixId ${f.id}${tags.length ? ` (${tags.join(', ')})` : ''}`, describePlan(f, bundle));
    }
  }
  if (d.problems.some((p) => p.fixes.length)) out.push('', 'To apply one: the fix tool with this folder, the fixId, and confirm: true.');
  return out.join('\n') + '\n';
}
