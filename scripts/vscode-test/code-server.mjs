// Starts and stops code-server (a real VS Code server with a Node extension host) on 127.0.0.1,
// with every folder it writes inside the run dir, and installs extensions into it.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { CODE_SERVER_ENTRY } from './paths.mjs';
import process from 'node:process';
import { setTimeout } from 'node:timers';
/* global fetch -- Node 20's built-in fetch has no module to import it from */

/** @returns {Promise<number>} a port that was free a moment ago on 127.0.0.1 */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Environment for code-server and its children: config, data, cache and temp files go to the run
 * dir, never $HOME or /tmp. HOME itself is left alone so the extension host and terminals behave
 * as for a user.
 * @param {import('./run-dir.mjs').RunDir} run
 * @param {Record<string, string | undefined>} [extraEnv]
 */
export function codeServerEnv(run, extraEnv = {}) {
  /** @type {Record<string, string | undefined>} */
  const env = {
    ...process.env,
    ...extraEnv,
    XDG_CONFIG_HOME: run.dirs.config,
    XDG_DATA_HOME: run.dirs.data,
    XDG_CACHE_HOME: run.dirs.cache,
    TMPDIR: run.dirs.tmp,
    // code-server refuses or warns on these when set by an outer VS Code / Electron.
    ELECTRON_RUN_AS_NODE: undefined,
    VSCODE_IPC_HOOK_CLI: undefined,
  };
  return env;
}

/** Common flags: the run dir's profile and config, no telemetry, no update check. */
function baseArgs(/** @type {import('./run-dir.mjs').RunDir} */ run) {
  return [
    '--user-data-dir',
    run.dirs['user-data'],
    '--extensions-dir',
    run.dirs.extensions,
    '--config',
    join(run.dirs.config, 'config.yaml'),
    '--disable-telemetry',
    '--disable-update-check',
  ];
}

/**
 * Installs a packaged extension (.vsix) or a Marketplace id. A folder is not accepted by
 * code-server's --install-extension.
 * @param {import('./run-dir.mjs').RunDir} run
 * @param {string} vsixOrId
 */
export function installExtension(run, vsixOrId) {
  const result = spawnSync(process.execPath, [CODE_SERVER_ENTRY, ...baseArgs(run), '--install-extension', vsixOrId], {
    env: codeServerEnv(run),
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.status !== 0) {
    throw new Error(`code-server --install-extension ${vsixOrId} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  }
}

/**
 * Quiet, deterministic defaults for a test profile: no prompt about the git repository that
 * contains the fixtures, no welcome page, no update or marketplace checks, and no auto save (the
 * web default is afterDelay; desktop's is off, and tests must see what a desktop user sees).
 * @param {import('./run-dir.mjs').RunDir} run
 */
function writeUserSettings(run) {
  const file = join(run.dirs['user-data'], 'User', 'settings.json');
  if (existsSync(file)) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(
    file,
    JSON.stringify(
      {
        'files.autoSave': 'off',
        'git.openRepositoryInParentFolders': 'never',
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'update.mode': 'none',
        'telemetry.telemetryLevel': 'off',
      },
      null,
      2,
    ),
  );
}

/**
 * @typedef {object} CodeServer
 * @property {number} port
 * @property {string} origin   e.g. http://127.0.0.1:41234
 * @property {string} logFile  code-server's stdout + stderr
 * @property {() => string} logTail  the last lines of that log, for failure messages
 * @property {() => Promise<void>} stop  stops the whole process group
 */

/**
 * @param {import('./run-dir.mjs').RunDir} run
 * @param {object} options
 * @param {boolean} options.trustWorkspace  false = start without --disable-workspace-trust
 * @param {string} [options.locale]
 * @param {Record<string, string | undefined>} [options.env]  extra environment (reaches the extension host)
 * @param {boolean} [options.verbose]  also stream the server log to stderr
 * @param {number} [options.startTimeoutMs]
 * @returns {Promise<CodeServer>}
 */
export async function startCodeServer(run, { trustWorkspace, locale, env = {}, verbose = false, startTimeoutMs = 60_000 }) {
  writeUserSettings(run);
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const args = [
    CODE_SERVER_ENTRY,
    ...baseArgs(run),
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-getting-started-override',
    '--disable-proxy',
    '--ignore-last-opened',
    // (Newer code-server releases also need `--vscode-option enable-smoke-test-driver` for the
    // URL `payload` to be honoured; 4.100.3 honours it as is and rejects that flag.)
    ...(trustWorkspace ? ['--disable-workspace-trust'] : []),
    ...(locale ? ['--locale', locale] : []),
  ];
  const logFile = join(run.root, 'code-server.log');
  const log = createWriteStream(logFile);
  // detached: code-server gets its own process group, so one kill reaches its watcher children too.
  const child = spawn(process.execPath, args, { env: codeServerEnv(run, env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (chunk) => {
      log.write(chunk);
      if (verbose) process.stderr.write(chunk);
    });
  }
  let exited = false;
  const exitedPromise = new Promise((resolveExit) =>
    child.once('exit', () => {
      exited = true;
      resolveExit(undefined);
    }),
  );

  const killGroup = (/** @type {NodeJS.Signals} */ signal) => {
    if (!child.pid) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // ESRCH: the group is already gone
    }
  };
  const groupAlive = () => {
    if (!child.pid) return false;
    try {
      process.kill(-child.pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  // Tests are over when this runs: a short grace period for a clean exit, then SIGKILL the group.
  const stop = async () => {
    killGroup('SIGTERM');
    for (let i = 0; i < 10 && groupAlive(); i++) await new Promise((r) => setTimeout(r, 100));
    killGroup('SIGKILL');
    if (!exited) await Promise.race([exitedPromise, new Promise((r) => setTimeout(r, 2000))]);
    await new Promise((r) => log.end(r));
  };
  run.onCleanup(stop, () => killGroup('SIGKILL'));

  const logTail = () => {
    try {
      return readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
    } catch {
      return '(no code-server log)';
    }
  };

  // Ready when /healthz answers; fail early if the process dies.
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (exited) throw new Error(`code-server exited during start-up. Its log:\n${logTail()}`);
    if (Date.now() > deadline) throw new Error(`code-server did not answer on ${origin} within ${startTimeoutMs} ms. Its log:\n${logTail()}`);
    try {
      const res = await fetch(`${origin}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return { port, origin, logFile, logTail, stop };
}
