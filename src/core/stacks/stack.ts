/**
 * The one interface every stack implements (Prisma, Laravel, and the stacks to come). The pipeline
 * (core/pipeline.ts) runs each registered stack the same way:
 *
 *   discover(tree) → apps;  gatherFacts(app) → facts  (all the I/O, in one async step);
 *   rules(facts) → the app's report and its problems with ranked fixes  (pure, synchronous).
 *
 * Adding a stack is adding a folder under stacks/ that exports one `Stack`, and one line in
 * stacks/registry.ts. CONTRIBUTING.md ("Adding a stack") walks through it.
 */
import type { Finding } from '../detect/finding';
import type { Message, Problem, SqlDialect } from '../model';
import type { AppReport, DiagnoseOptions } from '../problems/diagnosis';
import type { FolderListing } from '../read/findFiles';

/** What the rules of one app produce: the facts every surface shows, and the problems. */
export interface AppOutcome {
  app: AppReport;
  problems: Problem[];
}

/** What discovery gets: the root and the one walk of its folders that every stack shares. */
interface DiscoverInput {
  root: string;
  /** The folders under root with their entries (the root first): one walk, shared by every stack. */
  folders: readonly FolderListing[];
  maxDepth?: number;
}

export interface Stack<App = unknown, Facts = unknown> {
  /** The `framework` id of its apps in every output (`check --json`, SARIF, the extension). */
  readonly id: AppReport['framework'];
  /**
   * Glob patterns (workspace-relative) of the files that mark an app of this stack, for watchers:
   * the extension watches these for apps that do not exist yet, and each found app's own
   * `AppReport.watchFiles`.
   */
  readonly markers: readonly string[];
  /** `session-doctor scan` advice on the errors this stack recognises as its own; none: neutral advice. */
  readonly scanHints?: ScanHints;
  /**
   * The ids of the fixes that create the missing session table itself, best first (`fix
   * --create-table` picks the first a problem offers).
   */
  readonly createTableFixes?: readonly string[];
  /**
   * The stack takes the database a user names (`--database`, `sessionDoctor.databaseUrl`). With
   * several such apps in the folder, the pipeline withholds it: it would be a guess which app it meant.
   */
  readonly takesDatabaseOverride?: boolean;
  /** Finds the stack's apps, reading files as text; never runs workspace code. */
  discover(input: DiscoverInput): Promise<App[]>;
  /**
   * Every fact about one app, gathered in one step: files, settings with where each came from,
   * the session table's state, the migration history, live checks and the proofs of fixes.
   */
  gatherFacts(app: App, opts: DiagnoseOptions): Promise<Facts>;
  /** Pure and synchronous: facts → report and problems with ranked fixes. No I/O. */
  rules(facts: Facts): AppOutcome;
  /** The framework's own DDL for the session table in a dialect, or undefined when it has none. */
  sessionTableDdl(facts: Facts, dialect: SqlDialect): string | undefined;
}

/** One stack's advice on the missing-table errors `session-doctor scan` finds. */
export interface ScanHints {
  /** Whether the error is this stack's: its own error code, or the shape its logs give the error. */
  owns(f: Finding): boolean;
  /** What to do about it, in this stack's terms only; a session table gets a second message. */
  hints(f: Finding): Message[];
}
