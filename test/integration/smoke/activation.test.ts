// Runs in a real VS Code extension host (code-server here, desktop VS Code with
// SESSION_DOCTOR_VSCODE=download): the `english` and `french` labels of .vscode-test.mjs both run it.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, REPO_ROOT } from '../repo-root';
import { WORKSPACE } from '../support/testWorkspace';

// Each label says which display language it starts VS Code in.
const expectedLanguage = process.env.SESSION_DOCTOR_TEST_LANGUAGE ?? 'en';

describe(`activation in the apps workspace (${expectedLanguage})`, () => {
  it('opens the copy of test/fixtures/workspaces/apps made for this label, and workspace search finds its .env files', async () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.deepEqual(
      folders.map((f) => f.uri.fsPath),
      [WORKSPACE],
    );
    assert.ok(WORKSPACE.startsWith(path.join(REPO_ROOT, '.test-tmp') + path.sep), `${WORKSPACE} is not a throw-away copy`);
    // findFiles goes through ripgrep: this also proves the server's search works.
    const found = await vscode.workspace.findFiles('**/.env');
    assert.deepEqual(found.map((u) => path.relative(folders[0].uri.fsPath, u.fsPath)).sort(), ['laravel-api/.env', 'prisma-app/.env']);
  });

  it(`activates ${EXTENSION_ID} from this repository`, async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded`);
    assert.equal(ext.extensionUri.fsPath, REPO_ROOT);
    // workspaceContains:artisan-style events activate it on their own; activate() just waits for that.
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it(`runs VS Code in the display language '${expectedLanguage}'`, () => {
    assert.equal(vscode.env.language, expectedLanguage);
  });
});
