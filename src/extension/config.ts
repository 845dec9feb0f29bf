import * as vscode from 'vscode';

/** Typed access to the `sessionDoctor.*` settings (declared in package.json). */
interface Settings {
  watchTerminals: boolean;
  warnNoShellIntegration: boolean;
  watchLogs: boolean;
  watchDebugConsole: boolean;
  sessionModel: string;
  sessionTable: string;
  preferredDriver: 'cookie' | 'file';
  applySizeCapMB: number;
  liveChecks: boolean;
  notifications: boolean;
  /** The Prisma app's database as the user names it; '' when unset. SECRET: may hold a password. */
  databaseUrl: string;
  codeLens: boolean;
}

export function readSettings(scope?: vscode.ConfigurationScope): Settings {
  const c = vscode.workspace.getConfiguration('sessionDoctor', scope);
  return {
    watchTerminals: c.get('watchTerminals', true),
    warnNoShellIntegration: c.get('warnNoShellIntegration', true),
    watchLogs: c.get('watchLogs', true),
    watchDebugConsole: c.get('watchDebugConsole', true),
    sessionModel: c.get('sessionModel', ''),
    sessionTable: c.get('sessionTable', ''),
    preferredDriver: c.get<string>('preferredDriver', 'cookie') === 'file' ? 'file' : 'cookie',
    applySizeCapMB: c.get('applySizeCapMB', 512),
    liveChecks: c.get('liveChecks', true),
    notifications: c.get('notifications', true),
    databaseUrl: c.get<string>('databaseUrl', '').trim(),
    codeLens: c.get('codeLens', true),
  };
}
