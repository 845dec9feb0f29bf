#!/usr/bin/env node
/** The headless shell: argv -> core -> stdout and an exit code. No logic lives here. */
import * as readline from 'node:readline/promises';
import { runCheck } from './checkCommand';
import { runFix } from './fixCommand';
import { CliIo, EXIT_ERROR, UsageError } from './io';
import { runMcp } from './mcpServer';
import { runScan } from './scanCommand';
import { runSql } from './sqlCommand';

const USAGE = `Usage: session-doctor <command> [options]

Commands:
  scan [FILE ...] [--json] [--table NAME]
        Find "missing table" errors (Prisma P2021/P2010, MySQL 1146, SQLite "no such table",
        PostgreSQL 42P01) in logs, or in stdin when no file is given.
        Exit 0: nothing found, 1: found, 2: error.
  check [DIR] [--format text|json|sarif] [--json] [--model NAME] [--table NAME] [--database PATH|URL] [--no-live] [--timeout MS]
        Diagnose every Prisma and Laravel app under DIR (default: the current folder).
        --format sarif writes SARIF 2.1.0 for code scanning; --json is --format json.
        --database names the Prisma app's database (a SQLite file or a url), over what the
        project says; --no-live leaves server databases unchecked (health unknown).
        Exit 0: healthy, 1: problems, 2: error (not a folder, or an app or database that could
        not be checked), 3: no Prisma or Laravel app found.
  sql [DIR] [--schema FILE] [--model NAME] [--dialect sqlite|postgresql|mysql] [--with-related] [--database PATH|URL]
        Print the exact session-table DDL. With --schema no database is needed.
  fix [DIR] [--yes] [--dry-run] [--fix ID] [--session-driver file|cookie [--env-example]]
      [--create-table] [--allow-destructive] [--allow-outside] [--database PATH|URL] [--no-live]
      [--engine auto|node:sqlite|sqlite3|replace]
        Apply the best non-destructive fix of each problem (asks first unless --yes).
        A database outside DIR (a ../ path or a link) is only written with --allow-outside.
        Exit 0: fixed and healthy, 1: problems left, 2: error, 3: no app found (as check).
  mcp [--allow-writes [--allow-destructive]]
        Serve the tools check, sql, scan and fix to an agent over MCP (stdio). Without
        --allow-writes every fix is refused; destructive ones also need --allow-destructive.

Set SESSION_DOCTOR_LANG=fr (or LANG=fr_FR.UTF-8) for French messages.
`;

type Command = (args: string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  scan: runScan,
  check: runCheck,
  sql: runSql,
  fix: runFix,
  mcp: runMcp,
};

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? io.stdout : io.stderr).write(USAGE);
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

async function askTty(question: string): Promise<boolean> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

if (require.main === module) {
  // `session-doctor scan big.log | head`: a closed pipe ends the output quietly, as in other CLIs.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  const io: CliIo = {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    confirm: process.stdin.isTTY ? askTty : undefined,
  };
  void main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
