// Browser UI tests: drive the real VS Code workbench (code-server + headless Chromium) like a person.
//
//   const wb = await launchWorkbench({ workspace: '/abs/folder' });
//   await wb.openFile('.env');
//   await wb.quickFix(/SESSION_DRIVER/, { line: 6 });
//   assert.match(await wb.statusBarText('session-doctor.session-doctor.status'), /healthy/);
//   await wb.screenshot('test-artifacts/env.png');
//   await wb.close();
//
// The extension comes from a folder (extensionDevelopmentPath, the default: this repository) or from
// a packaged .vsix (installed with code-server --install-extension before the workbench opens).
import { mkdirSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import process from 'node:process';
import { launchChromium, workbenchUrl } from './chromium.mjs';
import { installExtension, startCodeServer } from './code-server.mjs';
import { installLanguagePack } from './language-pack.mjs';
import { assertInstalled, REPO_ROOT } from './paths.mjs';
import { createRunDir } from './run-dir.mjs';

/**
 * @typedef {object} WorkbenchOptions
 * @property {string} workspace  folder or .code-workspace file to open
 * @property {string | null} [extensionDevelopmentPath]  default: this repository; null for none
 * @property {string} [vsix]  install this packaged extension instead of (or besides) the folder
 * @property {boolean} [trustWorkspace]  default true; false opens restricted mode
 * @property {string} [locale]  e.g. 'fr'
 * @property {{ width: number, height: number }} [viewport]
 * @property {number} [timeoutMs]  per UI step, default 30000
 */

/**
 * @typedef {object} Workbench
 * @property {import('playwright-core').Page} page  for anything the helpers below do not cover
 * @property {string} url
 * @property {(relPath: string) => Promise<void>} openFile  Quick Open (Ctrl+P), wait for its editor
 * @property {(label: RegExp, options?: { line?: number, column?: number, timeoutMs?: number }) => Promise<string>} quickFix
 *   Ctrl+. in the active editor (at line:column if given), pick the first action whose label
 *   matches, asking again until it is offered; resolves with that label. Rejects with the offered
 *   labels when the step's time is up.
 * @property {() => Promise<void>} save  Ctrl+S in the active editor, wait until it is no longer dirty
 *   (auto save is off, as on desktop)
 * @property {(id: string) => Promise<string>} statusBarText  text of a status bar item, by its full
 *   id (`<publisher>.<name>.<item id>` for an extension's item, `status.*` for VS Code's own)
 * @property {(path: string) => Promise<string>} screenshot  PNG of the page; resolves with the absolute path
 * @property {() => Promise<void>} close  stops Chromium and code-server, deletes their files
 */

/**
 * @param {WorkbenchOptions} options
 * @returns {Promise<Workbench>}
 */
export async function launchWorkbench(options) {
  assertInstalled();
  const { workspace, extensionDevelopmentPath = REPO_ROOT, vsix, trustWorkspace = true, locale, viewport, timeoutMs = 30_000 } = options;
  const run = createRunDir('sd-vscode-ui-');
  try {
    if (locale && !locale.startsWith('en')) installLanguagePack(run, locale);
    if (vsix) installExtension(run, resolve(vsix));
    const server = await startCodeServer(run, { trustWorkspace, locale, verbose: process.env.SESSION_DOCTOR_VSCODE_VERBOSE === '1' });
    const url = workbenchUrl(server.origin, {
      workspace: resolve(workspace),
      extensionDevelopmentPaths: extensionDevelopmentPath ? [resolve(extensionDevelopmentPath)] : [],
    });
    const context = await launchChromium(run, { viewport });
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(timeoutMs);
    await page.goto(url);
    // The workbench is usable once its status bar and the explorer's root are rendered.
    await page.locator('.monaco-workbench .part.statusbar').waitFor();
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor();
    return makeWorkbench(page, url, run, timeoutMs);
  } catch (e) {
    await run.cleanup();
    throw e;
  }
}

/**
 * @param {import('playwright-core').Page} page
 * @param {string} url
 * @param {import('./run-dir.mjs').RunDir} run
 * @param {number} timeoutMs
 * @returns {Workbench}
 */
function makeWorkbench(page, url, run, timeoutMs) {
  const activeEditor = page.locator('.editor-group-container.active .monaco-editor').first();

  async function openFile(/** @type {string} */ relPath) {
    await page
      .locator('.monaco-workbench')
      .click({ position: { x: 5, y: 5 }, force: true })
      .catch(() => undefined);
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    await input.fill(relPath);
    // Wait until the focused result is this very file before accepting, or Enter may pick a stale one.
    await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: basename(relPath) }).waitFor();
    await page.keyboard.press('Enter');
    await page.locator(`.tabs-container .tab.active[aria-label^="${basename(relPath)}"]`).waitFor();
    await activeEditor.locator('.view-lines').waitFor();
  }

  async function goTo(/** @type {{ line: number, column?: number }} */ at) {
    await activeEditor.click();
    await page.keyboard.press('Control+G');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor();
    // Ctrl+G opens Quick Open with the ':' (go to line) prefix; fill() replaces it, so repeat it.
    await input.fill(`:${at.line}:${at.column ?? 1}`);
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  }

  async function quickFix(/** @type {RegExp} */ label, /** @type {{ line?: number, column?: number, timeoutMs?: number }} */ options = {}) {
    if (options.line !== undefined) await goTo({ line: options.line, column: options.column });
    else await activeEditor.locator('.view-lines').click();
    const rows = page.locator('.action-widget .monaco-list-row.action');
    const none = page.locator('.monaco-editor-overlaymessage', { hasText: /no code actions/i });
    // Diagnostics and their fixes arrive asynchronously (a language server starting, an extension
    // activating): ask again until the wanted action is offered or the step's time is up.
    const waitMs = options.timeoutMs ?? timeoutMs;
    const deadline = Date.now() + waitMs;
    /** @type {string[]} */
    let offered;
    for (;;) {
      await page.keyboard.press('Control+.');
      // Either the menu or VS Code's "No code actions available" shows; neither within 5 s (a
      // slow provider) counts as a miss too.
      const attempt = { timeout: Math.min(5_000, Math.max(1, deadline - Date.now())) };
      await Promise.race([rows.first().waitFor(attempt), none.waitFor(attempt)]).catch(() => undefined);
      // aria-label is the action's title alone (innerText would add its keybinding).
      offered = (await rows.first().isVisible())
        ? await rows.evaluateAll((els) => els.map((el) => (el.getAttribute('aria-label') ?? el.textContent ?? '').trim()))
        : [];
      const index = offered.findIndex((t) => label.test(t));
      if (index !== -1) {
        // Pick it with the keyboard, as a person would: the menu focuses one row and the arrows move
        // between actions (headers are skipped). A mouse click is flaky while the menu animates.
        const focused = await rows.evaluateAll((els) => els.findIndex((el) => el.classList.contains('focused')));
        const steps = index - Math.max(focused, 0);
        for (let i = 0; i < Math.abs(steps); i++) await page.keyboard.press(steps > 0 ? 'ArrowDown' : 'ArrowUp');
        await page.keyboard.press('Enter');
        await page.locator('.action-widget').waitFor({ state: 'hidden' });
        return offered[index];
      }
      await page.keyboard.press('Escape');
      if (Date.now() > deadline) break;
      await page.waitForTimeout(500);
    }
    throw new Error(
      `quickFix(${label}): no matching action within ${waitMs} ms; offered: ${offered.length ? JSON.stringify(offered) : 'none ("No code actions available")'}`,
    );
  }

  async function save() {
    await activeEditor.click();
    await page.keyboard.press('Control+S');
    await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
  }

  async function statusBarText(/** @type {string} */ id) {
    // Ids contain dots, so match the attribute rather than a CSS #id selector.
    const item = page.locator(`.part.statusbar [id="${id.replace(/"/g, '\\"')}"]`);
    await item.waitFor();
    return (await item.innerText()).trim();
  }

  async function screenshot(/** @type {string} */ path) {
    const absolute = resolve(path);
    mkdirSync(dirname(absolute), { recursive: true });
    await page.screenshot({ path: absolute });
    return absolute;
  }

  return { page, url, openFile, quickFix, save, statusBarText, screenshot, close: () => run.cleanup() };
}
