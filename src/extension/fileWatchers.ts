import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Diagnosis } from '../core/problems/diagnosis';
import { WatchSet } from '../core/problems/watchSet';
import { inSkippedFolder } from '../core/read/findFiles';
import { DiagnosisStore } from './diagnosisStore';
import { DisposableStore } from './disposableStore';

/** Calls `poke` for each create, change or delete event of `w` that `relevant` accepts; owned by `subs`. */
function listen(subs: DisposableStore, w: vscode.FileSystemWatcher, relevant: (uri: vscode.Uri) => boolean, poke: () => void): void {
  subs.add(w);
  const on = (uri: vscode.Uri) => {
    if (relevant(uri)) poke();
  };
  subs.add(w.onDidCreate(on));
  subs.add(w.onDidChange(on));
  subs.add(w.onDidDelete(on));
}

/**
 * Watches exactly the files the latest diagnosis lists (`AppReport.watchFiles`, through WatchSet).
 * Inside the workspace, the workspace's own recursive watcher already sees every file: one pattern
 * over it, checked against the list, adds no watcher. A listed file outside the workspace (a
 * database named by a `../` path or a setting) is watched in its folder, without recursion; a
 * listed folder out there (migrations) with it.
 */
class ListedFiles implements vscode.Disposable {
  private set = new WatchSet([]);
  private readonly subs = new DisposableStore();
  /** Watchers outside the workspace, by `folder\0pattern`. */
  private outside = new Map<string, DisposableStore>();
  private generation = 0;

  constructor(private readonly poke: () => void) {
    listen(this.subs, vscode.workspace.createFileSystemWatcher('**'), (uri) => uri.scheme === 'file' && this.set.covers(uri.fsPath), poke);
  }

  update(next: WatchSet): void {
    if (next.equals(this.set)) return;
    this.set = next;
    void this.watchOutside(next, ++this.generation);
  }

  private async watchOutside(set: WatchSet, generation: number): Promise<void> {
    const wanted = new Map<string, vscode.RelativePattern>();
    for (const p of set.paths) {
      if (vscode.workspace.getWorkspaceFolder(vscode.Uri.file(p))) continue;
      const parent = vscode.Uri.file(path.dirname(p));
      wanted.set(`${parent.fsPath}\0*`, new vscode.RelativePattern(parent, '*'));
      if (await isFolder(p)) wanted.set(`${p}\0**`, new vscode.RelativePattern(vscode.Uri.file(p), '**'));
    }
    // A newer diagnosis arrived while this one was looking at folders: it decides.
    if (generation !== this.generation || this.subs.isDisposed) return;
    for (const [key, watcher] of this.outside) {
      if (wanted.has(key)) continue;
      watcher.dispose();
      this.outside.delete(key);
    }
    for (const [key, pattern] of wanted) {
      if (this.outside.has(key)) continue;
      const one = new DisposableStore();
      listen(one, vscode.workspace.createFileSystemWatcher(pattern), (uri) => this.set.covers(uri.fsPath), this.poke);
      this.outside.set(key, one);
    }
  }

  dispose(): void {
    this.generation++;
    for (const w of this.outside.values()) w.dispose();
    this.outside.clear();
    this.subs.dispose();
  }
}

async function isFolder(p: string): Promise<boolean> {
  try {
    return (await vscode.workspace.fs.stat(vscode.Uri.file(p))).type === vscode.FileType.Directory;
  } catch {
    return false;
  }
}

/**
 * Re-diagnoses (debounced by the store) when a file the diagnosis lists changes, when a file
 * appears that can make a new app (every stack's markers, which each diagnosis carries), and when the
 * workspace folders, the trust or a setting change. The watch list follows every diagnosis.
 */
export function registerFileWatchers(store: DiagnosisStore): vscode.Disposable {
  const subs = new DisposableStore();
  const poke = () => store.schedule();
  // The markers come with the diagnosis (the stacks are loaded with it, not at activation); they
  // are the same for every diagnosis, so their watchers are made once.
  const watchedMarkers = new Set<string>();
  const watchMarkers = (diagnoses: readonly Diagnosis[]) => {
    for (const glob of diagnoses.flatMap((d) => d.markers)) {
      if (watchedMarkers.has(glob)) continue;
      watchedMarkers.add(glob);
      listen(subs, vscode.workspace.createFileSystemWatcher(glob), (uri) => !inSkippedFolder(vscode.workspace.asRelativePath(uri, false)), poke);
    }
  };
  const listed = subs.add(new ListedFiles(poke));
  listed.update(WatchSet.of(store.snapshot.diagnoses));
  watchMarkers(store.snapshot.diagnoses);
  subs.add(
    store.onDidChange((s) => {
      if (s.state === 'checking') return;
      listed.update(WatchSet.of(s.diagnoses));
      watchMarkers(s.diagnoses);
    }),
  );
  subs.add(vscode.workspace.onDidChangeWorkspaceFolders(() => poke()));
  subs.add(vscode.workspace.onDidGrantWorkspaceTrust(() => poke()));
  subs.add(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('sessionDoctor')) poke();
    }),
  );
  return subs;
}
