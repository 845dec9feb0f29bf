import { Readable } from 'node:stream';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `session-doctor <args>` through `main()` in-process, with captured streams. No `confirm` means no
 * terminal to ask on, as when the CLI runs in a pipe. The default environment has PATH (fixes may
 * run `php` or `npx`) and LANG=C (English output), and nothing else.
 */
export async function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; confirm?: (q: string) => Promise<boolean> } = {}): Promise<CliRun> {
  // Imported lazily so that tests which only build apps do not load the whole CLI.
  const { main } = await import('../../src/cli/main');
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdin: Readable.from([]),
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: opts.env ?? { PATH: process.env.PATH, LANG: 'C' },
    cwd: opts.cwd ?? process.cwd(),
    confirm: opts.confirm,
  });
  return { code, stdout, stderr };
}
