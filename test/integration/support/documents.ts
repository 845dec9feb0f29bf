// Keeps VS Code's in-memory documents in step with files the tests rewrite on disk.
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { nextEvent } from './waitFor';

/**
 * Opens `file` and waits until VS Code's document shows what is on disk now (an open, clean
 * document is reloaded when its file changes; until then an edit would apply to stale text).
 */
export async function documentInStepWithDisk(file: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const disk = () => readFileSync(file, 'utf8');
  if (doc.getText() !== disk()) {
    await nextEvent(vscode.workspace.onDidChangeTextDocument, (e) => e.document === doc && doc.getText() === disk(), `reload of ${file}`);
  }
  return doc;
}
