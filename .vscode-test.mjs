// Integration tests in a real VS Code, run by @vscode/test-cli (`npx vscode-test`, or one label:
// `npx vscode-test --label french`). Compile first: `node scripts/vscode-test/compile-tests.mjs`
// (bash scripts/vscode-test/run.sh does everything).
//
// Default: no VS Code download (none is reachable on the CI machine). test-cli launches
// scripts/vscode-test/code-server-as-vscode.mjs as if it were VS Code; it runs the tests in
// code-server's extension host opened by headless Chromium (install: scripts/vscode-test/install.sh).
// With SESSION_DOCTOR_VSCODE=download, test-cli downloads desktop VS Code as usual instead.
import { defineConfig } from '@vscode/test-cli';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const download = process.env.SESSION_DOCTOR_VSCODE === 'download';
const smokeWorkspace = 'test/fixtures/workspaces/smoke';

/** @type {Partial<import('@vscode/test-cli').TestConfiguration>} */
const common = {
  extensionDevelopmentPath: root,
  mocha: { ui: 'bdd', timeout: 60_000, slow: 5_000, color: true },
  ...(download
    ? { version: 'stable' }
    : { useInstallation: { fromPath: join(root, 'scripts', 'vscode-test', 'code-server-as-vscode.mjs') } }),
};

const english = {
  ...common,
  label: 'english',
  files: 'out/test/integration/smoke/**/*.test.js',
  workspaceFolder: smokeWorkspace,
  env: { SESSION_DOCTOR_TEST_LANGUAGE: 'en' },
};

const french = {
  ...common,
  label: 'french',
  files: 'out/test/integration/smoke/**/*.test.js',
  // The same folder opened through a .code-workspace file, so that route is exercised too.
  workspaceFolder: `${smokeWorkspace}/.workspace/smoke.code-workspace`,
  launchArgs: ['--locale', 'fr'],
  env: { SESSION_DOCTOR_TEST_LANGUAGE: 'fr' },
  // Desktop VS Code needs the real French pack (untested here: no marketplace access). The
  // code-server launcher installs its own minimal pack from scripts/vscode-test/langpack-fr.
  ...(download ? { installExtensions: ['MS-CEINTL.vscode-language-pack-fr'] } : {}),
};

// test-electron always passes --disable-workspace-trust, so restricted mode is only reachable
// through the code-server launcher, which lets this variable override that flag.
const untrusted = {
  ...common,
  label: 'untrusted',
  files: 'out/test/integration/untrusted/**/*.test.js',
  workspaceFolder: smokeWorkspace,
  env: { SESSION_DOCTOR_WORKSPACE_TRUST: 'untrusted' },
};

export default defineConfig(download ? [english, french] : [english, french, untrusted]);
