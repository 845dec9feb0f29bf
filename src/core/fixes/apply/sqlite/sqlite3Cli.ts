/**
 * The `sqlite3` CLI engine: the same program a user would type into, holding SQLite's own locks.
 *
 * The SQL goes through stdin, never through a shell or argv. `-bail` stops at the first error, and
 * an open transaction is rolled back when the process ends, so any failure changes nothing. The CLI
 * cannot branch, so each check of the plan becomes a guard: a temporary trigger that aborts with a
 * numbered message when the check's expression is not 1. Temporary objects live in the connection's
 * own temp database; nothing of them reaches the user's file.
 */
import { spawn } from 'node:child_process';
import * as os from 'node:os';
import { pathToFileURL } from 'node:url';
import type { EngineOutcome, EngineRunOptions, SqliteWriteEngine } from './engine';
import type { TransactionPlan } from './transactionPlan';

interface Sqlite3Cli {
  /** What to spawn: `sqlite3`, found on PATH, or an explicit path. */
  command: string;
  version: string;
}

const GUARD = 'session-doctor-check-';
const HOOK_MARKER = 'session_doctor_before_commit';
/** Printed after COMMIT succeeded; with -bail nothing after a failed COMMIT runs. */
const COMMITTED = 'session-doctor-committed';
/** `-safe` (no .shell, no ATTACH, no extensions) exists from 3.37. */
const SAFE_MODE_SINCE = [3, 37, 0];

function versionAtLeast(version: string, min: number[]): boolean {
  const parts = version.split('.').map((n) => Number.parseInt(n, 10));
  for (let i = 0; i < min.length; i++) {
    const p = parts[i] ?? 0;
    if (p !== min[i]) return p > min[i];
  }
  return true;
}

/** Asks `command -version`; undefined when there is no such program or it is not SQLite 3. */
export function probeSqlite3(command = 'sqlite3', timeoutMs = 5000): Promise<Sqlite3Cli | undefined> {
  return new Promise((resolve) => {
    let out = '';
    let child;
    try {
      child = spawn(command, ['-version'], { stdio: ['ignore', 'pipe', 'ignore'], timeout: timeoutMs, windowsHide: true });
    } catch {
      resolve(undefined);
      return;
    }
    child.stdout.on('data', (b: Buffer) => {
      if (out.length < 4096) out += b.toString('utf8');
    });
    child.on('error', () => resolve(undefined));
    child.on('close', (code) => {
      const m = /^(3\.\d+\.\d+)/.exec(out.trim());
      resolve(code === 0 && m ? { command, version: m[1] } : undefined);
    });
  });
}

/**
 * The script for one plan. The guard table and triggers are created before BEGIN IMMEDIATE; the
 * statements are refused if a line could be taken for a dot-command (a line starting with `.`).
 */
function cliScript(plan: TransactionPlan, busyTimeoutMs: number, withHookMarker: boolean): { head: string; tail: string } {
  const checks = [...plan.before, ...plan.after];
  const lines = [
    '.bail on',
    `.timeout ${Math.max(1, Math.round(busyTimeoutMs))}`,
    'PRAGMA temp_store = MEMORY;',
    'CREATE TEMP TABLE sd_guard(id INTEGER, ok);',
  ];
  checks.forEach((_, k) =>
    lines.push(
      `CREATE TEMP TRIGGER sd_guard_${k} BEFORE INSERT ON sd_guard WHEN NEW.id = ${k} AND NEW.ok IS NOT 1 BEGIN SELECT RAISE(ABORT, '${GUARD}${k}'); END;`,
    ),
  );
  const guard = (k: number) => `INSERT INTO sd_guard VALUES (${k}, (${checks[k].expr}));`;
  lines.push('BEGIN IMMEDIATE;');
  plan.before.forEach((_, k) => lines.push(guard(k)));
  lines.push(plan.statements.trimEnd());
  plan.after.forEach((_, k) => lines.push(guard(plan.before.length + k)));
  // The marker is a statement echoed by `.trace stderr`: stderr is unbuffered, so it arrives while
  // the transaction is open and the CLI waits on stdin for the rest.
  if (withHookMarker) lines.push('.trace stderr', `SELECT '${HOOK_MARKER}' WHERE 0;`, '.trace off');
  return { head: lines.join('\n') + '\n', tail: `COMMIT;\nSELECT '${COMMITTED}';\n` };
}

