// Makes a test run's VS Code use a display language other than English. `--locale fr` alone
// leaves vscode.env.language at 'en': VS Code also needs an installed language pack for the
// locale AND a languagepacks.json in the user-data folder naming it (the command-line install does
// not write that file). See /work/shared/notes/real-vscode-tests.md.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installExtension } from './code-server.mjs';
import { LANGPACK_FR_DIR, REPO_ROOT } from './paths.mjs';
import process from 'node:process';

/** Language id -> folder of the minimal pack extension for it. */
const PACK_DIRS = { fr: LANGPACK_FR_DIR };

/** @param {string} dir @returns {number} newest mtime of any file below dir */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Packages the pack with @vscode/vsce (code-server installs a .vsix, not a folder), cached in
 * .vscode-test/ and rebuilt only when the pack's files changed.
 * @param {string} packDir
 * @returns {string} path of the .vsix
 */
export function packageLanguagePack(packDir) {
  const manifest = JSON.parse(readFileSync(join(packDir, 'package.json'), 'utf8'));
  const outDir = join(REPO_ROOT, '.vscode-test');
  mkdirSync(outDir, { recursive: true });
  const vsix = join(outDir, `${manifest.publisher}.${manifest.name}-${manifest.version}.vsix`);
  if (existsSync(vsix) && statSync(vsix).mtimeMs >= newestMtime(packDir)) return vsix;
  const vsce = join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '-o', vsix], {
    cwd: packDir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return vsix;
}

/**
 * Installs the pack for `locale` into the run's extensions folder and registers it in
 * <user-data>/languagepacks.json the way VS Code's own language-pack service would.
 * @param {import('./run-dir.mjs').RunDir} run
 * @param {string} locale  e.g. 'fr' or 'fr-FR'
 */
export function installLanguagePack(run, locale) {
  const languageId = locale.toLowerCase().split('-')[0];
  const packDir = /** @type {Record<string, string>} */ (PACK_DIRS)[languageId];
  if (!packDir) {
    throw new Error(`no test language pack for locale '${locale}' (available: ${Object.keys(PACK_DIRS).join(', ')})`);
  }
  const manifest = JSON.parse(readFileSync(join(packDir, 'package.json'), 'utf8'));
  installExtension(run, packageLanguagePack(packDir));

  const id = `${manifest.publisher}.${manifest.name}`;
  const installedDir = readdirSync(run.dirs.extensions).find((d) => d.toLowerCase() === `${id}-${manifest.version}`.toLowerCase());
  if (!installedDir) throw new Error(`language pack ${id} was not found in ${run.dirs.extensions} after install`);
  /** @type {Record<string, unknown>} */
  const packs = {};
  for (const loc of manifest.contributes.localizations) {
    /** @type {Record<string, string>} */
    const translations = {};
    for (const t of loc.translations) translations[t.id] = join(run.dirs.extensions, installedDir, t.path);
    packs[loc.languageId] = {
      // VS Code keys its translation cache on md5(extension id + version) of the packs.
      hash: createHash('md5').update(id).update(manifest.version).digest('hex'),
      extensions: [{ extensionIdentifier: { id }, version: manifest.version }],
      translations,
      label: loc.localizedLanguageName ?? loc.languageName,
    };
  }
  writeFileSync(join(run.dirs['user-data'], 'languagepacks.json'), JSON.stringify(packs, null, 2));
}
