// Runs with the `french` label (display language fr, through the minimal test language pack): the
// extension's own strings come from l10n/bundle.l10n.fr.json.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { englishTemplate } from '../../../src/core/messages';
import type { Message } from '../../../src/core/model';
import { REPO_ROOT } from '../repo-root';
import { sessionDoctor } from '../support/extensionApi';
import { LARAVEL_ENV, PRISMA_SCHEMA } from '../support/testWorkspace';
import { diagnosticWithCode } from '../support/waitFor';

const FR = JSON.parse(readFileSync(path.join(REPO_ROOT, 'l10n', 'bundle.l10n.fr.json'), 'utf8')) as Record<string, string>;

/** The French text of an English l10n key, with its {n} arguments filled in. */
function french(english: string, args: readonly (string | number)[] = []): string {
  const template = FR[english];
  assert.ok(template, `no French for "${english}" in l10n/bundle.l10n.fr.json`);
  return template.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)]));
}
const frenchMessage = (m: Message) => french(englishTemplate(m), m.args);

describe('French UI', () => {
  it("runs in French: vscode.env.language is 'fr'", () => {
    assert.equal(vscode.env.language, 'fr');
  });

  it('the status bar reads "Sessions : 2 problèmes", and its tooltip agrees "table" with its state', async () => {
    const api = await sessionDoctor();
    await api.settled();
    await diagnosticWithCode(LARAVEL_ENV, 'laravel.sessionTableMissing');
    assert.equal(api.statusText(), `$(warning) ${french('Sessions: {0} problems', [2])}`);
    assert.match(api.statusText(), /Sessions : 2 problèmes$/);
    // "table `sessions` : manquante", not "`sessions` manquante" (a plural name with a feminine singular).
    const tooltip = api.statusTooltip();
    assert.ok(tooltip.includes(french('table {0}: {1}', ['`sessions`', french('missing')])), tooltip);
    assert.ok(tooltip.includes('table `sessions` : manquante'), tooltip);
  });

  for (const [file, code] of [
    [LARAVEL_ENV, 'laravel.sessionTableMissing'],
    [PRISMA_SCHEMA, 'prisma.sessionTableMissing'],
  ] as const) {
    it(`the ${code} diagnostic and its quick fixes are in French`, async () => {
      const api = await sessionDoctor();
      const d = await diagnosticWithCode(file, code);
      const problem = api.snapshot().problems.find((p) => p.code === code)!;
      assert.equal(d.message, frenchMessage(problem.message));
      const english = englishTemplate(problem.message).replace(/\{(\d+)\}/g, (_, i: string) => String(problem.message.args?.[Number(i)]));
      assert.notEqual(d.message, english, 'the French text equals the English one');
      await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        vscode.Uri.file(file),
        d.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      const titles = actions.map((a) => a.title);
      // The lightbulb shows plain text: the catalogue's `code` marks are dropped.
      assert.deepEqual(titles, [
        ...problem.fixes.filter((f) => !f.destructive).map((f) => frenchMessage(f.title).replace(/`/g, '')),
        french('Show the session table SQL'),
      ]);
    });
  }

  it('the report view has its French title', async () => {
    await vscode.commands.executeCommand('sessionDoctor.showReport');
    assert.equal(vscode.window.tabGroups.activeTabGroup.activeTab?.label, french('Session Doctor report'));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
  it("the fix tool's confirmation (prepareInvocation) is in French: title, what changes, and the check tool's progress message", async function () {
    const api = await sessionDoctor();
    if (!api.languageModelTools) {
      console.log(`VS Code ${vscode.version} has no vscode.lm.registerTool (1.95 and later): no language-model tool to check.`);
      this.skip();
    }
    await diagnosticWithCode(PRISMA_SCHEMA, 'prisma.sessionTableMissing');
    const fix = api
      .snapshot()
      .problems.flatMap((p) => p.fixes)
      .find((f) => f.id === 'prisma.createTable')!;
    const c = (await api.languageModelTools.prepare('session-doctor_fix', { fixId: 'prisma.createTable' }))?.confirmationMessages;
    assert.ok(c);
    assert.equal(c.title, french('{0}?', [frenchMessage(fix.title).replace(/`/g, '')]));
    assert.equal(c.title, 'Créer la table Session dans prisma/dev.db ?');
    const body = typeof c.message === 'string' ? c.message : c.message.value;
    assert.ok(body.includes(french('Session Doctor applies fix {0} to {1}. Exactly this changes:', ['prisma.createTable', 'prisma-app'])), body);
    assert.match(body, /CREATE TABLE "Session"/);
    const check = await api.languageModelTools.prepare('session-doctor_check', {});
    assert.equal(check?.invocationMessage, french('Checking the session tables'));
  });
});
