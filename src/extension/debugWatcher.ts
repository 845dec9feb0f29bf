import * as vscode from 'vscode';
import { Scanner } from '../core/detect/scanner';
import { readSettings } from './config';
import { FindingSink } from './findingSink';

interface DapOutputEvent {
  type?: string;
  event?: string;
  body?: { output?: unknown; category?: unknown };
}

/** Scans debug-console output (DAP `output` events) of every debug session. */
export function registerDebugWatcher(sink: FindingSink, sessionTables: () => string[]): vscode.Disposable {
  return vscode.debug.registerDebugAdapterTrackerFactory('*', {
    createDebugAdapterTracker(session) {
      if (!readSettings().watchDebugConsole) return undefined;
      const scanner = new Scanner({ sessionTables: sessionTables() });
      const source = vscode.l10n.t('debug session {0}', session.name);
      return {
        onDidSendMessage(m: DapOutputEvent) {
          if (m.type === 'event' && m.event === 'output' && typeof m.body?.output === 'string' && m.body.category !== 'telemetry')
            sink(scanner.write(m.body.output), source);
        },
        onWillStopSession() {
          sink(scanner.end(), source);
        },
      };
    },
  });
}
