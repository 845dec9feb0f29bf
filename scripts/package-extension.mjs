#!/usr/bin/env node
// `npm run package`: a production build (minified, no sourcemaps) packed by @vscode/vsce into
// session-doctor-<version>.vsix.
//
//   node scripts/package-extension.mjs [--out FILE] [--skip-build]
//
// It packages the extension in the current directory (npm runs scripts from the package root); the
// packaging test runs it in a staged copy so the shared dist/ is left alone.
// --no-dependencies: the bundle already holds every runtime dependency, so the .vsix carries no
// node_modules. What goes in is decided by the allow-list in .vscodeignore (checked by
// test/unit/packaging/vsix.test.ts).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EXTENSION_ROOT = process.cwd();
const require = createRequire(import.meta.url);

/** The vsce command-line entry of the installed @vscode/vsce (not whatever `vsce` is on PATH). */
export const VSCE_BIN = join(dirname(require.resolve('@vscode/vsce/package.json')), 'vsce');

/** <name>-<version>.vsix beside package.json: vsce's own default name. */
export function defaultVsixPath() {
  const manifest = JSON.parse(readFileSync(join(EXTENSION_ROOT, 'package.json'), 'utf8'));
  return join(EXTENSION_ROOT, `${manifest.name}-${manifest.version}.vsix`);
}

/**
 * Runs a command in the extension root with its output shown; throws with its exit status.
 * stdin is closed so that a vsce question (a missing LICENSE, say) fails the run instead of
 * waiting forever in CI.
 * @param {string[]} argv
 */
function run(argv) {
  const result = spawnSync(process.execPath, argv, { cwd: EXTENSION_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    throw new Error(`${argv.map((a) => relative(EXTENSION_ROOT, a) || a).join(' ')} failed (${result.status ?? result.signal})`);
  }
}

/**
 * @param {{ out?: string, build?: boolean }} [options]
 * @returns {string} the .vsix written
 */
export function packageExtension({ out = defaultVsixPath(), build = true } = {}) {
  // esbuild.js works relative to the current directory (src/ in, dist/ out).
  if (build) run([join(REPO_ROOT, 'esbuild.js'), '--production']);
  run([VSCE_BIN, 'package', '--no-dependencies', '--out', out]);
  return out;
}

function main() {
  const argv = process.argv.slice(2);
  const outIndex = argv.indexOf('--out');
  const out = outIndex === -1 ? undefined : resolve(argv[outIndex + 1] ?? '');
  const unknown = argv.filter((a, i) => a !== '--skip-build' && a !== '--out' && i !== outIndex + 1);
  if (unknown.length > 0 || (outIndex !== -1 && !argv[outIndex + 1])) {
    process.stderr.write('usage: node scripts/package-extension.mjs [--out FILE] [--skip-build]\n');
    return 2;
  }
  if (!existsSync(join(EXTENSION_ROOT, 'package.json'))) {
    process.stderr.write(`package: no package.json in ${EXTENSION_ROOT}; run from the repository root (npm run package)\n`);
    return 2;
  }
  const vsix = packageExtension({ out, build: !argv.includes('--skip-build') });
  const kb = (statSync(vsix).size / 1024).toFixed(1);
  const bundleKb = (statSync(join(EXTENSION_ROOT, 'dist', 'extension.js')).size / 1024).toFixed(1);
  process.stdout.write(`\n${relative(process.cwd(), vsix)}: ${kb} KB (dist/extension.js ${bundleKb} KB; budget 250 KB)\n`);
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
