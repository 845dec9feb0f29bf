// A person's view (code-server + headless Chromium): the seed's Laravel case fixed in one click. The
// app's log reports the missing sessions table; the notification's first button switches the
// token-authenticated API to cookie sessions; .env changes on disk and the status bar says OK. The
// frames are joined into an animated PNG, test-artifacts/readme/one-click-fix.png (about 250 KB: kept
// out of media/ and the package, which hold only small crops).
// Run alone: npx mocha --no-config -n import=tsx --timeout 180000 test/integration/ui/one-click-fix.ui-test.ts
import * as assert from 'node:assert/strict';
import { appendFileSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { writeApng } from '../../../scripts/vscode-test/apng.mjs';
import { prepareWorkspace } from '../../../scripts/vscode-test/test-workspaces.mjs';
import { launchWorkbench, type Workbench } from '../../../scripts/vscode-test/ui.mjs';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const SHOTS = path.join(REPO_ROOT, 'test-artifacts', 'readme');
const STATUS_ITEM = 'session-doctor.session-doctor.sessionDoctor.status';
const LOG_LINE =
  '[2026-11-22 07:00:00] local.ERROR: SQLSTATE[HY000]: General error: 1 no such table: sessions (Connection: sqlite, SQL: select * from "sessions" where "id" = abc limit 1)\n';

/** The chunk types of a PNG file, in order. */
function chunkTypes(file: string): string[] {
  const bytes = readFileSync(file);
  const types: string[] = [];
  for (let at = 8; at < bytes.length; at += 12 + bytes.readUInt32BE(at)) types.push(bytes.toString('latin1', at + 4, at + 8));
  return types;
}

describe('UI: the Laravel case fixed in one click, as an animated sequence', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let env: string;
  let log: string;

  before(async () => {
    const { folder } = prepareWorkspace('apps', 'ui-one-click');
    rmSync(path.join(folder, 'prisma-app'), { recursive: true });
    env = path.join(folder, 'laravel-api', '.env');
    log = path.join(folder, 'laravel-api', 'storage', 'logs', 'laravel.log');
    wb = await launchWorkbench({ workspace: folder, viewport: { width: 960, height: 600 }, timeoutMs: 60_000 });
  });
  after(async () => {
    await wb?.close();
  });

  it('error in the log, notification, one click on "Use Cookie Sessions": .env says cookie and the status bar says OK', async () => {
    const { page } = wb;
    const status = page.locator(`.part.statusbar [id="${STATUS_ITEM}"]`);
    await wb.openFile('laravel-api/.env');
    await status.filter({ hasText: 'Session table missing' }).waitFor();
    await page.locator('.editor-group-container.active .codelens-decoration', { hasText: 'missing' }).waitFor();
    const frames = [await wb.screenshot(path.join(SHOTS, 'one-click-1.png'))];

    appendFileSync(log, LOG_LINE);
    const toast = page.locator('.notification-toast', { hasText: 'does not exist' });
    const button = toast.locator('.monaco-button', { hasText: 'Use Cookie Sessions' });
    await button.waitFor();
    // Let the toast finish sliding in.
    let last = '';
    for (let box = JSON.stringify(await toast.boundingBox()); box !== last; box = JSON.stringify(await toast.boundingBox())) {
      last = box;
      await page.waitForTimeout(150);
    }
    await button.hover();
    frames.push(await wb.screenshot(path.join(SHOTS, 'one-click-2.png')));

    await button.click();
    await status.filter({ hasText: 'Sessions: OK' }).waitFor();
    await page.locator('.editor-group-container.active .view-line', { hasText: 'SESSION_DRIVER=cookie' }).waitFor();
    await toast.waitFor({ state: 'detached' });
    assert.match(readFileSync(env, 'utf8'), /^SESSION_DRIVER=cookie$/m);
    frames.push(await wb.screenshot(path.join(SHOTS, 'one-click-3.png')));

    const out = path.join(SHOTS, 'one-click-fix.png');
    writeApng(frames, out, [1500, 2000, 2500]);
    const types = chunkTypes(out);
    assert.deepEqual([types[0], types[1], types.at(-1)], ['IHDR', 'acTL', 'IEND']);
    assert.equal(types.filter((t) => t === 'fcTL').length, 3);
    assert.ok(statSync(out).size < 400 * 1024, `${statSync(out).size} bytes`);
  });
});
