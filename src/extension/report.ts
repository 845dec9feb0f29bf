import * as vscode from 'vscode';
import { ENGLISH_LABELS, renderMarkdownReport, ReportLabels } from '../core/report/markdownReport';
import { DiagnosisStore } from './diagnosisStore';
import { t } from './l10n';

function labels(): ReportLabels {
  const out = {} as ReportLabels;
  // A label with placeholders ("table {0}: {1}") keeps them for the report to fill in.
  for (const [k, v] of Object.entries(ENGLISH_LABELS)) out[k as keyof ReportLabels] = vscode.l10n.t(v, '{0}', '{1}');
  return out;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** "Show Report": the core's Markdown report, rendered by VS Code's own Markdown engine into a webview. */
export class ReportView implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private readonly sub: vscode.Disposable;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: DiagnosisStore,
  ) {
    this.sub = store.onDidChange(() => {
      if (this.panel) void this.update();
    });
  }

  markdown(): string {
    const s = this.store.snapshot;
    // Server tables left unchecked in restricted mode wait for trust, as the status bar says.
    const l = s.awaitingTrust ? { ...labels(), notChecked: vscode.l10n.t('not checked until trusted') } : labels();
    return renderMarkdownReport(s.diagnoses, s.runtimeProblems, l, t);
  }

  async show(): Promise<void> {
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('sessionDoctor.report', vscode.l10n.t('Session Doctor report'), vscode.ViewColumn.Active, {
        enableScripts: false,
        localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media')],
      });
      this.panel.onDidDispose(() => (this.panel = undefined));
    } else {
      this.panel.reveal();
    }
    await this.update();
  }

  private async update(): Promise<void> {
    const panel = this.panel;
    if (!panel) return;
    const md = this.markdown();
    let body: string;
    try {
      body = await vscode.commands.executeCommand<string>('markdown.api.render', md);
    } catch {
      body = `<pre>${escapeHtml(md)}</pre>`;
    }
    const css = panel.webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'report.css'));
    const csp = `default-src 'none'; style-src ${panel.webview.cspSource}; img-src ${panel.webview.cspSource} data:;`;
    panel.webview.html = `<!DOCTYPE html><html lang="${escapeHtml(vscode.env.language)}"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><link rel="stylesheet" href="${css}"><title>${escapeHtml(vscode.l10n.t('Session Doctor report'))}</title></head><body>${body}</body></html>`;
  }

  dispose(): void {
    this.sub.dispose();
    this.panel?.dispose();
  }
}
