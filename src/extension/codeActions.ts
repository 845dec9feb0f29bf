import * as vscode from 'vscode';
import { Fix, Problem } from '../core/model';
import { Diagnostics, DIAGNOSTIC_SOURCE } from './diagnostics';
import { plain } from './l10n';
import { workspaceEditFor } from './fixRunner';
import { fixesNeedTrust, MANAGE_TRUST_COMMAND, manageTrustLabel } from './workspaceTrust';

export const QUICK_FIX_SELECTOR: vscode.DocumentSelector = [
  { language: 'dotenv' },
  { scheme: 'file', pattern: '**/.env*' },
  { language: 'prisma' },
  { scheme: 'file', pattern: '**/*.prisma' },
  // Django: problems sit on the settings module's SESSION_ENGINE / DATABASES line.
  { scheme: 'file', pattern: '**/{settings.py,settings/*.py}' },
  // Better Auth's betterAuth( call, connect-pg-simple's store construction (or its package.json).
  { scheme: 'file', pattern: '**/*.{ts,mts,cts,tsx,js,mjs,cjs,jsx}' },
  { scheme: 'file', pattern: '**/package.json' },
  // Symfony: the framework / services config that names the PdoSessionHandler.
  { scheme: 'file', pattern: '**/config/**/*.{yaml,yml,php,xml}' },
];

/** Identifies a fix of a problem across the command boundary (plain JSON-able arguments). */
export interface FixRef {
  app: string;
  code: string;
  fixId: string;
}

/**
 * Quick fixes for our diagnostics: each is one of the problem's own fixes, tied to its diagnostic,
 * the problem's preferred fix marked as such. Destructive fixes are never offered in a lightbulb.
 */
export class SessionCodeActions implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly diagnostics: Diagnostics) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const d of context.diagnostics) {
      if (d.source !== DIAGNOSTIC_SOURCE) continue;
      const problem = this.diagnostics.problemFor(document.uri, d);
      if (!problem) continue;
      for (const fix of problem.fixes) {
        if (fix.destructive) continue;
        actions.push(this.actionFor(problem, fix, d));
      }
      if (!vscode.workspace.isTrusted && problem.fixes.some((f) => !f.destructive && f.requiresTrust)) {
        // The fixes above are disabled (greyed, with the reason): offer the way to enable them.
        const trust = new vscode.CodeAction(`${manageTrustLabel()}…`, vscode.CodeActionKind.QuickFix);
        trust.command = { title: trust.title, command: MANAGE_TRUST_COMMAND };
        trust.diagnostics = [d];
        actions.push(trust);
      }
      const sql = new vscode.CodeAction(vscode.l10n.t('Show the session table SQL'), vscode.CodeActionKind.QuickFix);
      sql.command = { title: sql.title, command: 'sessionDoctor.showSessionSql', arguments: [problem.app] };
      sql.diagnostics = [d];
      if (problem.code.endsWith('sessionTableMissing')) actions.push(sql);
    }
    return actions;
  }

  private actionFor(problem: Problem, fix: Fix, d: vscode.Diagnostic): vscode.CodeAction {
    const action = new vscode.CodeAction(plain(fix.title), vscode.CodeActionKind.QuickFix);
    action.diagnostics = [d];
    action.isPreferred = fix.preferred === true;
    if (fix.requiresTrust && !vscode.workspace.isTrusted) {
      action.disabled = { reason: fixesNeedTrust() };
      return action;
    }
    const ref: FixRef = { app: problem.app, code: problem.code, fixId: fix.id };
    if (fix.kind === 'edit' && !fix.edits.some((e) => e.generate)) {
      // A plain edit goes straight into the editor's undo stack; the command then saves and follows up.
      action.edit = workspaceEditFor(fix.edits);
      action.command = { title: action.title, command: 'sessionDoctor.afterEdit', arguments: [ref] };
    } else {
      action.command = { title: action.title, command: 'sessionDoctor.applyFix', arguments: [ref] };
    }
    return action;
  }
}
