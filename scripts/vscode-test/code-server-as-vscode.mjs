#!/usr/bin/env node
// Behaves like the `code` executable that @vscode/test-electron and @vscode/test-cli launch, but runs
// the tests in code-server's real extension host, opened by a headless Chromium. See
// /work/shared/notes/real-vscode-tests.md for why (no VS Code download is possible here).
//
// Arguments understood (all others are ignored, so the runners' defaults pass through):
//   --extensionDevelopmentPath=<dir> (repeatable)   --extensionTestsPath=<file|dir>
//   --locale <id>       French ('fr') installs the minimal pack from scripts/vscode-test/langpack-fr
//   <folder | file.code-workspace>                   the workspace to open
//   --user-data-dir, --extensions-dir, --disable-extensions: accepted; every run uses a fresh,
//     throw-away profile and extensions folder instead, so runs cannot leak state into each other
//     (a trust decision, a language pack) and nothing is left behind.
// Harness options (flag or environment variable):
//   --untrusted | SESSION_DOCTOR_WORKSPACE_TRUST=untrusted   open the workspace in restricted mode
//     (the runners always pass --disable-workspace-trust, so the variable wins over that flag)
//   --timeout=<ms> | SESSION_DOCTOR_VSCODE_TIMEOUT_MS         whole-run limit (default 600000 with
//     tests, none without)
//   --verbose | SESSION_DOCTOR_VSCODE_VERBOSE=1              stream code-server's and the page's logs
// Exit code: the tests' (0 all passed, 1 a failure), or 1 with a message on timeout/start-up errors.
// Without --extensionTestsPath it serves the workbench and prints its URL until Ctrl+C.
import { existsSync, realpathSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { launchChromium, workbenchUrl } from './chromium.mjs';
import { startCodeServer } from './code-server.mjs';
import { installLanguagePack } from './language-pack.mjs';
import { assertInstalled, CODE_SERVER_VERSION } from './paths.mjs';
import { createRunDir } from './run-dir.mjs';
import process from 'node:process';
import { clearTimeout, setTimeout } from 'node:timers';

const VALUE_FLAGS = new Set(['extensionDevelopmentPath', 'extensionTestsPath', 'user-data-dir', 'extensions-dir', 'locale', 'timeout', 'install-extension']);

/** @param {string[]} argv */
export function parseArgs(argv) {
  /** @type {{ devPaths: string[], testsPath?: string, workspace?: string, locale?: string, untrusted: boolean, timeoutMs?: number, verbose: boolean, version: boolean, ignored: string[] }} */
  const out = { devPaths: [], untrusted: false, verbose: false, version: false, ignored: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq === -1 ? undefined : eq);
      let value = eq === -1 ? undefined : arg.slice(eq + 1);
      if (value === undefined && VALUE_FLAGS.has(name) && i + 1 < argv.length) value = argv[++i];
      switch (name) {
        case 'extensionDevelopmentPath':
          out.devPaths.push(resolve(String(value)));
          break;
        case 'extensionTestsPath':
          out.testsPath = resolve(String(value));
          break;
        case 'locale':
          out.locale = value;
          break;
        case 'timeout':
          out.timeoutMs = Number(value);
          break;
        case 'untrusted':
          out.untrusted = true;
          break;
        case 'verbose':
          out.verbose = true;
          break;
        case 'version':
          out.version = true;
          break;
        default:
          out.ignored.push(arg);
      }
    } else if (isWorkspace(arg) && out.workspace === undefined) {
      out.workspace = resolve(arg);
    } else {
      out.ignored.push(arg);
    }
  }
  return out;
}

/** @param {string} p */
function isWorkspace(p) {
  if (!existsSync(p)) return false;
  return statSync(p).isDirectory() || extname(p) === '.code-workspace';
}

// Start-up chatter of the workbench itself, shown only with --verbose. The marketplace
// (open-vsx.org) cannot be reached here; VS Code logs that and carries on. The trust prompt is
// refused in test mode, which is what leaves an untrusted workspace in restricted mode.
const WORKBENCH_NOISE = new RegExp(
  [
    '^Resolv(ing|ed) connection token',
    '^Creating a socket',
    '^Updating additional builtin extensions cache',
    '^\\[Service Worker\\] registered',
    '^ChatSessionStore:',
    'ENOTFOUND open-vsx\\.org',
    '^DialogService: refused to show dialog in tests. Contents: Do you trust the authors',
  ].join('|'),
);

