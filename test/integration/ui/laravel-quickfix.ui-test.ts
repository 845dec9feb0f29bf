// A person's view (code-server + headless Chromium, driven by Playwright): open the Laravel .env,
// open the lightbulb with Ctrl+., pick "Set SESSION_DRIVER=cookie in .env"; the file changes on disk
// and Session Doctor's status bar item turns to "Sessions: OK". Screenshots go to test-artifacts/.
// Run: bash scripts/vscode-test/run.sh, or alone:
//   npx mocha --no-config -n import=tsx --timeout 180000 test/integration/ui/laravel-quickfix.ui-test.ts
import * as assert from 'node:assert/strict';
import { readFileSync, rmSync, watch } from 'node:fs';
import * as path from 'node:path';
import { prepareWorkspace } from '../../../scripts/vscode-test/test-workspaces.mjs';
import { launchWorkbench, type Workbench } from '../../../scripts/vscode-test/ui.mjs';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
const STATUS_ITEM = 'session-doctor.session-doctor.sessionDoctor.status';
const COOKIE_FIX = 'Set SESSION_DRIVER=cookie in .env';

/** Resolves once `file` holds `expected` (fs.watch on its folder; rejects after timeoutMs). */
function fileBecomes(file: string, expected: Buffer, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      let now: Buffer | undefined;
      try {
        now = readFileSync(file);
      } catch {
        return false; // mid-save
      }
      return now.equals(expected);
    };
    const watcher = watch(path.dirname(file), () => {
      if (check()) done();
    });
    const timer = setTimeout(() => {
      watcher.close();
      reject(new Error(`${file} did not change to the expected bytes within ${timeoutMs} ms; it holds:\n${readFileSync(file, 'utf8')}`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      watcher.close();
      resolve();
    };
    if (check()) done();
  });
}

describe('UI: the SESSION_DRIVER quick fix in the Laravel .env (code-server + Chromium)', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let env: string;
  let original: Buffer;

  before(async () => {
    // A fresh copy of the apps fixture with the Laravel app only, so one fix makes it healthy.
    const { folder } = prepareWorkspace('apps', 'ui');
    rmSync(path.join(folder, 'prisma-app'), { recursive: true });
    env = path.join(folder, 'laravel-api', '.env');
    original = readFileSync(env);
    wb = await launchWorkbench({ workspace: folder, viewport: { width: 1280, height: 800 }, timeoutMs: 60_000 });
  });
  after(async () => {
    await wb?.close();
  });

  it('Ctrl+. on SESSION_DRIVER offers the fix; picking it rewrites .env and the status bar says Sessions: OK', async () => {
    const { page } = wb;
    const status = page.locator(`.part.statusbar [id="${STATUS_ITEM}"]`);
    await wb.openFile('laravel-api/.env');
    await status.filter({ hasText: 'Session table missing' }).waitFor();
    assert.match(await wb.statusBarText(STATUS_ITEM), /^Session table missing$/);

    // The diagnostic's squiggle is on the SESSION_DRIVER line (line 12, 1-based).
    const line =
      original
        .toString('utf8')
        .split('\n')
        .findIndex((l) => l.startsWith('SESSION_DRIVER=')) + 1;
    assert.equal(line, 12);
    await page.locator('.editor-group-container.active .monaco-editor .squiggly-error').first().waitFor();

    // Open the lightbulb menu once for the record (screenshot), then pick through the helper.
    await page.locator('.editor-group-container.active .monaco-editor .view-lines').click();
    await page.keyboard.press('Control+G');
    await page.locator('.quick-input-widget input').fill(`:${line}:16`);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
    await page.keyboard.press('Control+.');
    const rows = page.locator('.action-widget .monaco-list-row.action');
    await rows.filter({ hasText: COOKIE_FIX }).first().waitFor();
    const offered = await rows.evaluateAll((els) => els.map((el) => (el.getAttribute('aria-label') ?? '').trim()));
    assert.ok(offered.includes(COOKIE_FIX), JSON.stringify(offered));
    assert.ok(offered.includes('Show the session table SQL'), JSON.stringify(offered));
    await wb.screenshot(path.join(ARTIFACTS, 'laravel-env-quickfix-menu.png'));
    await page.keyboard.press('Escape');
    await page.locator('.action-widget').waitFor({ state: 'hidden' });

    const expected = Buffer.from(original.toString('utf8').replace('\nSESSION_DRIVER=database\n', '\nSESSION_DRIVER=cookie\n'), 'utf8');
    assert.notDeepEqual(expected, original);
    const onDisk = fileBecomes(env, expected);
    assert.equal(await wb.quickFix(new RegExp(`^${COOKIE_FIX.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`), { line, column: 16 }), COOKIE_FIX);
    // The fix's command saves the file: no Ctrl+S needed, and the bytes change only in the value.
    await onDisk;
    await status.filter({ hasText: 'Sessions: OK' }).waitFor();
    assert.match(await wb.statusBarText(STATUS_ITEM), /Sessions: OK/);
    const editorText = await page.locator('.editor-group-container.active .monaco-editor .view-lines').innerText();
    assert.match(editorText, /SESSION_DRIVER=cookie/);
    await page.locator('.editor-group-container.active .monaco-editor .squiggly-error').waitFor({ state: 'detached' });
    await wb.screenshot(path.join(ARTIFACTS, 'laravel-env-after-fix.png'));
  });
});
