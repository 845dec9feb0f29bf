// A person's view (code-server + headless Chromium): a missing-table error appended to the Laravel
// log raises a notification whose buttons can be read. At most two short buttons: the diagnosis'
// preferred fix first, then "More Fixes…", which opens that problem's quick pick with every fix.
// Every button's text fits its button (nothing cut off with an ellipsis).
// Run alone: npx mocha --no-config -n import=tsx --timeout 180000 test/integration/ui/notification.ui-test.ts
import * as assert from 'node:assert/strict';
import { appendFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { prepareWorkspace } from '../../../scripts/vscode-test/test-workspaces.mjs';
import { launchWorkbench, type Workbench } from '../../../scripts/vscode-test/ui.mjs';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
const STATUS_ITEM = 'session-doctor.session-doctor.sessionDoctor.status';
/** A Laravel 11 query-builder error, as written to storage/logs/laravel.log. */
const LOG_LINE =
  '[2026-11-22 07:00:00] local.ERROR: SQLSTATE[HY000]: General error: 1 no such table: sessions (Connection: sqlite, SQL: select * from "sessions" where "id" = abc limit 1)\n';

describe('UI: the notification for a detected error has two short, readable buttons', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let log: string;

  before(async () => {
    const { folder } = prepareWorkspace('apps', 'ui-notify');
    rmSync(path.join(folder, 'prisma-app'), { recursive: true });
    log = path.join(folder, 'laravel-api', 'storage', 'logs', 'laravel.log');
    wb = await launchWorkbench({ workspace: folder, viewport: { width: 1280, height: 800 }, timeoutMs: 60_000 });
  });
  after(async () => {
    await wb?.close();
  });

  it('shows the preferred fix and "More Fixes…", each fully readable; "More Fixes…" lists every fix of the problem', async () => {
    const { page } = wb;
    // The diagnosis is in (the log watcher ties the error to the app's own problem).
    await page.locator(`.part.statusbar [id="${STATUS_ITEM}"]`, { hasText: /Session table missing|problem/ }).waitFor();
    appendFileSync(log, LOG_LINE);
    const toast = page.locator('.notification-toast', { hasText: 'does not exist' });
    await toast.waitFor();
    const buttons = toast.locator('.monaco-button');
    await buttons.first().waitFor();
    const labels = (await buttons.allInnerTexts()).map((s) => s.trim());
    // The Laravel API's preferred fix is the cookie driver (a token-authenticated API).
    assert.deepEqual(labels, ['Use Cookie Sessions', 'More Fixes…']);
    for (const b of await buttons.all()) {
      const size = await b.evaluate((el) => ({ text: el.textContent ?? '', scroll: el.scrollWidth, client: el.clientWidth }));
      assert.ok(size.client > 0, `button "${size.text}" is not rendered`);
      assert.ok(size.scroll <= size.client, `button "${size.text}" is cut off: ${size.scroll}px of text in ${size.client}px`);
    }
    // The first button is the primary one (VS Code styles the others as secondary).
    assert.deepEqual(await buttons.evaluateAll((els) => els.map((el) => el.classList.contains('secondary'))), [false, true]);
    await wb.screenshot(path.join(ARTIFACTS, 'notification.png'));

    await buttons.filter({ hasText: 'More Fixes…' }).click();
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.filter({ hasText: 'Show Report' }).waitFor();
    const offered = (await rows.allInnerTexts()).map((s) => s.trim().split('\n')[0]);
    assert.ok(
      offered.some((r) => r.startsWith('Set SESSION_DRIVER=cookie in .env')),
      JSON.stringify(offered),
    );
    assert.ok(
      offered.some((r) => r.startsWith('Create table sessions')),
      JSON.stringify(offered),
    );
    assert.ok(!offered.some((r) => r.includes('`')), `backticks in the quick pick: ${JSON.stringify(offered)}`);
    await wb.screenshot(path.join(ARTIFACTS, 'notification-more-fixes.png'));
    await page.keyboard.press('Escape');
  });
});
