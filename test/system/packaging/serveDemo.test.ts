// scripts/vscode-test/serve-demo.mjs, the tail of the README's main job: it serves the workbench
// on 127.0.0.1 until a signal, then leaves no process and no temp folder behind. Needs code-server
// (bash scripts/vscode-test/install.sh); takes ~10 s.
import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import process from 'node:process';
import { REPO_ROOT, stagedPackage } from './stagedPackage';

const SERVE_DEMO = path.join(REPO_ROOT, 'scripts', 'vscode-test', 'serve-demo.mjs');

/** Command lines of the running processes that mention `text` (ps, as a person would check). */
function processesMentioning(text: string): string[] {
  return execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes(text));
}

describe('packaging: serve-demo.mjs', function () {
  this.timeout(120_000);
  let tmp: string;

  before(() => {
    tmp = mkdtempSync(path.join(tmpdir(), 'sd-serve-test-'));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`serves the workspace at the printed URL, and ${signal} stops everything and removes its files`, async () => {
      const { vsix } = stagedPackage();
      const ownTmp = path.join(tmp, signal);
      const workspace = path.join(tmp, `workspace-${signal}`);
      mkdirSync(ownTmp);
      mkdirSync(workspace);
      // Its profile goes under TMPDIR: a folder of this test's own, to see that it is removed.
      const child = spawn(process.execPath, [SERVE_DEMO, workspace, '--vsix', vsix], {
        env: { ...process.env, TMPDIR: ownTmp },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      try {
        const url = await new Promise<string>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no URL within 60 s:\n${out}`)), 60_000);
          child.stdout.on('data', () => {
            const m = /http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+/.exec(out);
            if (m) {
              clearTimeout(timer);
              resolve(m[0]);
            }
          });
          void exited.then((code) => reject(new Error(`serve-demo exited (${code}) before printing a URL:\n${out}`)));
        });
        assert.equal(new URL(url).searchParams.get('folder'), workspace);
        const res = await fetch(url);
        assert.equal(res.status, 200);
        assert.match(await res.text(), /workbench/i);
        assert.ok(processesMentioning(ownTmp).length > 0, 'code-server runs with its profile in TMPDIR');
      } finally {
        child.kill(signal);
      }
      assert.equal(await exited, signal === 'SIGINT' ? 130 : 143, out);
      assert.deepEqual(processesMentioning(ownTmp), [], 'processes left running');
      assert.deepEqual(readdirSync(ownTmp), [], 'files left in TMPDIR');
    });
  }
});
