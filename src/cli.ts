#!/usr/bin/env node
/** The headless shell: argv -> core -> stdout and an exit code. No logic lives here. */
import { CliIo, EXIT_ERROR, UsageError } from './cli/io';
import { runScan } from './cli/scanCommand';

const USAGE = `Usage: session-doctor <command> [options]

Commands:
  scan [FILE ...] [--json] [--table NAME]   find "missing table" errors in logs or stdin
`;

type Command = (args: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  scan: runScan,
};

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(USAGE);
    return name ? 0 : EXIT_ERROR;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`session-doctor: unknown command '${name}'\n${USAGE}`);
    return EXIT_ERROR;
  }
  try {
    return await command(rest, io);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    io.stderr.write(`session-doctor ${name}: ${msg}\n`);
    if (e instanceof UsageError) io.stderr.write(USAGE);
    return EXIT_ERROR;
  }
}

if (require.main === module) {
  const io: CliIo = { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
  void main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
