/**
 * The connect-pg-simple fixture app (test/fixtures/stacks/connect-pg-simple/app) run for real: a
 * copy with the repository's node_modules linked in and a .env, started with `node --env-file`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '../..');
const APP = path.join(ROOT, 'test/fixtures/stacks/connect-pg-simple/app');

/** A copy of the fixture app in a temp folder, with the repository's node_modules linked in and a .env. */
export function expressAppCopy(databaseUrl: string, prefix = 'sd-cps-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(APP, dir, { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  fs.writeFileSync(path.join(dir, '.env'), `DATABASE_URL=${databaseUrl}\n`);
  return dir;
}

/** Starts the app (`node --env-file=.env server.js`) and resolves with its base url once it listens. */
export function startExpressApp(dir: string): Promise<{ child: ChildProcess; base: string; output: () => string }> {
  const child = spawn(process.execPath, ['--env-file=.env', 'server.js'], {
    cwd: dir,
    env: { PATH: process.env.PATH, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app did not start: ${out}`)), 15_000);
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /Listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, base: m[1], output: () => out });
      }
    });
    child.on('exit', (code) => reject(new Error(`the app exited with ${code}: ${out}`)));
  });
}

export async function stopExpressApp(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}
