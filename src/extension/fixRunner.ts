import * as path from 'node:path';
import * as vscode from 'vscode';
import { commandLine } from '../core/report/shellQuote';
import { executeApplySql } from '../core/fixes/apply/applySqlFix';
import { dropSatisfiedKeyEdits, resolveGeneratedEdits } from '../core/fixes/apply/generatedValues';
import { editRefusal } from '../core/fixes/apply/exactEdits';
import { ApplySqlFix, CommandSpec, EditFix, FileEdit, Fix, RunCommandFix } from '../core/model';
import { readSettings } from './config';
import { DiagnosisStore } from './diagnosisStore';
import { confirmDestructive } from './confirmDestructive';
import { DisposableStore } from './disposableStore';
import { nextEvent } from './nextEvent';
import { plain } from './l10n';
import { SqlPreview } from './sqlPreview';
import { MANAGE_TRUST_COMMAND, manageTrustLabel } from './workspaceTrust';

export type FixResult = 'applied' | 'cancelled' | 'refused' | 'failed' | 'untrusted';

export interface RunOptions {
  /** The caller already showed the user what changes and got a yes (a test's `confirmed`, a tool's confirmation). */
  skipConfirm?: boolean;
  /** Receives what the notifications and the log say: why a fix was refused, how to undo SQL (the language-model tool returns it). */
  onNote?: (note: string) => void;
}

/** Builds the WorkspaceEdit of an edit fix. Secrets to generate are generated here, at apply time. */
export function workspaceEditFor(edits: FileEdit[]): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  for (const e of resolveGeneratedEdits(edits)) {
    const uri = vscode.Uri.file(e.file);
    if (e.create) we.createFile(uri, { ignoreIfExists: true, contents: new TextEncoder().encode(e.newText) });
    else if (e.range) we.replace(uri, new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText);
  }
  return we;
}

