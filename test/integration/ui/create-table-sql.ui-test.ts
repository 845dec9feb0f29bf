// A person's view (code-server + headless Chromium): before the create-table fix writes, the exact SQL
// opens beside the editor as an `sql` document (monospaced, highlighted, indented as Prisma writes
// it), and the modal stays short: the database's path in the workspace, Apply and Cancel. Apply
// creates the table (checked with Debian's sqlite3) and the SQL document is closed again.
// Run alone: npx mocha --no-config -n import=tsx --timeout 180000 test/integration/ui/create-table-sql.ui-test.ts
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { prepareWorkspace } from '../../../scripts/vscode-test/test-workspaces.mjs';
import { launchWorkbench, type Workbench } from '../../../scripts/vscode-test/ui.mjs';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
const STATUS_ITEM = 'session-doctor.session-doctor.sessionDoctor.status';

const tables = (db: string) =>
  execFileSync('sqlite3', [db, "select name from sqlite_master where type = 'table' order by name"], { encoding: 'utf8' }).trim().split('\n');

describe('UI: the create-table confirmation shows its SQL as SQL, beside a short modal', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let folder: string;
  let db: string;

  before(async () => {
    ({ folder } = prepareWorkspace('apps', 'ui-create-table'));
    rmSync(path.join(folder, 'laravel-api'), { recursive: true });
    db = path.join(folder, 'prisma-app', 'prisma', 'dev.db');
    wb = await launchWorkbench({ workspace: folder, viewport: { width: 1280, height: 800 }, timeoutMs: 60_000 });
  });
  after(async () => {
    await wb?.close();
  });

  async function createSessionTable(): Promise<void> {
    const { page } = wb;
    await page.keyboard.press('F1');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill('>Session Doctor: Create Session Table');
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Create Session Table' }).waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.monaco-dialog-box').waitFor();
  }

  it('Escape cancels and closes the SQL; then it opens the exact SQL in a monospace, highlighted, indented sql editor; the modal is short; Apply creates the table and closes the SQL', async () => {
    const { page } = wb;
    await page.locator(`.part.statusbar [id="${STATUS_ITEM}"]`, { hasText: 'Session table missing' }).waitFor();
    await wb.openFile('prisma/schema.prisma');
    const before = execFileSync('sqlite3', [db, '.dump'], { encoding: 'utf8' });
    assert.ok(!tables(db).includes('Session'));
    const dialog = page.locator('.monaco-dialog-box');
    const tab = page.locator('.tabs-container .tab', { hasText: 'dev.db.sql' });

    // Escape cancels: the SQL document closes and the database is as it was.
    await createSessionTable();
    await tab.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await tab.waitFor({ state: 'detached' });
    assert.equal(execFileSync('sqlite3', [db, '.dump'], { encoding: 'utf8' }), before);

    await createSessionTable();
    // The SQL editor: a second editor group beside the schema, its tab named after the database.
    await tab.waitFor();
    const sqlGroup = page.locator('.editor-group-container', { has: page.locator('.tab', { hasText: 'dev.db.sql' }) });
    const sqlEditor = sqlGroup.locator('.monaco-editor').first();
    const lines = sqlEditor.locator('.view-lines');
    await lines.locator('.view-line', { hasText: 'CREATE TABLE' }).first().waitFor();
    assert.equal(await page.locator('.editor-group-container').count(), 2, 'the SQL is beside the schema, not in place of it');
    assert.deepEqual(await sqlGroup.locator('[data-mode-id]').evaluateAll((els) => els.map((el) => el.getAttribute('data-mode-id'))), ['sql']);
    // Monospaced: every character of the editor has the same advance (an "i" is as wide as an "M").
    const widths = await lines.evaluate((el) => {
      const probe = el.ownerDocument.createElement('span');
      el.appendChild(probe);
      probe.textContent = 'iiiiiiiiii';
      const i = probe.getBoundingClientRect().width;
      probe.textContent = 'MMMMMMMMMM';
      const m = probe.getBoundingClientRect().width;
      probe.remove();
      return { i, m };
    });
    assert.ok(widths.i > 0 && Math.abs(widths.i - widths.m) < 0.5, `not monospaced: ${JSON.stringify(widths)}`);
    // Indented as Prisma writes it: the columns start with four spaces (rendered as no-break spaces).
    const texts = (await lines.locator('.view-line').allInnerTexts()).map((s) => s.replace(/\u00a0/g, ' '));
    assert.ok(
      texts.some((l) => /^ {4}"id" TEXT NOT NULL PRIMARY KEY,?$/.test(l)),
      JSON.stringify(texts),
    );
    // Highlighted: the keyword and the table's name are painted as different tokens (mtk classes).
    const createLine = lines.locator('.view-line', { hasText: 'CREATE TABLE' }).first();
    const classes = await createLine.locator('span > span').evaluateAll((els) => els.map((el) => `${el.className}:${el.textContent ?? ''}`));
    const keyword = classes.find((c) => c.endsWith(':CREATE'))?.split(':')[0];
    const name = classes.find((c) => c.endsWith(':Session'))?.split(':')[0];
    assert.ok(keyword && name && keyword !== name, `not highlighted: ${JSON.stringify(classes)}`);

    // The modal: short, the database as a workspace path, Apply and Cancel only.
    const text = (await dialog.locator('.dialog-message-row').innerText()).trim();
    assert.ok(text.length < 200, `the modal is long (${text.length} characters): ${text}`);
    assert.ok(!text.includes(folder), `the modal shows an absolute path: ${text}`);
    assert.match(text, /prisma\/dev\.db/);
    assert.ok(!/CREATE TABLE/.test(text), 'the SQL is in the editor, not in the modal');
    const buttons = (await dialog.locator('.dialog-buttons .monaco-button').allInnerTexts()).map((s) => s.trim());
    assert.deepEqual([...buttons].sort(), ['Apply', 'Cancel']);
    await wb.screenshot(path.join(ARTIFACTS, 'create-table-sql.png'));

    await dialog.locator('.dialog-buttons .monaco-button', { hasText: 'Apply' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.locator('.notification-toast', { hasText: 'Done: the database dev.db is fixed.' }).waitFor();
    assert.ok(tables(db).includes('Session'), tables(db).join(', '));
    assert.equal(execFileSync('sqlite3', [db, 'pragma integrity_check'], { encoding: 'utf8' }).trim(), 'ok');
    await tab.waitFor({ state: 'detached' });
    assert.equal(await page.locator('.editor-group-container').count(), 1, 'the empty group beside is closed too');
    await page.locator(`.part.statusbar [id="${STATUS_ITEM}"]`, { hasText: 'Sessions: OK' }).waitFor();
  });
});
