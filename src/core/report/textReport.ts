import * as path from 'node:path';
import { displayArgv, displayCommands } from './shellQuote';
import { AppReport, appFrameworkName, Diagnosis } from '../problems/diagnosis';
import { Bundle, formatTemplate, renderMessage } from '../messages';
import { FileEdit, Fix, Message, Problem, RunCommandFix } from '../model';
import { printable, printableMessage } from './printable';

/** The CLI report's own words; translated through the same l10n bundle as the messages. */
export const TEXT_LABELS = {
  fixes: '  Fixes, best first:',
  destructive: ' [DESTRUCTIVE]',
  recommended: ' [recommended]',
  applySql: 'apply SQL to {0}',
  edit: 'edit {0}',
  noTable: 'no session table to check',
  app: '{0} app {1}',
  noApps: '  No Prisma or Laravel app found.',
  healthy: 'Health: healthy',
  unknown: 'Health: unknown',
  noApp: 'Health: no app found, nothing checked',
  healthOneProblem: 'Health: problem (1 problem)',
  healthProblems: 'Health: problem ({0} problems)',
  /** "table sessions: missing": the state agrees with the word "table" (French: "manquante"). */
  tableState: 'table {0}: {1}',
} as const;

/** A session table's state, in words. */
export const TABLE_STATES = {
  present: 'present',
  missing: 'missing',
  unknown: 'unknown',
  'not-checked': 'not checked',
} as const;

/** A label with its arguments; every text argument (a path, a name from the workspace) is made printable. */
function tr(bundle: Bundle | undefined, s: string, ...args: (string | number)[]): string {
  return formatTemplate(
    bundle?.[s] ?? s,
    args.map((a) => (typeof a === 'string' ? printable(a) : a)),
  );
}

/** A message for the terminal: its arguments come from the workspace and may hold control characters. */
function say(m: Message, bundle: Bundle | undefined): string {
  return renderMessage(printableMessage(m), bundle);
}

function rel(root: string, p: string): string {
  const r = path.relative(root, p);
  return printable(r && !r.startsWith('..') ? r : p);
}

export function fixAction(fix: Fix, bundle?: Bundle, root?: string): string {
  switch (fix.kind) {
    case 'run-command':
      return `$ ${printable(displayCommands(fix.commands, 'posix', root))}`;
    case 'apply-sql':
      return tr(bundle, TEXT_LABELS.applySql, fix.database);
    case 'edit':
      return tr(bundle, TEXT_LABELS.edit, [...new Set(fix.edits.map((e) => path.basename(e.file)))].join(', '));
  }
}

/**
 * `  Prisma app apps/web · sqlite prisma/dev.db · Session: present`: the parts that are known, one
 * separator between each (no doubled spaces where a part is missing).
 */
function appLine(root: string, a: AppReport, bundle?: Bundle): string {
  const where = path.relative(root, a.root) || '.';
  const table = a.sessionTable ? tr(bundle, TEXT_LABELS.tableState, a.sessionTable, tr(bundle, TABLE_STATES[a.tableState])) : tr(bundle, TEXT_LABELS.noTable);
  const db = [a.dialect, a.databaseDisplay].filter(Boolean).join(' ');
  const driver = a.sessionDriver ? ` (${a.framework === 'django' ? 'SESSION_ENGINE' : 'SESSION_DRIVER'}=${printable(a.sessionDriver)})` : '';
  const from = a.databaseSource ? `\n      ${say(a.databaseSource, bundle)}` : '';
  const why = from + (a.unknownReason ? `\n      ${say(a.unknownReason, bundle)}` : '');
  const parts = [
    tr(
      bundle,
      TEXT_LABELS.app,
      appFrameworkName(a, (m) => say(m, bundle)),
      where,
    ),
    printable(db),
    table + driver,
  ].filter((s) => s !== '');
  return `  ${parts.join(' · ')}${why}`;
}

