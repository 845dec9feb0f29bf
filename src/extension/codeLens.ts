import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AppReport } from '../core/problems/diagnosis';
import { Problem } from '../core/model';
import { readSettings } from './config';
import { DiagnosisStore } from './diagnosisStore';
import { problemName } from './problemNames';

/** The quick pick the notification's "More Fixes…" opens; the lens passes the app alone (all its problems). */
const FIX_COMMAND = 'sessionDoctor.showProblems';

/** The missing-table problem of any stack (`<stack>.sessionTableMissing`) or of the run-time detector: the lens's own state says it. */
function isTableMissing(code: string): boolean {
  return code.endsWith('.sessionTableMissing');
}

/** Where the app's data lives, as a user names it: the SQLite file from the app's folder, else the masked URL. */
function databaseName(app: AppReport): string {
  if (app.sqlitePath) return path.relative(app.root, app.sqlitePath) || path.basename(app.sqlitePath);
  return app.databaseDisplay ?? '';
}

/** "table Session missing in prisma/dev.db", from the app's report as the diagnosis made it. */
function tableState(app: AppReport): string {
  const table = app.sessionTable ?? '';
  const db = databaseName(app);
  switch (app.tableState) {
    case 'present':
      return db ? vscode.l10n.t('table {0} present in {1}', table, db) : vscode.l10n.t('table {0} present', table);
    case 'missing':
      return db ? vscode.l10n.t('table {0} missing in {1}', table, db) : vscode.l10n.t('table {0} missing', table);
    case 'unknown':
      return vscode.l10n.t('table {0}: state unknown', table);
    default:
      return vscode.l10n.t('table {0}: not checked', table);
  }
}

/**
 * One line above the session model in schema.prisma and above SESSION_DRIVER in .env: the state of
 * the session table, and "Fix…" (the same quick pick as "More Fixes…") when the app has problems.
 * Rendered from the store's snapshot only (each app's anchor, table state and problems): nothing
 * here reads a file or judges anything. Off with `sessionDoctor.codeLens`.
 */
export class SessionCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly store: DiagnosisStore) {
    this.subscriptions = [
      store.onDidChange((s) => {
        if (s.state !== 'checking') this.changed.fire();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('sessionDoctor.codeLens')) this.changed.fire();
      }),
    ];
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (document.uri.scheme !== 'file' || !readSettings(document.uri).codeLens) return [];
    const s = this.store.snapshot;
    const lenses: vscode.CodeLens[] = [];
    for (const app of s.diagnoses.flatMap((d) => d.apps)) {
      const anchor = app.anchor;
      if (!anchor || anchor.file !== document.uri.fsPath || !app.sessionTable) continue;
      const at = new vscode.Range(anchor.range.start.line, 0, anchor.range.start.line, 0);
      const problems = s.problems.filter((p) => p.app === app.root);
      lenses.push(new vscode.CodeLens(at, { title: `${problems.length ? '$(warning)' : '$(database)'} ${this.title(app, problems)}`, command: '' }));
      if (problems.some((p) => p.fixes.length > 0)) {
        const fix = vscode.l10n.t('Fix…');
        lenses.push(
          new vscode.CodeLens(at, {
            title: fix,
            command: FIX_COMMAND,
            arguments: [{ app: app.root }],
            tooltip: vscode.l10n.t('Show the fixes Session Doctor offers'),
          }),
        );
      }
    }
    return lenses;
  }

  /** The table's state, then any other problem of the app: named when one, counted when several. */
  private title(app: AppReport, problems: Problem[]): string {
    const others = problems.filter((p) => !isTableMissing(p.code));
    const state = tableState(app);
    if (others.length === 0) return state;
    return `${state} · ${others.length === 1 ? problemName(others[0]) : vscode.l10n.t('{0} other problems', others.length)}`;
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    this.changed.dispose();
  }
}