function hasDotCommandLine(sql: string): boolean {
  return /^[.]/m.test(sql);
}

export class Sqlite3CliEngine implements SqliteWriteEngine {
  readonly name = 'sqlite3' as const;
  readonly description: string;

  constructor(private readonly cli: Sqlite3Cli) {
    this.description = `sqlite3 ${cli.version}${cli.command === 'sqlite3' ? '' : ` (${cli.command})`}`;
  }

  run(dbPath: string, plan: TransactionPlan, opts: EngineRunOptions): Promise<EngineOutcome> {
    if (hasDotCommandLine(plan.statements))
      return Promise.resolve({ kind: 'sql-error', detail: 'a line of the SQL starts with "." and would be read as a sqlite3 command' });
    const checks = [...plan.before, ...plan.after];
    const { head, tail } = cliScript(plan, opts.busyTimeoutMs, opts.beforeCommit !== undefined);
    const args = [
      '-batch',
      '-bail',
      '-init',
      os.devNull,
      ...(versionAtLeast(this.cli.version, SAFE_MODE_SINCE) ? ['-safe'] : []),
      `${pathToFileURL(dbPath).href}?mode=rw`,
    ];
    return new Promise((resolve) => {
      const child = spawn(this.cli.command, args, { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
      let stderr = '';
      let stdout = '';
      child.stdout.on('data', (b: Buffer) => {
        if (stdout.length < 65536) stdout += b.toString('utf8');
      });
      let hookDone = false;
      child.stderr.on('data', (b: Buffer) => {
        if (stderr.length < 65536) stderr += b.toString('utf8');
        if (!hookDone && opts.beforeCommit && stderr.includes(HOOK_MARKER)) {
          hookDone = true;
          void Promise.resolve(opts.beforeCommit()).finally(() => child.stdin.end(tail));
        }
      });
      child.stdin.on('error', () => undefined); // the CLI bailed out before reading everything: its exit tells why
      child.on('error', (err) => resolve({ kind: 'cannot-open', detail: `cannot run ${this.cli.command}: ${err.message}` }));
      child.on('close', (code, signal) => {
        const text = withoutMarker(stderr);
        if (signal) return resolve({ kind: 'unknown', detail: `sqlite3 ended on ${signal}` });
        if (stdout.includes(COMMITTED) && text === '') return resolve({ kind: 'committed' });
        const guard = new RegExp(`${GUARD}(\\d+)`).exec(text);
        if (guard) return resolve({ kind: 'check-failed', check: checks[Number(guard[1])] });
        resolve(classifyCliError(text || `sqlite3 exited with ${code}`));
      });
      child.stdin.write(head);
      if (!opts.beforeCommit) child.stdin.end(tail);
    });
  }
}

/** stderr without the hook marker's trace line. */
function withoutMarker(stderr: string): string {
  return stderr
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.includes(HOOK_MARKER))
    .join('\n');
}

/** The CLI prints `Runtime error near line N: <message> (<code>)` (older: `Error: near line N: <message>`). */
function classifyCliError(text: string): EngineOutcome {
  const detail = text.replace(/^(Runtime error|Parse error|Error):?\s*(near line \d+:\s*)?/gm, '').trim();
  if (/database (table )?is locked|\((5|6|261|262|517)\)/.test(text)) return { kind: 'busy', detail };
  if (/readonly database|read-only|\((8|264|520|776|1032|1288)\)/.test(text)) return { kind: 'read-only', detail };
  if (/unable to open database/.test(text)) return { kind: 'cannot-open', detail };
  return { kind: 'sql-error', detail };
}
