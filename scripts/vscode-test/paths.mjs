// Where the test harness finds its parts. One place, so install.sh and the launchers agree.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import process from 'node:process';

export const HARNESS_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(HARNESS_DIR, '..', '..');
export const CODE_SERVER_VERSION = '4.100.3';
export const CODE_SERVER_DIR = process.env.SESSION_DOCTOR_CODE_SERVER_DIR ?? join(REPO_ROOT, '.vscode-test', 'code-server');
export const CODE_SERVER_ENTRY = join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const CHROMIUM_PATH = process.env.SESSION_DOCTOR_CHROMIUM ?? '/usr/bin/chromium';
export const LANGPACK_FR_DIR = join(HARNESS_DIR, 'langpack-fr');

/** Fails with the command that fixes it, instead of a stack trace deep inside a spawn. */
export function assertInstalled() {
  const missing = [CODE_SERVER_ENTRY, CHROMIUM_PATH].filter((p) => !existsSync(p));
  if (missing.length > 0) {
    throw new Error(`missing ${missing.join(', ')}: run \`bash scripts/vscode-test/install.sh\` first`);
  }
}
