#!/usr/bin/env node
// `npm run package`: a production build (minified, no sourcemaps) packed by @vscode/vsce into
// session-doctor-<version>.vsix.
//
//   node scripts/package-extension.mjs [--out FILE] [--skip-build] [--staged]
//
// It packages the extension in the current directory (npm runs scripts from the package root).
// --staged builds and packs in a temporary copy instead (src/ and node_modules/ linked, the
// packaged inputs copied), so the working tree's dist/ (a developer's watch build) is left alone;
// serve-demo.mjs uses that.
// --no-dependencies: the bundle already holds every runtime dependency, so the .vsix carries no
// node_modules. What goes in is decided by the allow-list in .vscodeignore (checked by
// test/system/packaging/vsix.test.ts).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EXTENSION_ROOT = process.cwd();
/** What packaging reads: the build's inputs (linked) and the files .vscodeignore lets in (copied). */
const STAGE_LINKED = ['src', 'node_modules', 'esbuild.js'];
const STAGE_COPIED = ['package.json', 'package.nls.json', 'package.nls.fr.json', 'README.md', 'LICENSE', 'CHANGELOG.md', '.vscodeignore', 'media', 'l10n'];
const require = createRequire(import.meta.url);

/** The vsce command-line entry of the installed @vscode/vsce (not whatever `vsce` is on PATH). */
export const VSCE_BIN = join(dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');

/** <name>-<version>.vsix beside package.json: vsce's own default name. */
export function defaultVsixPath() {
  const manifest = JSON.parse(readFileSync(join(EXTENSION_ROOT, 'package.json'), 'utf8'));
  return join(EXTENSION_ROOT, `${manifest.name}-${manifest.version}.vsix`);
}

/**
 * Runs a command (in the extension root by default) with its output shown; throws with its exit status.
 * stdin is closed so that a vsce question (a missing LICENSE, say) fails the run instead of
 * waiting forever in CI.
 * @param {string[]} argv
 */
function run(argv, cwd = EXTENSION_ROOT) {
  const result = spawnSync(process.execPath, argv, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    throw new Error(`${argv.map((a) => relative(EXTENSION_ROOT, a) || a).join(' ')} failed (${result.status ?? result.signal})`);
  }
}

/**
 * @param {{ out?: string, build?: boolean, staged?: boolean }} [options]
 * @returns {string} the .vsix written
 */
export function packageExtension({ out = defaultVsixPath(), build = true, staged = false } = {}) {
  let root = EXTENSION_ROOT;
  if (staged) {
    // Packaging is synchronous: with a listener, a signal waits for the `finally` below instead of
    // killing the process with the temporary copy still on disk (the signal is reported after).
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
      process.once(signal, () => {
        process.stderr.write(`package: ${signal}\n`);
        process.exit(signal === 'SIGINT' ? 130 : 143);
      });
    }
    root = mkdtempSync(join(tmpdir(), 'sd-package-'));
    for (const name of STAGE_LINKED) symlinkSync(join(EXTENSION_ROOT, name), join(root, name));
    for (const name of STAGE_COPIED) cpSync(join(EXTENSION_ROOT, name), join(root, name), { recursive: true });
  }
  try {
    // esbuild.js works relative to the current directory (src/ in, dist/ out).
    if (build || staged) run([join(REPO_ROOT, 'esbuild.js'), '--production'], root);
    run([VSCE_BIN, 'package', '--no-dependencies', ...readmeLinkFlags(root), '--out', out], root);
    if (staged) process.stdout.write(`dist/extension.js (production): ${(statSync(join(root, 'dist', 'extension.js')).size / 1024).toFixed(1)} KB\n`);
  } finally {
    if (staged) rmSync(root, { recursive: true, force: true });
  }
  return out;
}

/**
 * vsce makes README.md's relative links (the pictures in media/readme/) absolute from a GitHub or
 * GitLab repository URL, for the Marketplace page. Without one it would refuse to package: the links
 * stay relative then, and resolve inside the package (VS Code's and Open VSX's extension pages).
 */
function readmeLinkFlags(root) {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const url = typeof manifest.repository === 'string' ? manifest.repository : (manifest.repository?.url ?? '');
  return /github(\.com\/|:)|gitlab(\.com\/|:)/.test(url) ? [] : ['--no-rewrite-relative-links'];
}

function main() {
  const argv = process.argv.slice(2);
  const outIndex = argv.indexOf('--out');
  const out = outIndex === -1 ? undefined : resolve(argv[outIndex + 1] ?? '');
  const flags = ['--skip-build', '--staged', '--out'];
  const unknown = argv.filter((a, i) => !flags.includes(a) && (outIndex === -1 || i !== outIndex + 1));
  if (unknown.length > 0 || (outIndex !== -1 && !argv[outIndex + 1])) {
    process.stderr.write('usage: node scripts/package-extension.mjs [--out FILE] [--skip-build] [--staged]\n');
    return 2;
  }
  if (!existsSync(join(EXTENSION_ROOT, 'package.json'))) {
    process.stderr.write(`package: no package.json in ${EXTENSION_ROOT}; run from the repository root (npm run package)\n`);
    return 2;
  }
  const staged = argv.includes('--staged');
  const vsix = packageExtension({ out, build: !argv.includes('--skip-build'), staged });
  const kb = (statSync(vsix).size / 1024).toFixed(1);
  const bundle = staged ? '' : ` (dist/extension.js ${(statSync(join(EXTENSION_ROOT, 'dist', 'extension.js')).size / 1024).toFixed(1)} KB; budget 250 KB)`;
  process.stdout.write(`\n${relative(process.cwd(), vsix) || vsix}: ${kb} KB${bundle}\n`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main();
  } catch (e) {
    process.stderr.write(`package: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}
