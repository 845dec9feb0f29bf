import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { commandLine } from '../core/report/shellQuote';
import { diagnose, type Diagnosis } from '../core/pipeline';
import { executeApplySql } from '../core/fixes/apply/applySqlFix';
import type { EngineChoice } from '../core/fixes/apply/sqlite/apply';
import { defaultBackupDir } from '../core/fixes/apply/sqlite/backups';
import { applyExactEdits } from '../core/fixes/apply/exactEdits';
import { dropSatisfiedKeyEdits, resolveGeneratedEdits } from '../core/fixes/apply/generatedValues';
import { Bundle, renderMessage } from '../core/messages';
import { DiagnoseOptions } from '../core/pipeline';
import { chooseFix, FixSelection } from '../core/fixes/build/chooseFix';
import { CommandSpec, Fix } from '../core/model';
import { describePlan } from '../core/report/fixPlan';
import { printable, printableMessage } from '../core/report/printable';
import { renderProblemText } from '../core/report/textReport';
import { parseArgs, ParsedArgs, stringFlag } from './args';
import { diagnoseOptions, DIAGNOSE_BOOLEAN, DIAGNOSE_VALUED, exitCodeOf, folderArgument } from './checkCommand';
import { CliIo, EXIT_ERROR, EXIT_FOUND, EXIT_OK, UsageError } from './io';
import { loadBundle } from './locale';
import { sqlWasmPath } from './wasmPath';

/** The fix selection the flags make (`--fix`, `--session-driver`, `--env-example`, `--create-table`, `--allow-destructive`). */
function selectionOf(p: ParsedArgs): FixSelection {
  const driver = stringFlag(p, 'session-driver');
  if (driver !== undefined && driver !== 'file' && driver !== 'cookie') throw new UsageError('--session-driver is file or cookie');
  return {
    // An empty --fix= has always meant "no id": the best fix.
    fixId: stringFlag(p, 'fix') || undefined,
    sessionDriver: driver,
    envExample: p.flags.has('env-example'),
    createTable: p.flags.has('create-table'),
    allowDestructive: p.flags.has('allow-destructive'),
  };
}

