import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import { diagnose, Diagnosis, DiagnoseOptions } from '../core/pipeline';
import { printable } from '../core/report/printable';
import { diagnosisSarif } from '../core/report/sarifReport';
import { diagnosisJson, renderDiagnosisText } from '../core/report/textReport';
import { parseArgs, ParsedArgs, stringFlag } from './args';
import { CliIo, EXIT_ERROR, EXIT_FOUND, EXIT_NO_APP, EXIT_OK, UsageError } from './io';
import { cliLanguage, loadBundle } from './locale';
import { toolInfo } from './toolInfo';

export const DIAGNOSE_VALUED = ['model', 'table', 'timeout', 'database'];
export const DIAGNOSE_BOOLEAN = ['no-live'];

export function diagnoseOptions(p: ParsedArgs, io: CliIo): DiagnoseOptions {
  const timeout = stringFlag(p, 'timeout');
  if (timeout !== undefined && !/^\d+$/.test(timeout)) throw new UsageError('--timeout takes milliseconds');
  const database = stringFlag(p, 'database');
  if (database !== undefined && database.trim() === '') throw new UsageError('--database takes a SQLite file path or a database url');
  return {
    env: io.env,
    sessionModel: stringFlag(p, 'model'),
    sessionTable: stringFlag(p, 'table'),
    live: !p.flags.has('no-live'),
    liveTimeoutMs: timeout ? Number(timeout) : undefined,
    // A relative path is relative to where the command runs, as for any path argument.
    database: database === undefined ? undefined : { value: database, from: 'flag', baseDir: io.cwd },
  };
}

/** The folder `check` and `fix` work on, or undefined (after saying why) when it is not one. */
export async function folderArgument(command: string, p: ParsedArgs, io: CliIo): Promise<string | undefined> {
  const dir = path.resolve(io.cwd, p.positional[0] ?? '.');
  try {
    if ((await stat(dir)).isDirectory()) return dir;
  } catch {
    // reported below
  }
  io.stderr.write(`session-doctor ${command}: ${printable(dir)} is not a readable folder\n`);
  return undefined;
}

/** The exit code of a diagnosis: the same for `check` and for `fix` (README.md has the table). */
export function exitCodeOf(d: Diagnosis): number {
  switch (d.health) {
    case 'healthy':
      return EXIT_OK;
    case 'problem':
      return EXIT_FOUND;
    case 'unknown':
      return EXIT_ERROR;
    case 'no-app':
      return EXIT_NO_APP;
  }
}

type CheckFormat = 'text' | 'json' | 'sarif';
const FORMATS: CheckFormat[] = ['text', 'json', 'sarif'];

/** `--format text|json|sarif`; `--json` is kept as the short form of `--format json`. */
function checkFormat(p: ParsedArgs): CheckFormat {
  const format = stringFlag(p, 'format');
  if (format !== undefined && !(FORMATS as string[]).includes(format)) throw new UsageError(`--format is one of ${FORMATS.join(', ')}`);
  if (p.flags.has('json') && format !== undefined && format !== 'json') throw new UsageError(`--json contradicts --format ${format}`);
  return p.flags.has('json') ? 'json' : ((format ?? 'text') as CheckFormat);
}

/** `session-doctor check [DIR] [--format text|json|sarif]`: 0 healthy, 1 problems, 2 error or undetermined, 3 no app. */
export async function runCheck(args: string[], io: CliIo): Promise<number> {
  const p = parseArgs(args, { valued: [...DIAGNOSE_VALUED, 'format'], boolean: ['json', ...DIAGNOSE_BOOLEAN] });
  if (p.positional.length > 1) throw new UsageError('check takes at most one folder');
  const format = checkFormat(p);
  const dir = await folderArgument('check', p, io);
  if (dir === undefined) return EXIT_ERROR;
  const d = await diagnose(dir, diagnoseOptions(p, io));
  const bundle = loadBundle(io.env);
  if (format === 'json') io.stdout.write(JSON.stringify(diagnosisJson(d, bundle), null, 2) + '\n');
  else if (format === 'sarif')
    io.stdout.write(JSON.stringify(diagnosisSarif(d, toolInfo(), { bundle, language: bundle ? cliLanguage(io.env) : 'en' }), null, 2) + '\n');
  else io.stdout.write(renderDiagnosisText(d, bundle));
  if (format !== 'text') return exitCodeOf(d);
  if (d.health === 'unknown') io.stderr.write('session-doctor check: the health of at least one app could not be determined (see above)\n');
  if (d.health === 'no-app') io.stderr.write(`session-doctor check: no Prisma or Laravel app under ${printable(d.root)}; nothing was checked\n`);
  return exitCodeOf(d);
}