export function renderProblemText(root: string, p: Problem, bundle?: Bundle): string {
  const mark = p.severity === 'error' ? '✖' : p.severity === 'warning' ? '⚠' : 'ℹ';
  const where = p.location ? `  ${rel(root, p.location.file)}:${p.location.range.start.line + 1}` : '';
  const lines = [`${mark} ${p.code}${where}`, `  ${say(p.message, bundle)}`];
  if (p.detail) lines.push(`  ${say(p.detail, bundle)}`);
  if (p.fixes.length) {
    lines.push(tr(bundle, TEXT_LABELS.fixes));
    p.fixes.forEach((f, i) => {
      const tag = f.destructive ? tr(bundle, TEXT_LABELS.destructive) : f.preferred ? tr(bundle, TEXT_LABELS.recommended) : '';
      lines.push(`   ${i + 1}. ${say(f.title, bundle)}${tag}  (--fix ${f.id})`);
      lines.push(`      ${fixAction(f, bundle, root)}`);
    });
  }
  return lines.join('\n');
}

export function renderDiagnosisText(d: Diagnosis, bundle?: Bundle): string {
  const out: string[] = [`Session Doctor: ${printable(d.root)}`];
  if (d.apps.length === 0) out.push(tr(bundle, TEXT_LABELS.noApps));
  for (const a of d.apps) out.push(appLine(d.root, a, bundle));
  for (const p of d.problems) out.push('', renderProblemText(d.root, p, bundle));
  const n = d.problems.length;
  const healthLabel = d.health === 'unknown' ? TEXT_LABELS.unknown : d.health === 'no-app' ? TEXT_LABELS.noApp : TEXT_LABELS.healthy;
  const line = n === 0 ? tr(bundle, healthLabel) : n === 1 ? tr(bundle, TEXT_LABELS.healthOneProblem) : tr(bundle, TEXT_LABELS.healthProblems, n);
  out.push('', line);
  return out.join('\n') + '\n';
}

/**
 * An edit as JSON may show: a new file's contents (a copy of .env.example, which can hold real
 * credentials) and generated secrets are left out; a value edit such as `cookie` stays.
 */
function printableEdit(e: FileEdit): Omit<FileEdit, 'newText' | 'oldText'> & { newText?: string } {
  const { newText, oldText: _old, ...rest } = e;
  return e.create || e.generate ? rest : { ...rest, newText };
}

/** A fix as JSON may show: the passwords of urls in its commands masked. */
function printableCommands<T extends { kind: string }>(f: T): T {
  if (f.kind !== 'run-command') return f;
  const r = f as unknown as RunCommandFix;
  return { ...f, commands: r.commands.map((c) => ({ ...c, argv: displayArgv(c.argv) })) };
}

/** JSON for `check --json`: the model itself, plus each message rendered, with no secrets (URLs are masked upstream). */
export function diagnosisJson(d: Diagnosis, bundle?: Bundle): unknown {
  return {
    root: d.root,
    health: d.health,
    apps: d.apps.map((a) => ({
      ...a,
      commands: a.commands.map(printableCommands),
      unknownReason: a.unknownReason && renderMessage(a.unknownReason, bundle),
      databaseSource: a.databaseSource && renderMessage(a.databaseSource, bundle),
    })),
    problems: d.problems.map((p) => ({
      code: p.code,
      severity: p.severity,
      message: renderMessage(p.message, bundle),
      messageId: p.message.id,
      messageArgs: p.message.args ?? [],
      detail: p.detail && renderMessage(p.detail, bundle),
      location: p.location,
      app: p.app,
      fixes: p.fixes.map((f) => ({
        ...printableCommands(f),
        ...(f.kind === 'edit' ? { edits: f.edits.map(printableEdit) } : {}),
        title: renderMessage(f.title, bundle),
        detail: f.detail && renderMessage(f.detail, bundle),
      })),
    })),
  };
}
