import * as vscode from 'vscode';
import { DiagnosisStore } from './diagnosisStore';

/** What can change a diagnosis: schemas, env files, Prisma config, SQLite files and their -wal, Laravel's config cache, migrations. */
export const WATCHED_GLOBS = [
  '**/*.prisma',
  '**/.env*',
  '**/prisma.config.{ts,mts,cts,js,mjs,cjs}',
  '**/*.{db,sqlite,sqlite3}',
  '**/*.{db,sqlite,sqlite3}-{wal,journal}',
  '**/bootstrap/cache/config.php',
  '**/migrations/**',
  '**/config/{session,database}.php',
  '**/{artisan,composer.json,composer.lock,package.json}',
];

/** Re-diagnoses (debounced by the store) whenever a watched file or a setting changes. */
export function registerFileWatchers(store: DiagnosisStore): vscode.Disposable {
  const subs: vscode.Disposable[] = [];
  const poke = (uri?: vscode.Uri) => {
    if (uri && /[\\/](node_modules|\.git)[\\/]/.test(uri.fsPath)) return;
    store.schedule();
  };
  for (const glob of WATCHED_GLOBS) {
    const w = vscode.workspace.createFileSystemWatcher(glob);
    subs.push(w, w.onDidCreate(poke), w.onDidChange(poke), w.onDidDelete(poke));
  }
  subs.push(
    vscode.workspace.onDidChangeWorkspaceFolders(() => poke()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => poke()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('sessionDoctor')) poke();
    }),
  );
  return vscode.Disposable.from(...subs);
}
