import type { Fix, Problem } from '../../model';
import { STACKS } from '../../stacks/registry';

/**
 * Which fix a user asks for, in words every shell shares: the CLI's `fix` flags, the MCP `fix`
 * tool's arguments. Nothing set asks for the best fix that deletes nothing.
 */
export interface FixSelection {
  /** One fix by its stable id (`--fix ID`, the MCP tool's `fixId`); wins over everything below. */
  fixId?: string;
  /** Laravel: set SESSION_DRIVER to this (`--session-driver`), and in .env.example too with `envExample`. */
  sessionDriver?: 'file' | 'cookie';
  envExample?: boolean;
  /** Create the missing session table instead of changing the configuration (`--create-table`). */
  createTable?: boolean;
  /** A fix that deletes data may run (`--allow-destructive`, an MCP server started with it). */
  allowDestructive?: boolean;
}

export type FixChoice =
  | { kind: 'apply'; fix: Fix }
  /** No fix of this problem is what was asked for: the problem is skipped. */
  | { kind: 'none' }
  /** The fix asked for deletes data, and that was not allowed. */
  | { kind: 'refused'; fix: Fix; reason: 'destructive' };

/**
 * The fixes that create the missing session table itself (with the exact SQL, applying or
 * completing a migration): every stack's `createTableFixes`.
 */
export const CREATE_TABLE_FIX_IDS: readonly string[] = STACKS.flatMap((s) => s.createTableFixes ?? []);

/** The id of Laravel's fix that sets SESSION_DRIVER to `driver` (in .env, or in .env and .env.example). */
export function driverFixId(driver: 'file' | 'cookie', withExample = false): string {
  return withExample ? `laravel.driver.${driver}.withExample` : `laravel.driver.${driver}`;
}

/**
 * The fix of `problem` that `selection` asks for. Fixes are ranked best first, so "the best" is the
 * first that deletes nothing and is not advice (`manual`); a destructive or manual fix is only ever
 * chosen by its id, and a destructive one then refused unless allowed.
 */
export function chooseFix(problem: Problem, selection: FixSelection): FixChoice {
  const fix = pick(problem.fixes, selection);
  if (!fix) return { kind: 'none' };
  if (fix.destructive && !selection.allowDestructive) return { kind: 'refused', fix, reason: 'destructive' };
  return { kind: 'apply', fix };
}

function pick(fixes: readonly Fix[], s: FixSelection): Fix | undefined {
  if (s.fixId !== undefined) return fixes.find((f) => f.id === s.fixId);
  if (s.sessionDriver) {
    const id = driverFixId(s.sessionDriver, s.envExample);
    return fixes.find((f) => f.id === id);
  }
  if (s.createTable) return fixes.find((f) => CREATE_TABLE_FIX_IDS.includes(f.id));
  return fixes.find((f) => !f.destructive && !f.manual);
}
