// The README's pictures, taken from the real workbench (code-server + headless Chromium) on the
// bundled broken apps: the status bar, the CodeLens and its "Fix…" pick, the .env lightbulb, a
// notification and the report. Each is a cropped PNG under test-artifacts/readme/; copy the ones the
// README shows into media/readme/ with `npm run screenshots` (which runs this test first).
// Run alone: npx mocha --no-config -n import=tsx --timeout 180000 test/integration/ui/readme-screenshots.ui-test.ts
import * as assert from 'node:assert/strict';
import { appendFileSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { Locator } from 'playwright-core';
import { prepareWorkspace } from '../../../scripts/vscode-test/test-workspaces.mjs';
import { launchWorkbench, type Workbench } from '../../../scripts/vscode-test/ui.mjs';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const SHOTS = path.join(REPO_ROOT, 'test-artifacts', 'readme');
const STATUS_ITEM = 'session-doctor.session-doctor.sessionDoctor.status';
/** A README picture stays small: a crop, not the whole window. */
const MAX_BYTES = 120 * 1024;
const LOG_LINE =
  '[2026-11-22 07:00:00] local.ERROR: SQLSTATE[HY000]: General error: 1 no such table: sessions (Connection: sqlite, SQL: select * from "sessions" where "id" = abc limit 1)\n';

describe('UI: the README screenshots, from the real workbench', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let folder: string;

  before(async () => {
    ({ folder } = prepareWorkspace('apps', 'ui-readme'));
    wb = await launchWorkbench({ workspace: folder, viewport: { width: 1280, height: 800 }, timeoutMs: 60_000 });
  });
  after(async () => {
    await wb?.close();
  });

  /** A PNG of the union of the boxes (plus a margin), clipped to the page; checked small and non-empty. */
  async function crop(name: string, parts: Locator[], margin = 8): Promise<string> {
    const boxes = [];
    for (const p of parts) await settled(p);
    for (const p of parts) {
      const b = await p.boundingBox();
      assert.ok(b, `${name}: a part to crop is not visible`);
      boxes.push(b);
    }
    const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - margin);
    const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - margin);
    const right = Math.min(1280, Math.max(...boxes.map((b) => b.x + b.width)) + margin);
    const bottom = Math.min(800, Math.max(...boxes.map((b) => b.y + b.height)) + margin);
    const file = path.join(SHOTS, `${name}.png`);
    await wb.page.screenshot({ path: file, clip: { x, y, width: right - x, height: bottom - y } });
    const bytes = readFileSync(file);
    assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG');
    const size = statSync(file).size;
    assert.ok(size > 2_000 && size <= MAX_BYTES, `${name}.png is ${size} bytes`);
    return file;
  }

  /** Waits until the element stops moving (a toast slides in, a menu fades in). */
  async function settled(part: Locator): Promise<void> {
    let last = '';
    for (let i = 0; i < 50; i++) {
      const now = JSON.stringify(await part.boundingBox());
      if (now === last) return;
      last = now;
      await wb.page.waitForTimeout(150);
    }
    assert.fail('the element kept moving');
  }

  async function goToLine(line: number): Promise<void> {
    const { page } = wb;
    await page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(`:${line}:1`);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  it('status bar: two problems, with the tooltip that names them', async () => {
    const { page } = wb;
    const item = page.locator(`.part.statusbar [id="${STATUS_ITEM}"]`);
    await item.filter({ hasText: 'Sessions: 2 problems' }).waitFor();
    await item.hover();
    const hover = page.locator('.workbench-hover, .monaco-hover').filter({ hasText: 'Check Now' }).first();
    await hover.waitFor();
    await crop('status-bar', [item, hover]);
  });

  it('CodeLens above the Prisma session model; "Fix…" opens the problem\'s fixes', async () => {
    const { page } = wb;
    await wb.openFile('prisma-app/prisma/schema.prisma');
    const editor = page.locator('.editor-group-container.active .monaco-editor').first();
    const lens = editor.locator('.codelens-decoration', { hasText: 'table Session missing in prisma/dev.db' });
    await lens.waitFor();
    const model = editor.locator('.view-line', { hasText: 'model Session' });
    await crop('codelens', [lens, model, editor.locator('.view-line', { hasText: 'user       User' })], 16);
    await lens.locator('a', { hasText: 'Fix…' }).click();
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: 'Show Report' }).waitFor();
    const offered = (await rows.allInnerTexts()).map((s) => s.trim().split('\n')[0]);
    assert.ok(
      offered.some((r) => r.startsWith('Create table Session')),
      JSON.stringify(offered),
    );
    assert.ok(
      offered.some((r) => r.startsWith('Run prisma db push') || /db push/.test(r)),
      JSON.stringify(offered),
    );
    await crop('codelens-fix', [page.locator('.quick-input-widget')]);
    await page.keyboard.press('Escape');
  });

  it('lightbulb on SESSION_DRIVER in the Laravel .env', async () => {
    const { page } = wb;
    await wb.openFile('laravel-api/.env');
    const editor = page.locator('.editor-group-container.active .monaco-editor').first();
    await editor.locator('.squiggly-error, .squiggly-warning').first().waitFor();
    await goToLine(12);
    // The lens comes from the same diagnosis as the squiggle, but VS Code asks for lenses on its
    // own schedule: wait for it before the lightbulb's menu covers the editor.
    const lens = editor.locator('.codelens-decoration', { hasText: 'table sessions missing' });
    await lens.first().waitFor({ timeout: 90_000 });
    const rows = page.locator('.action-widget .monaco-list-row.action');
    for (let i = 0; ; i++) {
      await page.keyboard.press('Control+.');
      const shown = await rows
        .filter({ hasText: 'SESSION_DRIVER=cookie' })
        .first()
        .waitFor({ timeout: 5_000 })
        .then(
          () => true,
          () => false,
        );
      if (shown) break;
      assert.ok(i < 5, 'the lightbulb never offered the SESSION_DRIVER fix');
      await page.keyboard.press('Escape');
    }
    await crop('lightbulb', [page.locator('.action-widget'), lens], 16);
    await page.keyboard.press('Escape');
    await page.locator('.action-widget').waitFor({ state: 'hidden' });
  });

  it('notification for an error in the Laravel log', async () => {
    const { page } = wb;
    appendFileSync(path.join(folder, 'laravel-api', 'storage', 'logs', 'laravel.log'), LOG_LINE);
    const toast = page.locator('.notification-toast', { hasText: 'does not exist' });
    await toast.locator('.monaco-button', { hasText: 'More Fixes…' }).waitFor();
    await crop('notification', [toast]);
  });

  it('report', async () => {
    const { page } = wb;
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill('>Session Doctor: Show Report');
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Show Report' }).waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: 'Session Doctor report' }).waitFor();
    // The report's text is inside the webview's nested frames.
    const body = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame').locator('body');
    await body.getByText('prisma/dev.db').first().waitFor();
    const group = page.locator('.editor-group-container.active');
    const box = await group.boundingBox();
    assert.ok(box);
    const file = path.join(SHOTS, 'report.png');
    await page.screenshot({ path: file, clip: { x: box.x, y: box.y, width: Math.min(box.width, 760), height: Math.min(box.height, 520) } });
    const size = statSync(file).size;
    assert.ok(size > 2_000 && size <= MAX_BYTES, `report.png is ${size} bytes`);
  });
});
