import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Session Doctor', { log: true });
  context.subscriptions.push(log);
  log.info('Session Doctor activated');
}

export function deactivate(): void {}
