// A person's view (code-server + headless Chromium): "Reset Database" must never run on a reflex
// Enter. The modal only explains (its one regular button, the focused one, is "Continue…"); the
// choice is a quick pick whose focused row is the safe one, so Enter there changes nothing. The
// destructive row is offered, but only a deliberate pick reaches it.
// Run alone: npx mocha --no-config -n import=tsx --timeout 180000 test/integration/ui/reset-database.ui-test.ts
import * as assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { prepareWorkspace } from '../../../scripts/vscode-test/test-workspaces.mjs';
import { launchWorkbench, type Workbench } from '../../../scripts/vscode-test/ui.mjs';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
const STATUS_ITEM = 'session-doctor.session-doctor.sessionDoctor.status';

describe('UI: Reset Database keeps the data unless the destructive choice is picked on purpose', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let db: string;
  let dbBefore: Buffer;

  before(async () => {
    const { folder } = prepareWorkspace('apps', 'ui-reset');
    rmSync(path.join(folder, 'laravel-api'), { recursive: true });
    db = path.join(folder, 'prisma-app', 'prisma', 'dev.db');
    dbBefore = readFileSync(db);
    wb = await launchWorkbench({ workspace: folder, viewport: { width: 1280, height: 800 }, timeoutMs: 60_000 });
  });
  after(async () => {
    await wb?.close();
  });

  /** The element that has the keyboard focus: where it is and what it says. */
  async function focused(): Promise<{ text: string; inDialog: boolean; inQuickInput: boolean }> {
    const { page } = wb;
    const el = page.locator(':focus');
    assert.equal(await el.count(), 1, 'exactly one element has the focus');
    return {
      text: (await el.innerText().catch(() => '')).trim(),
      inDialog: (await page.locator('.monaco-dialog-box :focus').count()) === 1,
      inQuickInput: (await page.locator('.quick-input-widget :focus').count()) === 1,
    };
  }

  async function startReset(): Promise<void> {
    const { page } = wb;
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill('>Session Doctor: Reset Database');
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Reset Database' }).waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.monaco-dialog-box').waitFor();
  }

  it('the modal focuses a harmless "Continue…"; the quick pick behind it focuses "Cancel and keep all data"; Enter twice changes nothing', async () => {
    const { page } = wb;
    // The Prisma app is found (and its reset command with it) once the first diagnosis is in: the
    // status bar then names its one problem ("Sessions: checking" before that must not count).
    await page.locator(`.part.statusbar [id="${STATUS_ITEM}"]`, { hasText: 'Session table missing' }).waitFor();
    await startReset();
    const dialog = page.locator('.monaco-dialog-box');
    const buttons = await dialog.locator('.dialog-buttons .monaco-button').allInnerTexts();
    assert.ok(!buttons.some((b) => /reset|lose/i.test(b)), `the modal offers a destructive button: ${JSON.stringify(buttons)}`);
    assert.match(await dialog.innerText(), /Every row in every table is lost/);
    const inModal = await focused();
    assert.equal(inModal.inDialog, true, JSON.stringify(inModal));
    assert.equal(inModal.text, 'Continue…');
    await wb.screenshot(path.join(ARTIFACTS, 'reset-database-modal.png'));

    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: 'Reset and lose all data' }).waitFor();
    assert.deepEqual(
      (await rows.allInnerTexts()).map((s) => s.trim()),
      ['Cancel and keep all data', 'Reset and lose all data'],
    );
    assert.equal((await page.locator('.quick-input-list .monaco-list-row.focused').innerText()).trim(), 'Cancel and keep all data');
    const inPick = await focused();
    assert.equal(inPick.inQuickInput, true, JSON.stringify(inPick));
    await wb.screenshot(path.join(ARTIFACTS, 'reset-database-choice.png'));

    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    // Nothing ran: no task terminal named after the reset, and the database is byte for byte the same.
    assert.equal(await page.locator('.terminal-tabs-entry, .single-terminal-tab', { hasText: /migrate reset/ }).count(), 0);
    assert.deepEqual(readFileSync(db), dbBefore);
  });

  it('Escape in the modal or in the quick pick cancels too', async () => {
    const { page } = wb;
    await startReset();
    await page.keyboard.press('Escape');
    await page.locator('.monaco-dialog-box').waitFor({ state: 'detached' });
    await startReset();
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Reset and lose all data' }).waitFor();
    await page.keyboard.press('Escape');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    assert.deepEqual(readFileSync(db), dbBefore);
  });
});
