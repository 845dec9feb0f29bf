import * as path from 'node:path';
import { CommandSpec } from '../model';
import { maskUrl } from '../redact';

/** cmd.exe is not offered: it expands %VAR% even inside quotes, so no quoting makes it literal. */
type ShellFlavor = 'posix' | 'powershell';

const SAFE = /^[A-Za-z0-9_/.,:=@%+-]+$/;

/** Quotes one argument so the shell passes it through literally: no expansion, no substitution. */
export function quoteArg(arg: string, shell: ShellFlavor = 'posix'): string {
  if (arg !== '' && SAFE.test(arg)) return arg;
  switch (shell) {
    case 'posix':
      // Inside single quotes nothing is special; a quote itself is closed, escaped, reopened.
      return `'${arg.replace(/'/g, `'\\''`)}'`;
    case 'powershell':
      return `'${arg.replace(/'/g, "''")}'`;
  }
}

/**
 * The command as a person reads it. Display only: a database url in an argument (`psql -d url`) has
 * its password masked, so what is shown never holds a secret; the argv itself is what runs.
 */
export function commandLine(argv: readonly string[], shell: ShellFlavor = 'posix'): string {
  return displayArgv(argv)
    .map((a) => quoteArg(a, shell))
    .join(' ');
}

/** argv with the password of every database url masked, for any output (text, JSON, logs). */
export function displayArgv(argv: readonly string[]): string[] {
  return argv.map((a) => maskUrl(a));
}

/**
 * For display: `php artisan migrate`, or `cd apps/api && php artisan migrate` when the command runs
 * in another folder than `root` (a monorepo), the folder quoted like any argument.
 */
export function displayCommands(commands: readonly CommandSpec[], shell: ShellFlavor = 'posix', root?: string): string {
  const line = commands.map((c) => commandLine(c.argv, shell)).join(' && ');
  const cwd = commands[0]?.cwd;
  if (root === undefined || cwd === undefined || path.resolve(cwd) === path.resolve(root)) return line;
  const rel = path.relative(root, cwd);
  return `cd ${quoteArg(rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : cwd, shell)} && ${line}`;
}
