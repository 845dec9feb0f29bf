import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AppReport } from '../core/problems/diagnosis';
import { displayCommands } from '../core/report/shellQuote';
import { EditFix, Fix, Problem, RunCommandFix } from '../core/model';
import { FixRef } from './codeActions';
import { DiagnosisStore } from './diagnosisStore';
import { FixRunner } from './fixRunner';
import { plain } from './l10n';
import { ReportView } from './report';
import { fixesNeedTrust, MANAGE_TRUST_COMMAND, manageTrustLabel } from './workspaceTrust';

interface FixItem extends vscode.QuickPickItem {
  fix?: Fix;
  /** The "Show Report" row at the end of the problems' pick. */
  report?: boolean;
  /** The "Manage Workspace Trust…" row, first in restricted mode. */
  trust?: boolean;
}

/** One problem, as the notification's "More Fixes…" names it; an app alone (the CodeLens' "Fix…") is all its problems. */
interface ProblemRef {
  app: string;
  code?: string;
}

function allApps(store: DiagnosisStore): Array<{ root: string; app: AppReport }> {
  return store.snapshot.diagnoses.flatMap((d) => d.apps.map((app) => ({ root: d.root, app })));
}

function findFix(store: DiagnosisStore, ref: FixRef): Fix | undefined {
  const p = store.snapshot.problems.find((x) => x.app === ref.app && x.code === ref.code);
  return p?.fixes.find((f) => f.id === ref.fixId);
}

async function pickApp(store: DiagnosisStore, filter: (a: AppReport) => boolean, placeHolder: string): Promise<AppReport | undefined> {
  const apps = allApps(store).filter((x) => filter(x.app));
  if (apps.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Session Doctor found no matching app in this workspace.'));
    return undefined;
  }
  if (apps.length === 1) return apps[0].app;
  const pick = await vscode.window.showQuickPick(
    apps.map((x) => ({
      label: path.relative(x.root, x.app.root) || path.basename(x.app.root),
      description: `${x.app.framework} · ${x.app.sessionTable ?? ''}`,
      app: x.app,
    })),
    { placeHolder },
  );
  return pick?.app;
}

/** The workspace folder a command runs under, so its detail can say `cd <app> && …` in a monorepo. */
function rootOf(cwd: string | undefined): string | undefined {
  return cwd ? vscode.workspace.getWorkspaceFolder(vscode.Uri.file(cwd))?.uri.fsPath : undefined;
}

function fixItems(problems: Problem[], keep: (f: Fix) => boolean): FixItem[] {
  const items: FixItem[] = [];
  for (const p of problems) {
    const fixes = p.fixes.filter(keep);
    if (fixes.length === 0) continue;
    items.push({ label: plain(p.message), kind: vscode.QuickPickItemKind.Separator });
    for (const f of fixes) {
      items.push({
        label: `${f.destructive ? '$(warning) ' : f.preferred ? '$(star-full) ' : ''}${plain(f.title)}`,
        detail: f.kind === 'run-command' ? displayCommands(f.commands, 'posix', rootOf(f.commands[0]?.cwd)) : f.detail ? plain(f.detail) : undefined,
        fix: f,
      });
    }
  }
  return items;
}

/** A command's optional last argument; honoured only in an extension host started for tests. */
interface TestOptions {
  confirmed?: boolean;
}

/**
 * Registers every palette command; each one renders the store's problems and runs their fixes.
 * `testMode` (ExtensionMode.Test only) lets integration tests pass `{ confirmed: true }` to skip a
 * modal confirmation they cannot click; in normal use that argument is ignored.
 */