/** Runs fixes for every surface (lightbulb, palette, notification, status bar quick pick). */
export class FixRunner implements vscode.Disposable {
  /** One store per running task, holding its listeners. */
  private readonly pending = new DisposableStore();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: DiagnosisStore,
    private readonly log: vscode.LogOutputChannel,
    /** Where the fallback writer's backup copy goes: the extension's storage, never the workspace. */
    private readonly backupDir: string,
    private readonly sqlPreview: SqlPreview,
  ) {}

  /** Writes and commands need a trusted workspace; say why when it is not. */
  trusted(): boolean {
    if (vscode.workspace.isTrusted) return true;
    const manage = manageTrustLabel();
    void vscode.window
      .showWarningMessage(vscode.l10n.t('Session Doctor only reads in an untrusted workspace: trust this workspace to apply fixes or run commands.'), manage)
      .then((pick) => {
        if (pick === manage) void vscode.commands.executeCommand(MANAGE_TRUST_COMMAND);
      });
    this.log.warn('A fix was refused: the workspace is not trusted.');
    return false;
  }

  async run(fix: Fix, opts: RunOptions = {}): Promise<FixResult> {
    if (fix.requiresTrust && !this.trusted()) return 'untrusted';
    if (fix.destructive && !opts.skipConfirm) {
      const go = await confirmDestructive({
        title: plain(fix.title),
        detail: fix.detail ? plain(fix.detail) : undefined,
        proceed: vscode.l10n.t('Reset and lose all data'),
        keep: vscode.l10n.t('Cancel and keep all data'),
      });
      if (!go) return 'cancelled';
    }
    let result: FixResult;
    switch (fix.kind) {
      case 'edit':
        result = await this.applyEdit(fix, opts);
        break;
      case 'apply-sql':
        result = await this.applySql(fix, opts);
        break;
      case 'run-command':
        result = await this.runCommands(fix);
        break;
    }
    this.log.info(`Fix ${fix.id}: ${result}`);
    if (result === 'applied') await this.store.refresh({ clearRuntime: true });
    return result;
  }

  private async applyEdit(fix: EditFix, opts: RunOptions): Promise<FixResult> {
    // The CLI's checks: a read-only .env is refused like a read-only database, and a .env that is
    // not UTF-8 is not handed to an editor that would re-encode its other bytes on save.
    const edits = await dropSatisfiedKeyEdits(fix.edits);
    const refused = await editRefusal(edits, { wholeFileUtf8: true });
    if (refused) {
      this.log.warn(`Edit refused: ${refused}`);
      opts.onNote?.(refused);
      void vscode.window.showWarningMessage(vscode.l10n.t('Nothing was changed: {0}', refused));
      return 'refused';
    }
    const ok = await vscode.workspace.applyEdit(workspaceEditFor(edits));
    if (!ok) {
      opts.onNote?.('The edit could not be applied: the file changed.');
      void vscode.window.showErrorMessage(vscode.l10n.t('The edit could not be applied: the file changed. Check again and retry.'));
      return 'failed';
    }
    await this.afterEdit(fix);
    return 'applied';
  }

  /** Saves what an edit touched (diagnosis reads files on disk) and runs its follow-up command. */
  async afterEdit(fix: EditFix): Promise<void> {
    for (const file of new Set(fix.edits.map((e) => e.file))) {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
      if (doc?.isDirty) await doc.save();
    }
    if (fix.followUp) await this.runTask(fix.followUp, fix.id);
  }

  private async applySql(fix: ApplySqlFix, opts: RunOptions): Promise<FixResult> {
    const skipConfirm = opts.skipConfirm === true;
    if (!skipConfirm && !(await this.confirmSql(fix))) return 'cancelled';
    const capMB = readSettings().applySizeCapMB;
    const wasm = vscode.Uri.joinPath(this.extensionUri, 'dist', 'sql-wasm.wasm').fsPath;
    const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const ctx = { wasmPath: wasm, sizeCapBytes: capMB * 1024 * 1024, backupDir: this.backupDir, workspaceRoots: roots };
    let r = await executeApplySql(fix, ctx);
    if (r.status === 'refused' && r.code === 'outside-workspace' && !skipConfirm) {
      // A `file:../..` url or a link out of the workspace: write there only if the user says so.
      const write = await confirmDestructive({
        title: vscode.l10n.t('The database is outside this workspace: {0}', fix.database),
        detail: r.reason,
        proceed: vscode.l10n.t('Write Outside the Workspace'),
        keep: vscode.l10n.t('Cancel and leave it unchanged'),
      });
      if (!write) return 'cancelled';
      r = await executeApplySql(fix, { ...ctx, allowOutsideWorkspace: true });
    }
    for (const note of r.notes) this.log.info(note);
    if (r.status !== 'applied') opts.onNote?.(r.reason);
    if (r.status === 'conflict') {
      this.log.info(`Apply of ${fix.id}: conflict, nothing changed: ${r.reason}`);
      void vscode.window.showInformationMessage(vscode.l10n.t('Nothing was changed: {0}', r.reason));
      return 'refused';
    }
    if (r.status === 'refused') {
      this.log.warn(`Apply refused (${r.code}): ${r.reason}`);
      if (!r.manual) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Nothing was changed: {0}', r.reason));
        return 'refused';
      }
      const show = vscode.l10n.t('Show SQL');
      const manual = r.manual;
      void vscode.window.showWarningMessage(vscode.l10n.t('Nothing was changed: {0}', r.reason), show).then(async (pick) => {
        if (pick !== show) return;
        const content = `-- ${vscode.l10n.t('Run by hand: save as session-doctor-fix.sql, then: {0}', manual.command)}\n${manual.sql}`;
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'sql', content }));
      });
      return 'refused';
    }
    this.log.info(
      `Applied ${fix.id} to ${fix.database} in place with ${r.methodDescription}${r.backupPath ? `; full copy before the change: ${r.backupPath}` : ''}`,
    );
    this.log.info(`To take it back, run in sqlite3: ${r.undoSql.replace(/\n/g, ' ')}`);
    opts.onNote?.(`Written to ${fix.database} in place with ${r.methodDescription}. To take it back, run in sqlite3: ${r.undoSql.replace(/\n/g, ' ')}`);
    void vscode.window.showInformationMessage(vscode.l10n.t('Done: the database {0} is fixed.', path.basename(fix.database)));
    return 'applied';
  }

  /**
   * Shows the exact SQL (DDL and bookkeeping) as an `sql` document beside the editor, and asks in a
   * short modal: the database's path in the workspace, Apply or Cancel. Apply changes no row (it only
   * adds), so it may be the focused button. The SQL document is closed again whatever the answer.
   */
  private async confirmSql(fix: ApplySqlFix): Promise<boolean> {
    const sql = fix.bookkeepingSql ? `${fix.sql.trimEnd()}\n\n${fix.bookkeepingSql.trimEnd()}\n` : fix.sql;
    const where = vscode.workspace.asRelativePath(fix.database);
    const preview = await this.sqlPreview.show(sql, `${path.basename(fix.database)}.sql`);
    try {
      const apply = vscode.l10n.t('Apply');
      const detail = vscode.l10n.t("The SQL is open beside. It runs in one transaction, under SQLite's locks.");
      const pick = await vscode.window.showInformationMessage(vscode.l10n.t('Apply this SQL to {0}?', where), { modal: true, detail }, apply);
      return pick === apply;
    } finally {
      await preview.close();
    }
  }

  private async runCommands(fix: RunCommandFix): Promise<FixResult> {
    for (const c of fix.commands) {
      const code = await this.runTask(c, fix.id);
      if (code !== 0) return 'failed';
    }
    return 'applied';
  }

  /**
   * Runs one command as a task with a ProcessExecution: argv goes to the process as is, with no
   * shell in between, so no path or argument can inject shell syntax. Resolves with the exit code.
   */
  async runTask(spec: CommandSpec, id: string): Promise<number | undefined> {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(spec.cwd)) ?? vscode.TaskScope.Workspace;
    const task = new vscode.Task(
      { type: 'session-doctor', fix: id },
      folder,
      commandLine(spec.argv),
      'Session Doctor',
      new vscode.ProcessExecution(spec.argv[0], spec.argv.slice(1), { cwd: spec.cwd }),
    );
    task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true };
    this.log.info(`Running ${commandLine(spec.argv)} in ${spec.cwd}`);
    // Both listeners go when the task ends, when it cannot start, and when the runner is disposed.
    const run = this.pending.add(new DisposableStore());
    let execution: vscode.TaskExecution | undefined;
    const mine = (e: { execution: vscode.TaskExecution }) => e.execution === execution || e.execution.task === task;
    const processEnd = nextEvent(vscode.tasks.onDidEndTaskProcess, (e) => (mine(e) ? { code: e.exitCode } : undefined), { owner: run });
    // A task whose process never started ends with no process end: wait a moment for one, then stop.
    const taskEnd = nextEvent(vscode.tasks.onDidEndTask, (e) => (mine(e) ? true : undefined), { owner: run });
    const ended = taskEnd.then((o) => (o.status === 'fired' ? Promise.race([processEnd, delay(TASK_END_GRACE_MS)]) : undefined));
    try {
      execution = await vscode.tasks.executeTask(task);
    } catch (err) {
      this.pending.delete(run);
      this.log.error(`Cannot run ${spec.argv[0]}: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
    const outcome = await Promise.race([processEnd, ended]);
    this.pending.delete(run);
    return outcome?.status === 'fired' ? outcome.value.code : undefined;
  }

  /** Stops waiting for tasks still running (their listeners are removed); they resolve undefined. */
  dispose(): void {
    this.pending.dispose();
  }
}

/** How long a task's process end may trail the task's end before the exit code counts as unknown. */
const TASK_END_GRACE_MS = 1000;

function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms));
}
