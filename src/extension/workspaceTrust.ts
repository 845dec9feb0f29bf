import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from './diagnostics';

/** VS Code's own "Manage Workspace Trust" editor. */
export const MANAGE_TRUST_COMMAND = 'workbench.trust.manage';

/** Why no fix is offered in restricted mode, for every surface that would offer one. */
export function fixesNeedTrust(): string {
  return vscode.l10n.t('Fixes need a trusted workspace: in restricted mode Session Doctor only reads.');
}

export function manageTrustLabel(): string {
  return vscode.l10n.t('Manage Workspace Trust');
}

/** "Fixes need a trusted workspace … [Manage Workspace Trust]" as Markdown (the link runs the command). */
export function trustMarkdown(): string {
  return `$(shield) ${fixesNeedTrust()} [${manageTrustLabel()}](command:${MANAGE_TRUST_COMMAND})`;
}

/**
 * In restricted mode the lightbulb's fixes are disabled; this hover, on Session Doctor's own
 * diagnostics, says why and links to the trust editor.
 */
export class UntrustedHover implements vscode.HoverProvider {
  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    if (vscode.workspace.isTrusted) return undefined;
    const ours = vscode.languages.getDiagnostics(document.uri).find((d) => d.source === DIAGNOSTIC_SOURCE && d.range.contains(position));
    if (!ours) return undefined;
    const md = new vscode.MarkdownString(trustMarkdown(), true);
    md.isTrusted = { enabledCommands: [MANAGE_TRUST_COMMAND] };
    return new vscode.Hover(md, ours.range);
  }
}