function runCommand(spec: CommandSpec, io: CliIo): Promise<number> {
  return new Promise((resolve) => {
    // argv, no shell: nothing in a path or argument can be interpreted as shell syntax.
    const child = spawn(spec.argv[0], spec.argv.slice(1), { cwd: spec.cwd, stdio: ['ignore', 'pipe', 'pipe'], env: io.env });
    child.stdout.on('data', (b: Buffer) => io.stdout.write(b.toString()));
    child.stderr.on('data', (b: Buffer) => io.stderr.write(b.toString()));
    child.on('error', (e: NodeJS.ErrnoException) => {
      io.stderr.write(`cannot run ${spec.argv[0]}: ${e.code ?? e.message}\n`);
      resolve(127);
    });
    // 'exit', not 'close': a grandchild that keeps the pipes open (seen with prisma) must not stall us.
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

/** Why each undetermined app is undetermined, one indented line per app. */
function unknownReasons(d: Diagnosis, bundle: Bundle | undefined): string {
  return d.apps
    .map((a) => (a.unknownReason ? `  ${printable(path.relative(d.root, a.root) || '.')}: ${renderMessage(printableMessage(a.unknownReason), bundle)}\n` : ''))
    .join('');
}

const ENGINES: EngineChoice[] = ['auto', 'node:sqlite', 'sqlite3', 'replace'];

async function execute(fix: Fix, io: CliIo, workspace: { root: string; allowOutside: boolean; engine: EngineChoice }): Promise<boolean> {
  switch (fix.kind) {
    case 'apply-sql': {
      const r = await executeApplySql(fix, {
        wasmPath: sqlWasmPath(),
        engine: workspace.engine,
        backupDir: defaultBackupDir(io.env),
        workspaceRoots: [workspace.root],
        allowOutsideWorkspace: workspace.allowOutside,
      });
      for (const note of r.notes) io.stdout.write(`Note: ${printable(note)}\n`);
      if (r.status === 'conflict') {
        // Not a failure of ours: the re-check below says whether the problem is gone.
        io.stdout.write(`Conflict, nothing changed: ${printable(r.reason)}\n`);
        return true;
      }
      if (r.status === 'refused') {
        io.stderr.write(`Refused, nothing changed: ${printable(r.reason)}${r.code === 'outside-workspace' ? ' (pass --allow-outside)' : ''}\n`);
        if (r.manual)
          io.stderr.write(`To apply it by hand, save this SQL as session-doctor-fix.sql:\n${indent(r.manual.sql)}\nthen run: ${printable(r.manual.command)}\n`);
        return false;
      }
      io.stdout.write(`Applied to ${printable(fix.database)} in place, with ${r.methodDescription}${r.method === 'replace' ? '' : " under SQLite's locks"}.\n`);
      for (const f of r.filesWritten) io.stdout.write(`Wrote ${printable(f)}\n`);
      if (r.backupPath) io.stdout.write(`A full copy of the database before the change: ${printable(r.backupPath)}\n`);
      io.stdout.write(
        `To take it back, run this SQL in ${printable(commandLine(['sqlite3', fix.database]))}${r.filesWritten.length ? ` and delete ${r.filesWritten.map(printable).join(', ')}` : ''}:\n${indent(r.undoSql)}\n`,
      );
      return true;
    }
    case 'edit': {
      // Byte-exact: a .env in Latin-1 (or with any bytes that are not UTF-8) keeps every byte it had outside the value.
      const r = await applyExactEdits(resolveGeneratedEdits(await dropSatisfiedKeyEdits(fix.edits)));
      if (!r.ok) {
        io.stderr.write(`Refused, nothing changed: ${printable(r.reason)}\n`);
        return false;
      }
      for (const f of r.files) io.stdout.write(`Edited ${printable(f)}\n`);
      if (fix.followUp) {
        const code = await runCommand(fix.followUp, io);
        if (code !== 0)
          io.stdout.write(
            `Run \`${printable(commandLine(fix.followUp.argv))}\` in ${printable(fix.followUp.cwd)} yourself: the edit has no effect until then.\n`,
          );
      }
      return true;
    }
    case 'run-command': {
      for (const c of fix.commands) {
        io.stdout.write(`$ ${printable(commandLine(c.argv))}\n`);
        const code = await runCommand(c, io);
        if (code !== 0) {
          io.stderr.write(`\`${printable(commandLine(c.argv))}\` exited with ${code}\n`);
          return false;
        }
      }
      return true;
    }
  }
}

/** One `fix` run on a folder, as the CLI flags or the MCP `fix` tool ask for it. */
interface FixRequest {
  dir: string;
  diagnose: DiagnoseOptions;
  /** Which fix of each problem to apply (core/fixes/build/chooseFix.ts), destructive ones allowed or not. */
  selection: FixSelection;
  allowOutside: boolean;
  dryRun: boolean;
  /** Apply without asking (`--yes`, or an MCP call with `confirm: true`). */
  yes: boolean;
  engine: EngineChoice;
}

interface FixOutcome {
  /** The exit code of README.md's table. */
  code: number;
  /** How many problems had a fix that matched the selection (applied, refused or declined). */
  matched: number;
}

/**
 * Diagnoses `dir`, applies the chosen fix of each problem under the trust and refusal rules
 * (destructive fixes only when allowed, nothing without a yes, a database outside `dir` only with
 * allowOutside), then diagnoses again. Everything it says goes to `io`, which the MCP server
 * captures.
 */
export async function fixFolder(req: FixRequest, io: CliIo, bundle: Bundle | undefined): Promise<FixOutcome> {
  const { dir } = req;
  const before = await diagnose(dir, req.diagnose);
  if (before.problems.length === 0) {
    // The same verdict, and the same exit code, as `check` on this folder.
    const say = {
      healthy: 'Nothing to fix: healthy.',
      // Say why here: sending the user to `check` only repeats "unknown".
      unknown: `Nothing to fix, but the health could not be determined:\n${unknownReasons(before, bundle).trimEnd()}`,
      'no-app': `Nothing to fix: no Prisma or Laravel app under ${printable(dir)}, so nothing was checked.`,
      problem: '',
    }[before.health];
    io.stdout.write(say + '\n');
    return { code: exitCodeOf(before), matched: 0 };
  }
  let failed = 0;
  let matched = 0;
  for (const problem of before.problems) {
    io.stdout.write(renderProblemText(before.root, problem, bundle) + '\n\n');
    const choice = chooseFix(problem, req.selection);
    if (choice.kind === 'none') {
      io.stdout.write('No fix of this problem matches the options; skipped.\n\n');
      continue;
    }
    matched++;
    if (choice.kind === 'refused') {
      io.stderr.write(`${choice.fix.id} destroys data; it runs only with --allow-destructive.\n`);
      failed++;
      continue;
    }
    const fix = choice.fix;
    io.stdout.write(describePlan(fix, bundle) + '\n');
    if (req.dryRun) {
      io.stdout.write('(dry run: nothing changed)\n\n');
      continue;
    }
    if (!req.yes) {
      const ok = io.confirm ? await io.confirm('Apply this fix? [y/N] ') : false;
      if (!ok) {
        io.stdout.write(io.confirm ? 'Skipped.\n\n' : 'Not applied: no terminal to ask; pass --yes to apply.\n\n');
        failed++;
        continue;
      }
    }
    if (!(await execute(fix, io, { root: dir, allowOutside: req.allowOutside, engine: req.engine }))) failed++;
    io.stdout.write('\n');
  }
  if (req.dryRun) return { code: EXIT_FOUND, matched };
  const after = await diagnose(dir, req.diagnose);
  io.stdout.write(
    `Health now: ${after.health}${after.problems.length ? ` (${after.problems.length} problem${after.problems.length === 1 ? '' : 's'} left)` : ''}\n`,
  );
  if (after.health === 'unknown') {
    io.stdout.write(unknownReasons(after, bundle));
    return { code: EXIT_ERROR, matched };
  }
  return { code: after.health === 'healthy' && failed === 0 ? EXIT_OK : EXIT_FOUND, matched };
}

/** The engine a fix writes with: `--engine`, else SESSION_DOCTOR_SQLITE_ENGINE, else auto. */
export function engineChoice(flag: string | undefined, env: NodeJS.ProcessEnv): EngineChoice {
  const engine = (flag ?? env.SESSION_DOCTOR_SQLITE_ENGINE ?? 'auto') as EngineChoice;
  if (!ENGINES.includes(engine)) throw new UsageError(`--engine is one of ${ENGINES.join(', ')}`);
  return engine;
}

/** `session-doctor fix [DIR] [--yes] [--dry-run] [--fix ID] [--session-driver file|cookie] [--create-table]`. */
export async function runFix(args: string[], io: CliIo): Promise<number> {
  const p = parseArgs(args, {
    valued: [...DIAGNOSE_VALUED, 'fix', 'session-driver', 'engine'],
    boolean: [...DIAGNOSE_BOOLEAN, 'yes', 'dry-run', 'create-table', 'env-example', 'allow-destructive', 'allow-outside'],
  });
  if (p.positional.length > 1) throw new UsageError('fix takes at most one folder');
  const selection = selectionOf(p);
  const engine = engineChoice(stringFlag(p, 'engine'), io.env);
  const bundle = loadBundle(io.env);
  const opts = diagnoseOptions(p, io);
  const dir = await folderArgument('fix', p, io);
  if (dir === undefined) return EXIT_ERROR;
  const outcome = await fixFolder(
    {
      dir,
      diagnose: opts,
      selection,
      allowOutside: p.flags.has('allow-outside'),
      dryRun: p.flags.has('dry-run'),
      yes: p.flags.has('yes'),
      engine,
    },
    io,
    bundle,
  );
  return outcome.code;
}
