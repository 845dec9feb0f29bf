import * as vscode from 'vscode';

const SQL_PREVIEW_SCHEME = 'session-doctor-sql';

/** An SQL document open beside the editor; `close()` closes its tab (nothing to save: it is read-only). */
interface OpenSqlPreview {
  readonly uri: vscode.Uri;
  close(): Promise<void>;
}

/**
 * Shows SQL a user must approve as SQL: a read-only `sql` document beside the active editor, so it
 * is monospaced, highlighted and keeps its indentation. The text is served from memory under its
 * own scheme, so the document is never dirty and closes without a "Save?" prompt.
 */
export class SqlPreview implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(SQL_PREVIEW_SCHEME, this);
  private next = 0;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** Opens `sql` beside the editor without taking the focus; `name` is the tab's title (ends in .sql). */
  async show(sql: string, name: string): Promise<OpenSqlPreview> {
    const uri = vscode.Uri.from({ scheme: SQL_PREVIEW_SCHEME, path: `/${name}`, query: String(++this.next) });
    this.texts.set(uri.toString(), sql);
    const doc = await vscode.workspace.openTextDocument(uri);
    const shown = doc.languageId === 'sql' ? doc : await vscode.languages.setTextDocumentLanguage(doc, 'sql');
    await vscode.window.showTextDocument(shown, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: true });
    return {
      uri,
      close: async () => {
        const tabs = vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString());
        if (tabs.length) await vscode.window.tabGroups.close(tabs);
        this.texts.delete(uri.toString());
      },
    };
  }

  dispose(): void {
    this.registration.dispose();
    this.texts.clear();
  }
}
