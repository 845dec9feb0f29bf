// Debian's Chromium driven by playwright-core, with a fresh profile inside the run dir, and the
// URL that opens the VS Code workbench on a folder (optionally with extension tests to run).
import { extname } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_PATH } from './paths.mjs';
import process from 'node:process';
import { URL, URLSearchParams } from 'node:url';

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * @param {import('./run-dir.mjs').RunDir} run
 * @param {{ viewport?: { width: number, height: number } }} [options]
 * @returns {Promise<import('playwright-core').BrowserContext>}
 */
export async function launchChromium(run, { viewport = { width: 1280, height: 800 } } = {}) {
  const context = await chromium.launchPersistentContext(run.dirs['chromium-profile'], {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport,
    // Chromium writes ~/.pki and caches under HOME and TMPDIR: keep both in the run dir.
    env: { ...process.env, HOME: run.dirs.home, TMPDIR: run.dirs.tmp, XDG_CONFIG_HOME: run.dirs.config, XDG_CACHE_HOME: run.dirs.cache },
    timeout: 60_000,
  });
  run.onCleanup(
    () => context.close().catch(() => undefined),
    () => {
      // Synchronous last resort: Playwright's browser process is a direct child.
      const pid = /** @type {{ process?: () => { pid?: number } } | null} */ (context.browser())?.process?.()?.pid;
      if (pid) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    },
  );
  return context;
}

/**
 * @param {string} origin  code-server's http://127.0.0.1:PORT
 * @param {object} options
 * @param {string} [options.workspace]  absolute folder or .code-workspace file
 * @param {string[]} [options.extensionDevelopmentPaths]  absolute folders
 * @param {string} [options.extensionTestsPath]  absolute file or folder
 */
export function workbenchUrl(origin, { workspace, extensionDevelopmentPaths = [], extensionTestsPath }) {
  const host = new URL(origin).host;
  const remote = (/** @type {string} */ p) => `vscode-remote://${host}${p}`;
  /** @type {Array<[string, string]>} */
  const payload = extensionDevelopmentPaths.map((p) => ['extensionDevelopmentPath', remote(p)]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', remote(extensionTestsPath)]);
  payload.push(['skipWelcome', 'true'], ['skipReleaseNotes', 'true']);
  const params = new URLSearchParams();
  if (workspace) params.set(extname(workspace) === '.code-workspace' ? 'workspace' : 'folder', workspace);
  params.set('payload', JSON.stringify(payload));
  return `${origin}/?${params.toString()}`;
}
