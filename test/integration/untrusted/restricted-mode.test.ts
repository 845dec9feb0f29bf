// Runs with the `untrusted` label of .vscode-test.mjs: the workspace opens in restricted mode.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, REPO_ROOT } from '../repo-root';

interface Manifest {
  capabilities?: { untrustedWorkspaces?: { supported?: boolean | 'limited' } };
}

describe('untrusted workspace', () => {
  it('opens the smoke workspace in restricted mode', () => {
    assert.equal(vscode.workspace.workspaceFolders?.length, 1);
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('loads the extension exactly when package.json declares untrusted-workspace support', async () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
    const supported = manifest.capabilities?.untrustedWorkspaces?.supported;
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    if (supported === true || supported === 'limited') {
      assert.ok(ext, `${EXTENSION_ID} declares untrusted support but is not loaded`);
      await ext.activate();
      assert.equal(ext.isActive, true);
    } else {
      // Without the declaration VS Code disables the extension in restricted mode.
      assert.equal(ext, undefined, `${EXTENSION_ID} runs in restricted mode without declaring support`);
    }
  });
});
