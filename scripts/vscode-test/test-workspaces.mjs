// Throw-away workspaces for the integration and UI tests. VS Code opens one workspace folder per
// launch, and the tests change it (edit .env, create tables, append to logs), so each label gets a
// fresh copy of a committed fixture folder (text files only) under .test-tmp/, made before launch,
// with its SQLite databases built by Debian's sqlite3 CLI from the committed seed files. The
// committed fixture is never written to. The copy's path holds a space on purpose: every path the
// extension hands to a process or a URL must survive it.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.mjs';

export const FIXTURE_WORKSPACES = join(REPO_ROOT, 'test', 'fixtures', 'workspaces');
export const TEST_WORKSPACES = join(REPO_ROOT, '.test-tmp', 'vscode-test workspaces');

/**
 * The databases a fixture declares in its sqlite-databases.json.
 * @param {string} folder a fixture folder or a copy of one
 * @returns {Array<{ seed: string, file: string }>} absolute paths
 */
export function fixtureDatabases(folder) {
  const manifest = join(folder, 'sqlite-databases.json');
  if (!existsSync(manifest)) return [];
  /** @type {{ databases: Array<{ seed: string, file: string }> }} */
  const m = JSON.parse(readFileSync(manifest, 'utf8'));
  return m.databases.map((d) => ({ seed: join(folder, d.seed), file: join(folder, d.file) }));
}

/**
 * Deletes each declared database (and its -journal/-wal/-shm) and builds it again from its seed.
 * @param {string} folder
 */
export function buildDatabases(folder) {
  for (const { seed, file } of fixtureDatabases(folder)) {
    for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(file + suffix, { force: true });
    mkdirSync(join(file, '..'), { recursive: true });
    execFileSync('sqlite3', [file], { input: readFileSync(seed), stdio: ['pipe', 'inherit', 'inherit'] });
  }
}

/**
 * A fresh copy of test/fixtures/workspaces/<fixture> at .test-tmp/vscode-test workspaces/<name>,
 * databases built, plus a .code-workspace file that opens it (for the route through a workspace file).
 * @param {string} fixture
 * @param {string} name
 * @returns {{ folder: string, workspaceFile: string }}
 */
export function prepareWorkspace(fixture, name) {
  const source = join(FIXTURE_WORKSPACES, fixture);
  if (!existsSync(source)) throw new Error(`no fixture workspace ${source}`);
  const folder = join(TEST_WORKSPACES, name);
  rmSync(folder, { recursive: true, force: true });
  cpSync(source, folder, { recursive: true });
  buildDatabases(folder);
  const workspaceFile = join(TEST_WORKSPACES, `${name}.code-workspace`);
  writeFileSync(workspaceFile, `${JSON.stringify({ folders: [{ path: name }], settings: {} }, null, 2)}\n`);
  return { folder, workspaceFile };
}
