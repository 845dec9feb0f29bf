#!/usr/bin/env node
// The tail of the README's main job (scripts/demo.sh): packages the extension, installs the .vsix
// into a local code-server (a real VS Code in the browser) with its own throw-away profile, serves
// it on 127.0.0.1 opened on the given workspace, and prints the URL. Ctrl+C (or SIGTERM) stops
// code-server's whole process group and deletes the profile; the workspace itself is left as is.
//
//   node scripts/vscode-test/serve-demo.mjs <workspace folder> [--vsix FILE]
//
// Without --vsix it runs the real packaging (scripts/package-extension.mjs --staged: production
// build + vsce, in a temporary copy so the working tree's dist/ is left alone), so what you try is
// what `npm run package` ships. The workspace is trusted (code-server
// runs with --disable-workspace-trust) so the fixes and commands are enabled.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { setTimeout } from 'node:timers';
import { installExtension, startCodeServer } from './code-server.mjs';
import { CODE_SERVER_ENTRY, CODE_SERVER_VERSION, REPO_ROOT } from './paths.mjs';
import { createRunDir } from './run-dir.mjs';
/* global fetch -- Node 20's built-in fetch has no module to import it from */

const USAGE = 'usage: node scripts/vscode-test/serve-demo.mjs <workspace folder> [--vsix FILE]';

/** @param {string[]} argv */
function parseArgs(argv) {
  /** @type {{ workspace?: string, vsix?: string }} */
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--vsix') out.vsix = resolve(argv[++i] ?? '');
    else if (arg.startsWith('--vsix=')) out.vsix = resolve(arg.slice('--vsix='.length));
    else if (!arg.startsWith('-') && out.workspace === undefined) out.workspace = resolve(arg);
    else throw new Error(`unexpected argument ${arg}\n${USAGE}`);
  }
  if (!out.workspace) throw new Error(USAGE);
  if (!existsSync(out.workspace) || !statSync(out.workspace).isDirectory()) throw new Error(`${out.workspace} is not a folder\n${USAGE}`);
  if (out.vsix && !existsSync(out.vsix)) throw new Error(`${out.vsix} does not exist`);
  return out;
}

/** `?folder=` with the path readable: only what a URL cannot hold is escaped. */
function workbenchUrl(/** @type {string} */ origin, /** @type {string} */ folder) {
  return `${origin}/?folder=${encodeURIComponent(folder).replace(/%2F/g, '/')}`;
}

/** @param {string} line */
function say(line) {
  process.stdout.write(`[serve-demo] ${line}\n`);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!existsSync(CODE_SERVER_ENTRY)) {
    throw new Error(`code-server is not installed (${CODE_SERVER_ENTRY}): run \`bash scripts/vscode-test/install.sh\` (or scripts/setup.sh) first`);
  }
  // From here on, Ctrl+C / SIGTERM / SIGHUP run the run dir's cleanup: stop code-server's process
  // group, delete the profile, exit 130/143.
  const run = createRunDir('sd-serve-demo-');
  let vsix = args.vsix;
  if (!vsix) {
    say('packaging the extension (npm run package)…');
    vsix = join(run.root, 'session-doctor.vsix');
    const packaged = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'package-extension.mjs'), '--staged', '--out', vsix], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (packaged.status !== 0) throw new Error(`packaging failed (${packaged.status ?? packaged.signal})`);
  }
  say(`installing ${vsix === args.vsix ? vsix : 'the .vsix'} into code-server ${CODE_SERVER_VERSION}…`);
  installExtension(run, vsix);
  const server = await startCodeServer(run, { trustWorkspace: true, verbose: process.env.SESSION_DOCTOR_VSCODE_VERBOSE === '1' });
  const url = workbenchUrl(server.origin, /** @type {string} */ (args.workspace));
  const rule = '─'.repeat(Math.min(100, url.length + 4));
  process.stdout.write(
    [
      '',
      rule,
      '  Session Doctor in VS Code (code-server) is ready. Open:',
      '',
      `  ${url}`,
      '',
      `  Workspace: ${args.workspace}`,
      '  Ctrl+C stops the server.',
      rule,
      '',
    ].join('\n'),
  );

  // Serve until a signal; if code-server dies on its own, say so and stop with its log.
  let misses = 0;
  for (;;) {
    await new Promise((r) => setTimeout(r, 5_000));
    const ok = await fetch(`${server.origin}/healthz`).then(
      (res) => res.ok,
      () => false,
    );
    misses = ok ? 0 : misses + 1;
    if (misses >= 3) {
      process.stderr.write(`[serve-demo] code-server stopped answering. Its log:\n${server.logTail()}\n`);
      await run.cleanup();
      return 1;
    }
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`[serve-demo] ${e instanceof Error ? e.message : String(e)}\n`);
    // process.exit runs the run dir's exit hook: code-server (if started) is killed, the folder removed.
    process.exit(1);
  },
);