/** Verbose progress lines, with the time since start, to see where a slow run spends it. */
const started = Date.now();
let verboseProgress = false;
/** @param {string} what */
function progress(what) {
  if (verboseProgress) process.stderr.write(`[vscode-test] +${Date.now() - started} ms ${what}\n`);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.version) {
    // The shape of `code --version`: version, commit, arch.
    process.stdout.write(`1.100.3\ncode-server ${CODE_SERVER_VERSION}\n${process.arch}\n`);
    return 0;
  }
  const untrusted = args.untrusted || process.env.SESSION_DOCTOR_WORKSPACE_TRUST === 'untrusted';
  const verbose = args.verbose || process.env.SESSION_DOCTOR_VSCODE_VERBOSE === '1';
  // Serving the workbench for a person (no tests) has no time limit unless one is asked for.
  const timeoutMs = args.timeoutMs ?? Number(process.env.SESSION_DOCTOR_VSCODE_TIMEOUT_MS ?? (args.testsPath ? 600_000 : 0));
  const locale = args.locale ?? process.env.SESSION_DOCTOR_VSCODE_LOCALE;
  verboseProgress = verbose;
  if (verbose && args.ignored.length > 0) process.stderr.write(`[vscode-test] ignoring: ${args.ignored.join(' ')}\n`);
  assertInstalled();

  const run = createRunDir();
  let aborted = false;
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const timedOut = new Promise((_, reject) => {
    if (!(timeoutMs > 0)) return;
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms (set SESSION_DOCTOR_VSCODE_TIMEOUT_MS or --timeout= to change)`)), timeoutMs);
  });
  const session = runSession(run, args, { untrusted, verbose, locale, isAborted: () => aborted });
  try {
    return await Promise.race([session, timedOut]);
  } catch (e) {
    process.stderr.write(`[vscode-test] FAILED: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  } finally {
    aborted = true;
    clearTimeout(timer);
    await run.cleanup();
    progress('stopped code-server and Chromium, removed the run folder');
    // After a timeout the session may still be starting Chromium; once it settles (or 10 s pass),
    // clean up again so a late browser is closed too.
    await Promise.race([session.catch(() => undefined), new Promise((r) => setTimeout(r, 10_000).unref())]);
    await run.cleanup();
  }
}

/**
 * Starts code-server and Chromium, opens the workbench with the tests, resolves with their exit code.
 * @param {import('./run-dir.mjs').RunDir} run
 * @param {ReturnType<typeof parseArgs>} args
 * @param {{ untrusted: boolean, verbose: boolean, locale?: string, isAborted: () => boolean }} options
 * @returns {Promise<number>}
 */
async function runSession(run, args, { untrusted, verbose, locale, isAborted }) {
  if (locale && !locale.startsWith('en')) installLanguagePack(run, locale);
  progress('starting code-server');
  const server = await startCodeServer(run, { trustWorkspace: !untrusted, locale, verbose });
  progress(`code-server ready at ${server.origin}`);
  const url = workbenchUrl(server.origin, { workspace: args.workspace, extensionDevelopmentPaths: args.devPaths, extensionTestsPath: args.testsPath });
  if (!args.testsPath) {
    process.stdout.write(`[vscode-test] VS Code (code-server ${CODE_SERVER_VERSION}) is at ${url}\n[vscode-test] Ctrl+C stops it.\n`);
    await new Promise(() => undefined); // until a signal; run-dir's handler cleans up
  }
  if (isAborted()) throw new Error('aborted');
  const context = await launchChromium(run);
  progress('Chromium started');
  if (isAborted()) throw new Error('aborted');
  /** @type {(code: number) => void} */
  let exitWith = () => undefined;
  const testsExited = new Promise((resolveExit) => {
    exitWith = resolveExit;
  });
  await context.exposeFunction('codeAutomationExit', (/** @type {unknown} */ code) => exitWith(typeof code === 'number' ? code : 1));
  await context.exposeFunction('codeAutomationLog', (/** @type {string} */ type, /** @type {unknown} */ logArgs) => {
    // The extension host sends console.log's arguments unformatted ('%s' placeholders included).
    const line = Array.isArray(logArgs) ? format(...logArgs) : String(logArgs);
    if (!verbose && WORKBENCH_NOISE.test(line)) return;
    (type === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
  });
  const page = context.pages()[0] ?? (await context.newPage());
  /** @type {Promise<never>} */
  const crashed = new Promise((_, reject) => page.once('crash', () => reject(new Error('the workbench page crashed'))));
  if (verbose) {
    page.on('console', (m) => process.stderr.write(`[page ${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => process.stderr.write(`[page error] ${e.message}\n`));
  }
  await page.goto(url);
  progress('workbench page loaded');
  try {
    const code = await Promise.race([testsExited, crashed]);
    progress(`tests exited with ${code}`);
    return code;
  } catch (e) {
    throw new Error(`${e instanceof Error ? e.message : String(e)}\ncode-server log tail:\n${server.logTail()}`, { cause: e });
  }
}

// Run only as a program, not when imported (a unit test may import parseArgs).
if (process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`[vscode-test] ${String(e)}\n`);
      process.exit(1);
    },
  );
}