export function registerCommands(store: DiagnosisStore, fixes: FixRunner, report: ReportView, testMode = false): vscode.Disposable {
  const reg = (id: string, fn: (...args: never[]) => unknown) => vscode.commands.registerCommand(id, fn);
  const snapshotProblems = () => store.snapshot.problems;
  const runOpts = (o?: TestOptions) => ({ skipConfirm: testMode && o?.confirmed === true });

  return vscode.Disposable.from(
    reg('sessionDoctor.checkNow', async () => {
      const s = await store.refresh({ clearRuntime: true });
      const n = s.problems.length;
      const summary =
        n === 0
          ? s.state === 'healthy'
            ? vscode.l10n.t('Session Doctor: no problems')
            : vscode.l10n.t('Session Doctor: not everything could be checked')
          : n === 1
            ? vscode.l10n.t('Session Doctor: 1 problem')
            : vscode.l10n.t('Session Doctor: {0} problems', n);
      void vscode.window.setStatusBarMessage(summary, 4000);
      return s.state;
    }),
    reg('sessionDoctor.showReport', () => report.show()),
    reg('sessionDoctor.showProblems', async (only?: ProblemRef) => {
      const problems = snapshotProblems().filter((p) => !only || (p.app === only.app && (only.code === undefined || p.code === only.code)));
      const items = fixItems(problems, () => true);
      if (items.length === 0) {
        await report.show();
        return;
      }
      items.push({ label: '', kind: vscode.QuickPickItemKind.Separator }, { label: `$(book) ${vscode.l10n.t('Show Report')}`, report: true });
      // In restricted mode every fix is refused: say so first, with the way to trust the workspace.
      if (!vscode.workspace.isTrusted) items.unshift({ label: `$(shield) ${manageTrustLabel()}…`, detail: fixesNeedTrust(), trust: true });
      const pick = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Pick a fix'), matchOnDetail: true });
      if (pick?.trust) await vscode.commands.executeCommand(MANAGE_TRUST_COMMAND);
      else if (pick?.report) await report.show();
      else if (pick?.fix) await fixes.run(pick.fix);
    }),
    reg('sessionDoctor.applyFix', async (ref: FixRef, opts?: TestOptions) => {
      const fix = findFix(store, ref);
      if (!fix) {
        void vscode.window.showWarningMessage(vscode.l10n.t('This fix is no longer available: the diagnosis changed.'));
        return 'cancelled';
      }
      return fixes.run(fix, runOpts(opts));
    }),
    reg('sessionDoctor.afterEdit', async (ref: FixRef) => {
      const fix = findFix(store, ref);
      if (fix?.kind === 'edit') await fixes.afterEdit(fix as EditFix);
      await store.refresh({ clearRuntime: true });
    }),
    reg('sessionDoctor.createSessionTable', async (opts?: TestOptions) => {
      // Refuse before offering a pick of fixes that could not run anyway.
      if (!fixes.trusted()) return 'untrusted';
      const items = fixItems(snapshotProblems(), (f) => f.kind === 'apply-sql' || /migrate|makeSessionTable|dbPush/.test(f.id));
      if (items.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('No session table is missing.'));
        return;
      }
      const direct = items.filter((i) => i.fix?.kind === 'apply-sql');
      const pick =
        direct.length === 1 ? direct[0] : await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('How should the table be created?') });
      if (pick?.fix) return fixes.run(pick.fix, runOpts(opts));
    }),
    reg('sessionDoctor.showSessionSql', async (appRoot?: string) => {
      const app = appRoot ? allApps(store).find((x) => x.app.root === appRoot)?.app : await pickApp(store, (a) => !!a.sessionSql, vscode.l10n.t('Which app?'));
      const sql = app?.dialect ? app.sessionSql?.[app.dialect] : undefined;
      if (!app || !sql) return;
      const doc = await vscode.workspace.openTextDocument({ language: 'sql', content: sql });
      await vscode.window.showTextDocument(doc);
    }),
    reg('sessionDoctor.fixSessionDriver', async () => {
      // Refuse before offering a pick of fixes that could not run anyway.
      if (!fixes.trusted()) return 'untrusted';
      const items = fixItems(snapshotProblems(), (f) => f.id.startsWith('laravel.driver.') || f.id === 'laravel.nearestDriver');
      if (items.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('No SESSION_DRIVER problem found.'));
        return;
      }
      const pick = await vscode.window.showQuickPick(items, { placeHolder: vscode.l10n.t('Which session driver?') });
      if (pick?.fix) return fixes.run(pick.fix);
    }),
    reg('sessionDoctor.runFrameworkFix', async () => {
      // Refuse before offering a pick of fixes that could not run anyway.
      if (!fixes.trusted()) return 'untrusted';
      const fromProblems = fixItems(snapshotProblems(), (f) => f.kind === 'run-command' && !f.destructive);
      const seen = new Set(fromProblems.map((i) => i.fix && (i.fix as RunCommandFix).commands.map((c) => c.argv.join(' ')).join('&&')));
      const general: FixItem[] = [];
      for (const { root, app } of allApps(store)) {
        const cmds = app.commands.filter((c) => !c.destructive && !seen.has(c.commands.map((x) => x.argv.join(' ')).join('&&')));
        if (cmds.length === 0) continue;
        general.push({ label: path.relative(root, app.root) || path.basename(app.root), kind: vscode.QuickPickItemKind.Separator });
        for (const c of cmds) general.push({ label: plain(c.title), detail: displayCommands(c.commands, 'posix', root), fix: c });
      }
      const pick = await vscode.window.showQuickPick([...fromProblems, ...general], {
        placeHolder: vscode.l10n.t('Run which command in a terminal?'),
        matchOnDetail: true,
      });
      if (pick?.fix) return fixes.run(pick.fix);
    }),
    reg('sessionDoctor.resetDatabase', async () => {
      // Refuse before offering a pick of fixes that could not run anyway.
      if (!fixes.trusted()) return 'untrusted';
      const app = await pickApp(store, (a) => a.framework === 'prisma', vscode.l10n.t('Reset which Prisma database?'));
      const reset = app?.commands.find((c) => c.id === 'prisma.migrateReset');
      if (!reset) return;
      // FixRunner shows the modal warning that spells out the data loss before anything runs.
      return fixes.run(reset);
    }),
  );
}
