// The packaged .vsix installs into a real VS Code (code-server --install-extension, as a user
// would) and activates on the demo workspace with no extension development folder: the status bar
// item it renders shows the demo's problems. Needs code-server and Chromium
// (bash scripts/vscode-test/install.sh); takes ~20 s.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { launchWorkbench, type Workbench } from '../../../scripts/vscode-test/ui.mjs';
import { REPO_ROOT, stagedPackage } from './stagedPackage';

const STATUS_ITEM = 'session-doctor.session-doctor.sessionDoctor.status';

/** A fresh broken copy of the bundled demo, built as scripts/demo.sh builds it. */
function demoWorkspace(parent: string): string {
  const ws = path.join(parent, 'demo');
  cpSync(path.join(REPO_ROOT, 'examples'), ws, { recursive: true });
  for (const [db, seed] of [
    ['prisma-sqlite-app/prisma/dev.db', 'prisma-sqlite-app/seed.sql'],
    ['laravel-api-app/database/database.sqlite', 'laravel-api-app/database/seed.sql'],
  ]) {
    execFileSync('sqlite3', [path.join(ws, db)], { input: readFileSync(path.join(ws, seed)) });
  }
  return ws;
}

describe('packaging: the .vsix in code-server', function () {
  this.timeout(180_000);
  let tmp: string;
  let wb: Workbench | undefined;

  before(() => {
    tmp = mkdtempSync(path.join(tmpdir(), 'sd-vsix-install-'));
  });
  after(async () => {
    await wb?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('installs with --install-extension and activates on the demo workspace', async () => {
    const { vsix } = stagedPackage();
    wb = await launchWorkbench({ workspace: demoWorkspace(tmp), vsix, extensionDevelopmentPath: null, timeoutMs: 60_000 });
    // The item appears once activate() ran; the first diagnosis follows it off the activation path.
    const text = wb.page.locator(`.part.statusbar [id="${STATUS_ITEM}"]`);
    await text.waitFor();
    await wb.page.waitForFunction((el) => !/checking/.test(el?.textContent ?? 'checking'), await text.elementHandle(), { timeout: 60_000 });
    // The demo holds a broken Prisma app and a broken Laravel app.
    assert.equal(await wb.statusBarText(STATUS_ITEM), 'Sessions: 2 problems');
  });
});
