import { stat } from 'node:fs/promises';
import { diagnose, DiagnoseOptions } from '../core/diagnose';
import { diagnosisJson, renderDiagnosisText } from '../core/report/textReport';
import { parseArgs, ParsedArgs, stringFlag } from './args';
import { CliIo, EXIT_ERROR, EXIT_FOUND, EXIT_OK, UsageError } from './io';
import { loadBundle } from './locale';

export const DIAGNOSE_VALUED = ['model', 'table', 'timeout'];
export const DIAGNOSE_BOOLEAN = ['no-live'];

export function diagnoseOptions(p: ParsedArgs, io: CliIo): DiagnoseOptions {
  const timeout = stringFlag(p, 'timeout');
  if (timeout !== undefined && !/^\d+$/.test(timeout)) throw new UsageError('--timeout takes milliseconds');
  return { env: io.env, sessionModel: stringFlag(p, 'model'), sessionTable: stringFlag(p, 'table'), live: !p.flags.has('no-live'), liveTimeoutMs: timeout ? Number(timeout) : undefined };
}

/** `session-doctor check [DIR] [--json]`: 0 healthy, 1 problems, 2 error or undetermined. */
export async function runCheck(args: string[], io: CliIo): Promise<number> {
  const p = parseArgs(args, { valued: DIAGNOSE_VALUED, boolean: ['json', ...DIAGNOSE_BOOLEAN] });
  if (p.positional.length > 1) throw new UsageError('check takes at most one folder');
  const dir = p.positional[0] ?? io.cwd;
  try {
    if (!(await stat(dir)).isDirectory()) throw new Error();
  } catch {
    io.stderr.write(`session-doctor check: ${dir} is not a readable folder\n`);
    return EXIT_ERROR;
  }
  const d = await diagnose(dir, diagnoseOptions(p, io));
  const bundle = loadBundle(io.env);
  if (p.flags.has('json')) io.stdout.write(JSON.stringify(diagnosisJson(d, bundle), null, 2) + '\n');
  else io.stdout.write(renderDiagnosisText(d, bundle));
  if (d.health === 'problem') return EXIT_FOUND;
  if (d.health === 'unknown') {
    if (!p.flags.has('json')) io.stderr.write('session-doctor check: the health of at least one database could not be determined (see above)\n');
    return EXIT_ERROR;
  }
  return EXIT_OK;
}
