import type { Diagnosis } from '../problems/diagnosis';
import type { Bundle } from '../messages';
import type { Problem } from '../model';
import { describePlan } from './fixPlan';
import { printable } from './printable';
import { renderDiagnosisText, renderProblemText } from './textReport';

/** How the MCP server's `fix` tool is called; other surfaces (VS Code's tools) pass their own line. */
const MCP_APPLY_HINT = 'To apply one: the fix tool with this folder, the fixId, and confirm: true.';

/** What each fix of each problem does, best first: the SQL, the edit or the commands. */
function fixPlans(problems: readonly Problem[], bundle: Bundle | undefined, firstNumber: number): string[] {
  const out: string[] = [];
  for (const [i, p] of problems.entries()) {
    if (!p.fixes.length) continue;
    out.push('', `Problem ${firstNumber + i} (${p.code}) in ${printable(p.app)}: what each fix does, best first.`);
    for (const f of p.fixes) {
      const tags = [f.preferred && !f.destructive ? 'recommended' : '', f.destructive ? 'DESTRUCTIVE: deletes data' : ''].filter(Boolean);
      out.push(`fixId ${f.id}${tags.length ? ` (${tags.join(', ')})` : ''}`, describePlan(f, bundle));
    }
  }
  return out;
}

/**
 * The diagnosis as text an agent can act on (the MCP `check` tool, VS Code's `session-doctor_check`):
 * the text report (apps, problems, ranked fixes with their ids), then what each fix does exactly:
 * the SQL, the edit or the commands. `applyHint` says how to apply one on the surface at hand.
 * Pure; the same problem objects the CLI and the extension render.
 */
export function renderDiagnosisForAgent(d: Diagnosis, bundle?: Bundle, opts: { applyHint?: string } = {}): string {
  const out = [renderDiagnosisText(d, bundle).trimEnd(), ...fixPlans(d.problems, bundle, 1)];
  if (d.problems.some((p) => p.fixes.length)) out.push('', opts.applyHint ?? MCP_APPLY_HINT);
  return out.join('\n') + '\n';
}

/**
 * Problems that are not part of a diagnosis (reported by a running process: a terminal, a log, the
 * debug console), rendered as renderDiagnosisForAgent renders a diagnosis' problems.
 */
export function renderProblemsForAgent(root: string, problems: readonly Problem[], bundle?: Bundle): string {
  const out = [...problems.map((p) => renderProblemText(root, p, bundle)), ...fixPlans(problems, bundle, 1)];
  return out.join('\n') + '\n';
}
