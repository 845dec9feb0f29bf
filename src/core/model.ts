/**
 * The one problem model. Every surface (CLI, status bar, diagnostics, lightbulb, notifications,
 * report) renders these objects; none of them computes a diagnosis of its own.
 *
 * Positions are 0-based lines and UTF-16 character columns, as in VS Code, in the file's text
 * with any BOM removed.
 */

/** A user-visible message: an id from `messages.ts` plus its arguments, so every surface can translate it. */
export interface Message {
  id: string;
  args?: (string | number)[];
}

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface Location {
  /** Absolute path. */
  file: string;
  range: Range;
}

export type Severity = 'error' | 'warning' | 'info';

/** A change to one file's text; `range` undefined with `create` means "create the file with newText". */
export interface FileEdit {
  file: string;
  /** Replace this range. Absent: the whole new file (only with `create`). */
  range?: Range;
  newText: string;
  /** Create the file; never overwrite an existing one. */
  create?: boolean;
  /** The text the range held when the problem was computed; the edit is refused if it changed since. */
  oldText?: string;
  /**
   * `newText` holds a placeholder for a secret generated when the edit is applied, so the secret is
   * never shown: `laravel-app-key` is `base64:` + 32 random bytes, as `php artisan key:generate` makes it.
   */
  generate?: 'laravel-app-key';
}

interface FixBase {
  /** Stable id, e.g. `prisma.createTable`, `laravel.driver.cookie`. */
  id: string;
  title: Message;
  /** Why and when to choose this fix. */
  detail?: Message;
  destructive: boolean;
  /** At most one fix of a problem is preferred: the one a lightbulb marks. */
  preferred?: boolean;
  /** Needs a trusted workspace (every write and command does). */
  requiresTrust: boolean;
  /**
   * Advice to read before running: applied only when asked for by its id (`fix --fix ID`), never as
   * "the best fix" (`fix --yes`), e.g. replacing a migration history written for another database.
   */
  manual?: boolean;
}

export interface EditFix extends FixBase {
  kind: 'edit';
  edits: FileEdit[];
  /** A command to run after the edit, e.g. `php artisan config:clear` when the config is cached. */
  followUp?: CommandSpec;
}

export type SqlDialect = 'sqlite' | 'postgresql' | 'mysql';

/** A SQL boolean expression checked inside the apply's transaction: 1 when all is well. */
export interface SqlCheck {
  expr: string;
  /** `conflict`: the database no longer needs the change; `verify`: the change did not come out right. */
  failure: 'conflict' | 'verify';
  message: string;
}

/** Migration bookkeeping for an apply: the statements, their checks, and how to take them back. */
export interface Bookkeeping {
  sql: string;
  checks: SqlCheck[];
  undoSql: string;
}

export interface ApplySqlFix extends FixBase {
  kind: 'apply-sql';
  dialect: SqlDialect;
  /** Absolute path of the SQLite file the SQL goes into (only SQLite is applied directly). */
  database: string;
  /** The exact DDL shown to the user. */
  sql: string;
  /** Extra bookkeeping statements run in the same transaction (migration rows), shown too. */
  bookkeepingSql?: string;
  /** Checks on the bookkeeping inside the transaction (e.g. the migration is recorded exactly once). */
  bookkeepingChecks?: SqlCheck[];
  /** SQL that removes the bookkeeping again (part of the undo an apply reports). */
  undoBookkeepingSql?: string;
  /** Files written together with the apply (e.g. a new migration folder). */
  files?: FileEdit[];
  /**
   * Objects that must exist afterwards, checked before the file is replaced; `columns`: columns of
   * existing tables the SQL adds (absent before, present after).
   */
  expect: { tables: string[]; indexes: string[]; columns?: Array<{ table: string; column: string }> };
}

export interface CommandSpec {
  /** argv: never a shell string. Rendered with shell quoting only for display or a terminal. */
  argv: string[];
  cwd: string;
}

export interface RunCommandFix extends FixBase {
  kind: 'run-command';
  /** Run in order; stop at the first failure (e.g. `make:session-table` then `migrate`). */
  commands: CommandSpec[];
}

export type Fix = EditFix | ApplySqlFix | RunCommandFix;

export interface Problem {
  /** Stable code, e.g. `prisma.sessionTableMissing`, `laravel.sessionTableMissing`, `laravel.configCached`. */
  code: string;
  severity: Severity;
  message: Message;
  /** Longer explanation (Markdown allowed in the English/French templates). */
  detail?: Message;
  /** Where the problem is anchored: the schema model, or the `.env` line. */
  location?: Location;
  /** Root folder of the app the problem belongs to. */
  app: string;
  /** Ranked: best first. */
  fixes: Fix[];
}

/** `no-app`: no Prisma or Laravel app was found, so nothing was checked (never "healthy"). */
export type HealthState = 'healthy' | 'problem' | 'unknown' | 'no-app';
