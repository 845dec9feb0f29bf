// Browser UI test of the workbench helper (scripts/vscode-test/ui.mjs): a person's view of VS Code
// (code-server + headless Chromium). Run: bash scripts/vscode-test/run.sh, or alone:
//   npx mocha --no-config -n import=tsx --timeout 180000 test/integration/ui/*.ui-test.ts
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { launchWorkbench, type Workbench } from '../../../scripts/vscode-test/ui.mjs';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const SMOKE = path.join(REPO_ROOT, 'test', 'fixtures', 'workspaces', 'smoke');
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');

/** PNG files start with these 8 bytes; width and height follow in the IHDR chunk. */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${file} is not a PNG`);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('workbench UI (code-server + Chromium)', function () {
  this.timeout(180_000);
  let wb: Workbench;
  const probe = path.join(SMOKE, 'quickfix-probe.css');
  const probeBefore = readFileSync(probe, 'utf8');

  before(async () => {
    wb = await launchWorkbench({ workspace: SMOKE, viewport: { width: 1280, height: 800 }, timeoutMs: 60_000 });
  });
  after(async () => {
    await wb?.close();
  });

  it('opens the smoke .env, reads the status bar and saves a screenshot', async () => {
    await wb.openFile('.env');
    const editorText = await wb.page.locator('.editor-group-container.active .monaco-editor .view-lines').innerText();
    assert.match(editorText, /SESSION_DRIVER=database/);
    assert.equal(await wb.statusBarText('status.editor.eol'), 'LF');
    assert.equal(await wb.statusBarText('status.editor.selection'), 'Ln 1, Col 1');
    const shot = await wb.screenshot(path.join(ARTIFACTS, 'smoke-env.png'));
    assert.ok(existsSync(shot) && statSync(shot).size > 10_000, 'screenshot is missing or blank-small');
    assert.deepEqual(pngSize(shot), { width: 1280, height: 800 });
  });

  it('applies a quick fix picked by label in the editor; the file changes on disk only when saved', async () => {
    // VS Code's CSS support (a light built-in language server) flags `colr` and offers the fix.
    await wb.openFile('quickfix-probe.css');
    const picked = await wb.quickFix(/^Rename to 'color'$/, { line: 4, column: 4 });
    assert.equal(picked, "Rename to 'color'");
    const lines = wb.page.locator('.editor-group-container.active .monaco-editor .view-lines');
    // The editor renders spaces as U+00A0 (which \s matches) and adds room for the colour swatch.
    await wb.page.waitForFunction((el) => /\bcolor:\s+red;/.test(el?.textContent ?? ''), await lines.elementHandle());
    await wb.screenshot(path.join(ARTIFACTS, 'smoke-quickfix.png'));
    assert.equal(readFileSync(probe, 'utf8'), probeBefore, 'auto save is off, as on desktop');
    try {
      await wb.save();
      assert.equal(readFileSync(probe, 'utf8'), probeBefore.replace('colr: red;', 'color: red;'));
    } finally {
      writeFileSync(probe, probeBefore);
    }
  });

  it('reports the offered actions when the wanted one is missing', async () => {
    await wb.openFile('.env');
    await assert.rejects(
      wb.quickFix(/no such fix/, { line: 6, timeoutMs: 3_000 }),
      /quickFix\(\/no such fix\/\): no matching action within 3000 ms; offered: none/,
    );
  });
});
