import * as path from 'node:path';
import { displayCommands } from './shellQuote';
import { AppReport, appFrameworkName, Diagnosis } from '../problems/diagnosis';
import { formatTemplate, renderMessage } from '../messages';
import { Fix, Message, Problem } from '../model';

/** Turns a message into text in the UI language (the extension passes vscode.l10n; the CLI a bundle lookup). */
type Render = (m: Message) => string;

/** Labels of the report itself (the problem texts come from the message catalogue). */
export interface ReportLabels {
  title: string;
  apps: string;
  problems: string;
  noProblems: string;
  fixes: string;
  recommended: string;
  destructive: string;
  sql: string;
  noApps: string;
  /** "table {0}: {1}": the state agrees with "table" (French: "table `sessions` : manquante"). */
  tableState: string;
  present: string;
  missing: string;
  unknown: string;
  notChecked: string;
}

export const ENGLISH_LABELS: ReportLabels = {
  title: 'Session Doctor report',
  apps: 'Apps',
  problems: 'Problems',
  noProblems: 'No problems found.',
  fixes: 'Fixes, best first',
  recommended: 'recommended',
  destructive: 'DESTROYS DATA',
  sql: 'Session table SQL',
  noApps: 'No Prisma or Laravel app found.',
  tableState: 'table {0}: {1}',
  present: 'present',
  missing: 'missing',
  unknown: 'unknown',
  notChecked: 'not checked',
};

/**
 * A table's state in the report. Only "missing" is bold (the report's CSS shows bold in the
 * warning colour): a present table must not look like a warning.
 */
function tableStateMarkdown(a: AppReport, labels: ReportLabels): string {
  const state =
    a.tableState === 'missing'
      ? `**${labels.missing}**`
      : a.tableState === 'present'
        ? labels.present
        : a.tableState === 'unknown'
          ? `_${labels.unknown}_`
          : labels.notChecked;
  return formatTemplate(labels.tableState, [`\`${a.sessionTable ?? ''}\``, state]);
}

function fence(lang: string, body: string): string {
  const ticks = body.includes('```') ? '````' : '```';
  return `${ticks}${lang}\n${body.trimEnd()}\n${ticks}`;
}

function fixMarkdown(f: Fix, i: number, labels: ReportLabels, render: Render, root: string): string {
  const tag = f.destructive ? ` **(${labels.destructive})**` : f.preferred ? ` _(${labels.recommended})_` : '';
  const lines = [`${i + 1}. ${render(f.title)}${tag}`];
  if (f.detail) lines.push(`   ${render(f.detail)}`);
  if (f.kind === 'run-command') lines.push('', fence('sh', displayCommands(f.commands, 'posix', root)).replace(/^/gm, '   '));
  if (f.kind === 'apply-sql') lines.push('', fence('sql', f.bookkeepingSql ? `${f.sql.trimEnd()}\n${f.bookkeepingSql}` : f.sql).replace(/^/gm, '   '));
  return lines.join('\n');
}

function problemMarkdown(root: string, p: Problem, labels: ReportLabels, render: Render): string {
  const where = p.location ? ` — \`${path.relative(root, p.location.file) || p.location.file}:${p.location.range.start.line + 1}\`` : '';
  const out = [`### ${p.severity === 'error' ? '⛔' : p.severity === 'warning' ? '⚠️' : 'ℹ️'} ${render(p.message)}`, '', `\`${p.code}\`${where}`];
  if (p.detail) out.push('', render(p.detail));
  if (p.fixes.length) out.push('', `**${labels.fixes}**`, '', ...p.fixes.map((f, i) => fixMarkdown(f, i, labels, render, root)));
  return out.join('\n');
}

/** The whole diagnosis as Markdown: apps, problems with their ranked fixes, the exact SQL and commands. */
export function renderMarkdownReport(
  diagnoses: Diagnosis[],
  extra: Problem[],
  labels: ReportLabels = ENGLISH_LABELS,
  render: Render = (m) => renderMessage(m),
): string {
  const out = [`# ${labels.title}`];
  for (const d of diagnoses) {
    out.push('', `## ${labels.apps}: \`${d.root}\``, '');
    if (d.apps.length === 0) out.push(labels.noApps);
    for (const a of d.apps) {
      const rel = path.relative(d.root, a.root) || '.';
      const bits = [
        appFrameworkName(a, render),
        `\`${rel}\``,
        a.dialect,
        a.databaseDisplay && `\`${a.databaseDisplay}\``,
        a.sessionTable && tableStateMarkdown(a, labels),
        a.sessionDriver && `${a.framework === 'django' ? 'SESSION_ENGINE' : 'SESSION_DRIVER'}=${a.sessionDriver}`,
      ].filter(Boolean);
      out.push(`- ${bits.join(' · ')}${a.databaseSource ? ` — ${render(a.databaseSource)}` : ''}${a.unknownReason ? ` — ${render(a.unknownReason)}` : ''}`);
    }
    const problems = d.problems;
    out.push('', `## ${labels.problems}`, '');
    if (problems.length === 0 && extra.length === 0) out.push(labels.noProblems);
    for (const p of problems) out.push(problemMarkdown(d.root, p, labels, render), '');
    for (const a of d.apps) {
      const sql = a.dialect && a.sessionSql?.[a.dialect];
      if (sql) out.push(`## ${labels.sql} — \`${path.relative(d.root, a.root) || '.'}\` (${a.dialect})`, '', fence('sql', sql), '');
    }
  }
  for (const p of extra) out.push(problemMarkdown(diagnoses[0]?.root ?? '', p, labels, render), '');
  return out.join('\n').replace(/\n{3,}/g, '\n\n') + '\n';
}
