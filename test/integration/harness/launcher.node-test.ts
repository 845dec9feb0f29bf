// Plain-Node tests of the launcher's pure parts: the argument vector the standard runners pass,
// and the workbench URL that carries the tests to the extension host. Runs in run.sh with the UI tests.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { parseArgs } from '../../../scripts/vscode-test/code-server-as-vscode.mjs';
import { workbenchUrl } from '../../../scripts/vscode-test/chromium.mjs';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const SMOKE = path.join(REPO_ROOT, 'test', 'fixtures', 'workspaces', 'smoke');

describe('code-server-as-vscode argument parsing', () => {
  it('reads the vector @vscode/test-cli + test-electron pass (launchArgs first, then their flags)', () => {
    const args = parseArgs([
      '--locale',
      'fr',
      `${SMOKE}/.workspace/smoke.code-workspace`,
      '--no-sandbox',
      '--disable-gpu-sandbox',
      '--disable-updates',
      '--skip-welcome',
      '--skip-release-notes',
      '--disable-workspace-trust',
      '--extensionTestsPath=/r/runner.cjs',
      `--extensionDevelopmentPath=${REPO_ROOT}`,
      '--extensions-dir=/x/extensions',
      '--user-data-dir=/x/user-data',
    ]);
    assert.equal(args.locale, 'fr');
    assert.equal(args.workspace, `${SMOKE}/.workspace/smoke.code-workspace`);
    assert.equal(args.testsPath, '/r/runner.cjs');
    assert.deepEqual(args.devPaths, [REPO_ROOT]);
    assert.equal(args.untrusted, false);
    assert.ok(args.ignored.includes('--disable-workspace-trust'));
    assert.ok(args.ignored.includes('--user-data-dir=/x/user-data'));
  });

  const cases: Array<{ name: string; argv: string[]; workspace: string | undefined; ignored: string[] }> = [
    { name: 'a folder', argv: [SMOKE], workspace: SMOKE, ignored: [] },
    { name: 'a missing path is not a workspace', argv: ['/no/such/dir'], workspace: undefined, ignored: ['/no/such/dir'] },
    { name: 'a plain file is not a workspace', argv: [path.join(SMOKE, '.env')], workspace: undefined, ignored: [path.join(SMOKE, '.env')] },
    { name: 'only the first workspace counts', argv: [SMOKE, REPO_ROOT], workspace: SMOKE, ignored: [REPO_ROOT] },
    { name: 'unknown flags pass', argv: ['--foo', '--bar=1', SMOKE], workspace: SMOKE, ignored: ['--foo', '--bar=1'] },
  ];
  for (const c of cases) {
    it(`workspace: ${c.name}`, () => {
      const args = parseArgs(c.argv);
      assert.equal(args.workspace, c.workspace);
      assert.deepEqual(args.ignored, c.ignored);
    });
  }

  it('takes --untrusted, --verbose, --timeout= and repeated development paths', () => {
    const args = parseArgs(['--untrusted', '--verbose', '--timeout=5000', '--extensionDevelopmentPath', '/a', '--extensionDevelopmentPath=/b']);
    assert.deepEqual([args.untrusted, args.verbose, args.timeoutMs, args.devPaths], [true, true, 5000, ['/a', '/b']]);
  });
});

describe('workbench URL', () => {
  it('carries the folder and the tests as vscode-remote URIs in the payload', () => {
    const url = new URL(
      workbenchUrl('http://127.0.0.1:4567', { workspace: SMOKE, extensionDevelopmentPaths: [REPO_ROOT], extensionTestsPath: '/r/runner.cjs' }),
    );
    assert.equal(url.searchParams.get('folder'), SMOKE);
    assert.deepEqual(JSON.parse(url.searchParams.get('payload') ?? ''), [
      ['extensionDevelopmentPath', `vscode-remote://127.0.0.1:4567${REPO_ROOT}`],
      ['extensionTestsPath', 'vscode-remote://127.0.0.1:4567/r/runner.cjs'],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ]);
  });

  it('opens a .code-workspace file as a workspace, not a folder', () => {
    const file = `${SMOKE}/.workspace/smoke.code-workspace`;
    const url = new URL(workbenchUrl('http://127.0.0.1:1', { workspace: file }));
    assert.equal(url.searchParams.get('workspace'), file);
    assert.equal(url.searchParams.get('folder'), null);
  });
});
