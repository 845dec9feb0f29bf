// Integration tests in a real VS Code, run by @vscode/test-cli (`npx vscode-test`, or one label:
// `npx vscode-test --label french`). Compile first: `node scripts/vscode-test/compile-tests.mjs`
// (bash scripts/vscode-test/run.sh does everything).
//
// Default: no VS Code download (none is reachable on the CI machine). test-cli launches
// scripts/vscode-test/code-server-as-vscode.mjs as if it were VS Code; it runs the tests in
// code-server's extension host opened by headless Chromium (install: scripts/vscode-test/install.sh).
// With SESSION_DOCTOR_VSCODE=download, test-cli downloads desktop VS Code as usual instead.
//
// Workspaces: VS Code opens one folder per launch and the tests change it (edit .env, create
// tables, append to a log), so loading this file makes each label a fresh copy of
// test/fixtures/workspaces/apps under `.test-tmp/vscode-test workspaces/<label>` (git-ignored), with
// its SQLite databases built by the sqlite3 CLI from the committed seeds
// (scripts/vscode-test/test-workspaces.mjs). The committed fixture is never written. Two runs at the
// same time in one checkout would share these copies: run one at a time.
import { defineConfig } from '@vscode/test-cli';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareWorkspace } from './scripts/vscode-test/test-workspaces.mjs';

const root = dirname(fileURLToPath(import.meta.url));
const download = process.env.SESSION_DOCTOR_VSCODE === 'download';
/** The committed fixture folder each label copies. */
const fixtures = { english: 'apps', french: 'apps', untrusted: 'apps', secrets: 'secrets', django: 'django', 'better-auth': 'better-auth' };
const workspaces = Object.fromEntries(Object.entries(fixtures).map(([label, fixture]) => [label, prepareWorkspace(fixture, label)]));
/** What every test file reads to find its workspace and the committed fixture it came from. */
const testEnv = (label) => ({
  SESSION_DOCTOR_TEST_WORKSPACE: workspaces[label].folder,
  SESSION_DOCTOR_TEST_FIXTURE: join(root, 'test', 'fixtures', 'workspaces', fixtures[label]),
});

/** @type {Partial<import('@vscode/test-cli').TestConfiguration>} */
const common = {
  extensionDevelopmentPath: root,
  mocha: { ui: 'bdd', timeout: 60_000, slow: 5_000, color: true },
  ...(download ? { version: 'stable' } : { useInstallation: { fromPath: join(root, 'scripts', 'vscode-test', 'code-server-as-vscode.mjs') } }),
};

const english = {
  ...common,
  label: 'english',
  files: ['out/test/integration/smoke/**/*.test.js', 'out/test/integration/english/**/*.test.js'],
  workspaceFolder: workspaces.english.folder,
  env: { SESSION_DOCTOR_TEST_LANGUAGE: 'en', ...testEnv('english') },
};

const french = {
  ...common,
  label: 'french',
  files: ['out/test/integration/smoke/**/*.test.js', 'out/test/integration/french/**/*.test.js'],
  // Opened through a .code-workspace file, so that route is exercised too.
  workspaceFolder: workspaces.french.workspaceFile,
  launchArgs: ['--locale', 'fr'],
  env: { SESSION_DOCTOR_TEST_LANGUAGE: 'fr', ...testEnv('french') },
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
  workspaceFolder: workspaces.untrusted.folder,
  env: { SESSION_DOCTOR_WORKSPACE_TRUST: 'untrusted', ...testEnv('untrusted') },
};

// A database password and an APP_KEY in .env files (test/fixtures/workspaces/secrets): none may
// reach a diagnostic, the status bar, the report, the API's snapshot or the log file.
const secrets = {
  ...common,
  label: 'secrets',
  files: 'out/test/integration/secrets/**/*.test.js',
  workspaceFolder: workspaces.secrets.folder,
  env: { SESSION_DOCTOR_TEST_LANGUAGE: 'en', ...testEnv('secrets') },
};

// A Django app on SQLite with django_session missing (test/fixtures/workspaces/django).
const django = {
  ...common,
  label: 'django',
  files: 'out/test/integration/django/**/*.test.js',
  workspaceFolder: workspaces.django.folder,
  env: { SESSION_DOCTOR_TEST_LANGUAGE: 'en', ...testEnv('django') },
};

// A Better Auth app on SQLite with its session table missing (test/fixtures/workspaces/better-auth).
const betterAuth = {
  ...common,
  label: 'better-auth',
  files: 'out/test/integration/better-auth/**/*.test.js',
  workspaceFolder: workspaces['better-auth'].folder,
  env: { SESSION_DOCTOR_TEST_LANGUAGE: 'en', ...testEnv('better-auth') },
};

export default defineConfig(download ? [english, french, secrets, django, betterAuth] : [english, french, untrusted, secrets, django, betterAuth]);
