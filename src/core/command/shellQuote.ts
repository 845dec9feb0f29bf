import { CommandSpec } from '../model';

/** cmd.exe is not offered: it expands %VAR% even inside quotes, so no quoting makes it literal. */
export type ShellFlavor = 'posix' | 'powershell';

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

export function commandLine(argv: readonly string[], shell: ShellFlavor = 'posix'): string {
  return argv.map((a) => quoteArg(a, shell)).join(' ');
}

/** For display in reports: `cd <root> && npx prisma migrate deploy`. */
export function displayCommands(commands: readonly CommandSpec[], shell: ShellFlavor = 'posix'): string {
  return commands.map((c) => commandLine(c.argv, shell)).join(' && ');
}
