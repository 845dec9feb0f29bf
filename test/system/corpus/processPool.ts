/**
 * Child processes for the corpus harness, at most `limit` at once. The machine has 2 cores shared
 * with others, and most of the harness' time is real Prisma CLI runs (1-3 s each), so two at a time
 * halves the wall time without starving the rest.
 */
import { spawn } from 'node:child_process';

export interface ProcessRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr, in that order: what a user reads in a terminal, near enough for matching. */
  out: string;
  ms: number;
}

export class ProcessPool {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; input?: string; timeoutMs?: number }): Promise<ProcessRun> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await runOnce(cmd, args, opts);
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

function runOnce(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; input?: string; timeoutMs?: number }): Promise<ProcessRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr, out: stdout + stderr, ms: Date.now() - started });
    });
    child.stdin.end(opts.input ?? '');
  });
}
