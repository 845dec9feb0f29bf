// Runs the real `npm run package` script (scripts/package-extension.mjs) in a staged copy of the
// extension, so the production build and the .vsix do not overwrite the shared dist/ that the
// other tests and a developer's watch build use. The stage holds what packaging reads: src/,
// node_modules/ and esbuild.js (linked, for the build), and copies of the manifest files,
// .vscodeignore and the allow-listed folders. The allow-list itself is checked against the whole
// repository by `vsce ls` in vsix.test.ts. (`package-extension.mjs --staged` stages the same way,
// but removes the stage, and these tests read the staged dist/.)
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import process from 'node:process';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const LINKED = ['src', 'node_modules', 'esbuild.js'];
const COPIED = ['package.json', 'package.nls.json', 'package.nls.fr.json', 'README.md', 'LICENSE', 'CHANGELOG.md', '.vscodeignore', 'media', 'l10n'];

export interface StagedPackage {
  /** the staged extension root (its dist/ holds the production build) */
  root: string;
  vsix: string;
  /** the package script's output */
  log: string;
}

let staged: StagedPackage | undefined;

/** Builds once per test process (~10 s: esbuild, then vsce's own checks); later calls reuse it. */
export function stagedPackage(): StagedPackage {
  if (staged) return staged;
  const root = mkdtempSync(path.join(tmpdir(), 'sd-package-'));
  process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  for (const name of LINKED) symlinkSync(path.join(REPO_ROOT, name), path.join(root, name));
  for (const name of COPIED) cpSync(path.join(REPO_ROOT, name), path.join(root, name), { recursive: true });
  const vsix = path.join(root, 'session-doctor.vsix');
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'package-extension.mjs'), '--out', vsix], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  const log = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) throw new Error(`package-extension.mjs failed (${result.status ?? result.signal}):\n${log}`);
  staged = { root, vsix, log };
  return staged;
}
