// A throw-away folder per run for every file code-server and Chromium write (profiles, config,
// caches, sockets, temp files), plus the cleanup that removes it and stops the processes in all
// cases: normal end, failure, timeout, Ctrl+C, SIGTERM from a CI runner.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';

const SUBDIRS = ['user-data', 'extensions', 'config', 'cache', 'data', 'tmp', 'home', 'chromium-profile'];

/**
 * @typedef {object} RunDir
 * @property {string} root
 * @property {Record<'user-data'|'extensions'|'config'|'cache'|'data'|'tmp'|'home'|'chromium-profile', string>} dirs
 * @property {(fn: () => (void|Promise<void>), syncFn?: () => void) => void} onCleanup
 *   fn runs on an orderly cleanup; syncFn (if any) runs when the process exits without one.
 * @property {() => Promise<void>} cleanup
 */

/** @returns {RunDir} */
export function createRunDir(prefix = 'sd-vscode-') {
  // os.tmpdir() keeps socket paths short (Unix sockets allow ~107 bytes); the whole folder is
  // deleted at the end, so nothing stays in /tmp.
  const root = mkdtempSync(join(tmpdir(), prefix));
  /** @type {Record<string, string>} */
  const dirs = {};
  for (const name of SUBDIRS) {
    dirs[name] = join(root, name);
    mkdirSync(dirs[name], { recursive: true });
  }
  /** @type {Array<{fn: () => (void|Promise<void>), syncFn?: () => void}>} */
  const tasks = [];
  /** @type {Array<() => void>} */
  const syncFns = [];
  let removed = false;

  const removeRoot = () => {
    try {
      rmSync(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
      removed = true;
    } catch (e) {
      process.stderr.write(`[vscode-test] could not remove ${root} yet: ${String(e)}\n`);
    }
  };
  const onExit = () => {
    // Last resort when the process exits before cleanup() finished: only synchronous work is
    // possible here, so SIGKILL what is still registered and delete the folder.
    if (removed) return;
    for (const fn of syncFns.reverse()) {
      try {
        fn();
      } catch {
        // keep going: the rest must still be stopped
      }
    }
    removeRoot();
  };
  let stopping = false;
  const onSignal = (/** @type {NodeJS.Signals} */ signal) => {
    // A second signal (a double Ctrl+C, or `timeout` forwarding one) must not kill this process
    // half-way through the cleanup, which would leave the folder behind.
    if (stopping) {
      process.stderr.write(`[vscode-test] ${signal}: still stopping, please wait\n`);
      return;
    }
    stopping = true;
    process.stderr.write(`\n[vscode-test] ${signal}: stopping code-server and Chromium\n`);
    void cleanup().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.on('exit', onExit);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);

  /**
   * Runs every step registered so far (newest first), then deletes the folder. Safe to call
   * again: a step registered late (a browser that finished launching after a timeout) runs on the
   * next call, and the exit hook still covers it.
   */
  async function cleanup() {
    for (const t of tasks.splice(0).reverse()) {
      try {
        await t.fn();
      } catch (e) {
        process.stderr.write(`[vscode-test] cleanup step failed: ${String(e)}\n`);
      }
    }
    removeRoot();
    if (removed && tasks.length === 0) {
      process.off('exit', onExit);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('SIGHUP', onSignal);
    }
  }

  return {
    root,
    dirs: /** @type {RunDir['dirs']} */ (dirs),
    onCleanup: (fn, syncFn) => {
      tasks.push({ fn, syncFn });
      if (syncFn) syncFns.push(syncFn);
    },
    cleanup,
  };
}
