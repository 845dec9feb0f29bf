import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import { Scanner } from '../core/detect/scanner';
import { readSettings } from './config';
import { FindingSink } from './findingSink';

/** At most this much new log is read per change event; a burst larger than that is skipped to its end. */
const MAX_READ_BYTES = 8 * 1024 * 1024;

interface Tail {
  offset: number;
  scanner: Scanner;
  reading: Promise<void>;
}

/**
 * Tails Laravel logs (`storage/logs/*.log`, daily files included), reading only bytes appended since
 * the last look; a file that shrank was rotated and is read from its start.
 */
export function registerLogWatcher(sink: FindingSink, sessionTables: () => string[]): vscode.Disposable {
  const tails = new Map<string, Tail>();

  const tailOf = async (file: string, fromStart: boolean): Promise<Tail> => {
    let t = tails.get(file);
    if (!t) {
      let size = 0;
      if (!fromStart)
        size = await fs.stat(file).then(
          (s) => s.size,
          () => 0,
        );
      t = { offset: size, scanner: new Scanner({ sessionTables: sessionTables() }), reading: Promise.resolve() };
      tails.set(file, t);
    }
    return t;
  };

  const readNew = async (file: string, t: Tail): Promise<void> => {
    let size: number;
    try {
      size = (await fs.stat(file)).size;
    } catch {
      tails.delete(file);
      return;
    }
    if (size < t.offset) {
      t.offset = 0; // rotated or truncated
      t.scanner = new Scanner({ sessionTables: sessionTables() });
    }
    if (size - t.offset > MAX_READ_BYTES) t.offset = size - MAX_READ_BYTES;
    if (size === t.offset) return;
    const h = await fs.open(file, 'r');
    try {
      const buf = Buffer.alloc(size - t.offset);
      const { bytesRead } = await h.read(buf, 0, buf.length, t.offset);
      t.offset += bytesRead;
      sink(t.scanner.write(buf.subarray(0, bytesRead)), vscode.workspace.asRelativePath(file));
    } finally {
      await h.close();
    }
  };

  const onChange = (uri: vscode.Uri, created: boolean) => {
    if (uri.scheme !== 'file' || !readSettings(uri).watchLogs) return;
    void (async () => {
      const t = await tailOf(uri.fsPath, created);
      t.reading = t.reading.then(() => readNew(uri.fsPath, t)).catch(() => undefined);
    })();
  };

  const watcher = vscode.workspace.createFileSystemWatcher('**/storage/logs/*.log');
  // Existing logs: remember their size now, so only new lines count.
  void vscode.workspace.findFiles('**/storage/logs/*.log', '**/node_modules/**', 50).then((uris) => Promise.all(uris.map((u) => tailOf(u.fsPath, false))));
  return vscode.Disposable.from(
    watcher,
    watcher.onDidChange((u) => onChange(u, false)),
    watcher.onDidCreate((u) => onChange(u, true)),
    watcher.onDidDelete((u) => tails.delete(u.fsPath)),
  );
}
