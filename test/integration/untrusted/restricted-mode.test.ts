// Runs with the `untrusted` label of .vscode-test.mjs: the workspace opens in restricted mode.
// package.json declares untrustedWorkspaces "limited": detection and diagnostics run, every write
// and command is refused with a reason, and nothing on disk changes.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, REPO_ROOT } from '../repo-root';
import { sessionDoctor } from '../support/extensionApi';
import { LARAVEL, LARAVEL_DB, LARAVEL_ENV, PRISMA, PRISMA_DB, PRISMA_SCHEMA, WORKSPACE } from '../support/testWorkspace';
import { diagnosticWithCode } from '../support/waitFor';

interface Manifest {
  capabilities?: { untrustedWorkspaces?: { supported?: boolean | 'limited'; description?: string } };
}

/** The bytes of every file a fix could touch. */
function snapshotFiles(): Map<string, Buffer> {
  return new Map([LARAVEL_ENV, `${LARAVEL_ENV}.example`, LARAVEL_DB, PRISMA_DB, PRISMA_SCHEMA].map((f) => [f, readFileSync(f)]));
}

function assertUnchanged(before: Map<string, Buffer>): void {
  for (const [file, bytes] of before) assert.deepEqual(readFileSync(file), bytes, `${file} changed in restricted mode`);
}

describe('untrusted workspace (restricted mode)', () => {
  it('opens the workspace in restricted mode', () => {
    assert.deepEqual(
      vscode.workspace.workspaceFolders?.map((f) => f.uri.fsPath),
      [WORKSPACE],
    );
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('declares limited support with a reason, and so is loaded and active', async () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
    assert.equal(manifest.capabilities?.untrustedWorkspaces?.supported, 'limited');
    assert.ok(manifest.capabilities?.untrustedWorkspaces?.description);
    await sessionDoctor();
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
  });

  it('still diagnoses: the diagnostics appear in .env and schema.prisma', async () => {
    await diagnosticWithCode(LARAVEL_ENV, 'laravel.sessionTableMissing');
    await diagnosticWithCode(PRISMA_SCHEMA, 'prisma.sessionTableMissing');
    assert.match((await sessionDoctor()).statusText(), /Sessions: 2 problems$/);
  });

  it('offers only "Manage Workspace Trust…" and "Show SQL" (read only) in the lightbulb: the fixes that write or run are disabled', async () => {
    // The provider returns them with `disabled` = { reason }; VS Code's executeCodeActionProvider leaves
    // disabled actions out (the editor's Ctrl+. menu shows them greyed with the reason).
    for (const [file, code] of [
      [LARAVEL_ENV, 'laravel.sessionTableMissing'],
      [PRISMA_SCHEMA, 'prisma.sessionTableMissing'],
    ]) {
      const d = await diagnosticWithCode(file, code);
      await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        vscode.Uri.file(file),
        d.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      assert.deepEqual(
        actions.map((a) => [a.title, a.command?.command, a.edit]),
        [
          ['Manage Workspace Trust…', 'workbench.trust.manage', undefined],
          ['Show the session table SQL', 'sessionDoctor.showSessionSql', undefined],
        ],
        code,
      );
    }
  });

  it('the hover on a diagnostic and the status bar tooltip say fixes need a trusted workspace, with a link to manage trust', async () => {
    const link = '(command:workbench.trust.manage)';
    for (const [file, code] of [
      [LARAVEL_ENV, 'laravel.sessionTableMissing'],
      [PRISMA_SCHEMA, 'prisma.sessionTableMissing'],
    ]) {
      const d = await diagnosticWithCode(file, code);
      await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', vscode.Uri.file(file), d.range.start);
      const texts = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)));
      const ours = texts.filter((t) => t.includes(link));
      assert.equal(ours.length, 1, `${code}: ${JSON.stringify(texts)}`);
      assert.match(ours[0], /Fixes need a trusted workspace/);
      // Away from the diagnostic, no such hover.
      const away = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', vscode.Uri.file(file), new vscode.Position(0, 0));
      assert.ok(!away.some((h) => h.contents.some((c) => (typeof c === 'string' ? c : c.value).includes(link))), code);
    }
    const tooltip = (await sessionDoctor()).statusTooltip();
    assert.ok(tooltip.includes(link) && tooltip.includes('Fixes need a trusted workspace'), tooltip);
  });

  it('sessionDoctor.applyFix refuses the create-table and the .env fixes, even confirmed; no byte changes', async () => {
    const before = snapshotFiles();
    for (const ref of [
      { app: PRISMA, code: 'prisma.sessionTableMissing', fixId: 'prisma.createTable' },
      { app: LARAVEL, code: 'laravel.sessionTableMissing', fixId: 'laravel.createTable' },
      { app: LARAVEL, code: 'laravel.sessionTableMissing', fixId: 'laravel.driver.cookie' },
      { app: LARAVEL, code: 'laravel.sessionTableMissing', fixId: 'laravel.makeSessionTable' },
    ]) {
      assert.equal(await vscode.commands.executeCommand('sessionDoctor.applyFix', ref, { confirmed: true }), 'untrusted', ref.fixId);
    }
    assertUnchanged(before);
    assert.equal((await sessionDoctor()).snapshot().problems.length, 2);
  });

  it('sessionDoctor.createSessionTable refuses at once (no pick of fixes first); no byte changes', async () => {
    const before = snapshotFiles();
    const result = await vscode.commands.executeCommand('sessionDoctor.createSessionTable', { confirmed: true });
    assert.equal(result, 'untrusted');
    assertUnchanged(before);
  });
});
