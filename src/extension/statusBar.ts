import * as path from 'node:path';
import * as vscode from 'vscode';
import { Snapshot } from './diagnosisStore';
import { appFrameworkName } from '../core/problems/diagnosis';
import { plain } from './l10n';
import { problemName } from './problemNames';
import { MANAGE_TRUST_COMMAND, trustMarkdown } from './workspaceTrust';

const STATUS_ITEM_ID = 'sessionDoctor.status';

/** The status bar item: healthy / problem (warning background, count) / unknown (reason) / checking. */
export class StatusBar implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;

  constructor() {
    this.item = vscode.window.createStatusBarItem(STATUS_ITEM_ID, vscode.StatusBarAlignment.Left, 10);
    this.item.name = vscode.l10n.t('Session Doctor');
    this.item.command = 'sessionDoctor.showProblems';
  }

  render(s: Snapshot): void {
    const item = this.item;
    item.backgroundColor = undefined;
    const apps = s.diagnoses.flatMap((d) => d.apps);
    if (apps.length === 0 && s.problems.length === 0 && s.state !== 'checking') {
      item.hide();
      return;
    }
    switch (s.state) {
      case 'checking':
        item.text = `$(sync~spin) ${vscode.l10n.t('Sessions: checking')}`;
        break;
      case 'healthy':
        // Nothing wrong among what was checked, but a server database waits for trust: not "OK".
        item.text = waitsForTrust(s) ? `$(shield) ${vscode.l10n.t('Sessions: not checked until trusted')}` : `$(database) ${vscode.l10n.t('Sessions: OK')}`;
        break;
      case 'problem':
        // One problem is named ("Session table missing"); several are counted.
        item.text = `$(warning) ${s.problems.length === 1 ? problemName(s.problems[0]) : vscode.l10n.t('Sessions: {0} problems', s.problems.length)}`;
        item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
        break;
      case 'unknown':
        // A server table left unchecked makes the health unknown; when waiting for trust is the only
        // reason (no table is unknown for another cause), say that rather than "unknown".
        item.text =
          waitsForTrust(s) && !s.diagnoses.some((d) => d.apps.some((a) => a.tableState === 'unknown'))
            ? `$(shield) ${vscode.l10n.t('Sessions: not checked until trusted')}`
            : `$(question) ${vscode.l10n.t('Sessions: unknown')}`;
        break;
    }
    item.tooltip = this.tooltip(s);
    item.accessibilityInformation = { label: item.text.replace(/\$\([^)]*\)\s*/g, '') };
    item.show();
  }

  private tooltip(s: Snapshot): vscode.MarkdownString {
    const md = new vscode.MarkdownString('', true);
    md.isTrusted = { enabledCommands: ['sessionDoctor.checkNow', 'sessionDoctor.showReport', MANAGE_TRUST_COMMAND] };
    md.appendMarkdown(`**${vscode.l10n.t('Session Doctor')}**\n\n`);
    for (const d of s.diagnoses) {
      for (const a of d.apps) {
        const where = path.relative(d.root, a.root) || path.basename(a.root);
        const table = a.sessionTable ? `\`${a.sessionTable}\`` : '';
        const state =
          a.tableState === 'present'
            ? vscode.l10n.t('present')
            : a.tableState === 'missing'
              ? vscode.l10n.t('missing')
              : a.tableState === 'unknown'
                ? vscode.l10n.t('unknown')
                : s.awaitingTrust
                  ? vscode.l10n.t('not checked until trusted')
                  : vscode.l10n.t('not checked');
        // "table `sessions`: missing": the state agrees with "table", not with the table's name.
        md.appendMarkdown(`- ${appFrameworkName(a, plain)} · ${escapeMd(where)}${table ? ` · ${vscode.l10n.t('table {0}: {1}', table, state)}` : ''}`);
        if (a.databaseSource) md.appendMarkdown(` — ${escapeMd(plain(a.databaseSource))}`);
        if (a.unknownReason) md.appendMarkdown(` — ${escapeMd(plain(a.unknownReason))}`);
        md.appendMarkdown('\n');
      }
    }
    if (s.problems.length) {
      md.appendMarkdown('\n');
      for (const p of s.problems) md.appendMarkdown(`$(${p.severity === 'error' ? 'error' : 'warning'}) ${escapeMd(plain(p.message))}\n\n`);
    }
    if (!vscode.workspace.isTrusted) md.appendMarkdown(`\n${trustMarkdown()}\n\n`);
    md.appendMarkdown(
      `\n[${vscode.l10n.t('Check Now')}](command:sessionDoctor.checkNow) · [${vscode.l10n.t('Show Report')}](command:sessionDoctor.showReport)`,
    );
    return md;
  }

  dispose(): void {
    this.item.dispose();
  }
}

/** A server database's table was left unchecked because the workspace is not trusted. */
function waitsForTrust(s: Snapshot): boolean {
  return s.awaitingTrust && s.diagnoses.some((d) => d.apps.some((a) => a.tableState === 'not-checked' && a.dialect !== undefined && a.dialect !== 'sqlite'));
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}
