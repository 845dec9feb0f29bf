import * as vscode from 'vscode';
import { createServices, SessionDoctorApi } from './services';

export function activate(context: vscode.ExtensionContext): SessionDoctorApi {
  const started = Date.now();
  const log = vscode.window.createOutputChannel('Session Doctor', { log: true });
  context.subscriptions.push(log);
  try {
    const api = createServices(context, log, started);
    log.info(`Session Doctor activated in ${api.activationMs} ms`);
    return api;
  } catch (e) {
    // A failed activation must be visible, not a silent no-op.
    const message = e instanceof Error ? e.message : String(e);
    log.error(`Activation failed: ${message}`);
    void vscode.window.showErrorMessage(vscode.l10n.t('Session Doctor failed to start: {0}', message));
    throw e;
  }
}

export function deactivate(): void {}
