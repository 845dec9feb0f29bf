// Runs in a real VS Code extension host (code-server here, desktop VS Code with
// SESSION_DOCTOR_VSCODE=download): the `english` and `french` labels of .vscode-test.mjs both run it.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, REPO_ROOT } from '../repo-root';

// Each label says which display language it starts VS Code in.
const expectedLanguage = process.env.SESSION_DOCTOR_TEST_LANGUAGE ?? 'en';

describe(`activation in the smoke workspace (${expectedLanguage})`, () => {
  it('opens test/fixtures/workspaces/smoke, and workspace search finds its .env', async () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.deepEqual(
      folders.map((f) => f.uri.fsPath),
      [path.join(REPO_ROOT, 'test', 'fixtures', 'workspaces', 'smoke')],
    );
    // findFiles goes through ripgrep: this also proves the server's search works.
    const found = await vscode.workspace.findFiles('**/.env');
    assert.deepEqual(found.map((u) => path.relative(folders[0].uri.fsPath, u.fsPath)), ['.env']);
  });

  it(`activates ${EXTENSION_ID} from this repository`, async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded`);
    assert.equal(ext.extensionUri.fsPath, REPO_ROOT);
    // package.json declares no activation events yet, so nothing activates it on its own.
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it(`runs VS Code in the display language '${expectedLanguage}'`, () => {
    assert.equal(vscode.env.language, expectedLanguage);
  });
});
