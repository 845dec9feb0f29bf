import * as vscode from 'vscode';
import type { Diagnosis } from '../core/problems/diagnosis';
import { Finding } from '../core/detect/finding';
import { HealthState, Problem } from '../core/model';
import { appForFinding, problemForFinding, reconcileRuntimeProblems, RUNTIME_ELSEWHERE, sessionMissingProblem } from '../core/problems/findingProblems';
import { readSettings } from './config';

type StoreState = 'checking' | HealthState;

export interface Snapshot {
  state: StoreState;
  /** One diagnosis per workspace folder (file scheme only). */
  diagnoses: Diagnosis[];
  /** Problems from run-time errors (terminal, logs, debug console) not already in a diagnosis. */
  runtimeProblems: Problem[];
  /** All problems, diagnosis first. */
  problems: Problem[];
  /**
   * The workspace is not trusted, so MySQL/PostgreSQL tables were not checked: a repository the user
   * has not trusted must not make the editor connect to hosts its .env names. Checked once trusted.
   */
  awaitingTrust: boolean;
}

/** "1 app", "2 apps": for the English log. */
function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * Owns the current diagnosis of the workspace and re-runs the core `diagnose()` on demand, debounced.
 * Every surface reads its snapshot and listens to `onDidChange`; none diagnoses on its own.
 */
export class DiagnosisStore implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Snapshot>();
  readonly onDidChange = this.emitter.event;
  private diagnoses: Diagnosis[] = [];
  private runtime: Problem[] = [];
  private awaitingTrust = false;
  private checking = false;
  private timer: NodeJS.Timeout | undefined;
  /** When the oldest change still waiting for a run arrived. */
  private firstPending: number | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private disposed = false;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    private readonly debounceMs = 300,
    private readonly maxWaitMs = 2000,
  ) {}

  get snapshot(): Snapshot {
    const problems = [...this.diagnoses.flatMap((d) => d.problems), ...this.runtime];
    let state: StoreState;
    if (this.checking && this.diagnoses.length === 0) state = 'checking';
    else if (problems.some((p) => p.severity !== 'info')) state = 'problem';
    else if (this.diagnoses.some((d) => d.health === 'unknown')) state = 'unknown';
    else state = this.checking ? 'checking' : 'healthy';
    return { state, diagnoses: this.diagnoses, runtimeProblems: this.runtime, problems, awaitingTrust: this.awaitingTrust };
  }

  /** Schedules a re-diagnosis (file changes call this; bursts are folded into one run). */
  schedule(): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    // A running app writes its SQLite file on every request: without a ceiling, a steady stream of
    // change events would keep pushing the run back forever. Wait for a quiet moment, but never
    // longer than maxWaitMs after the first event.
    const now = Date.now();
    this.firstPending ??= now;
    const delay = Math.max(0, Math.min(this.debounceMs, this.firstPending + this.maxWaitMs - now));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.firstPending = undefined;
      void this.refresh();
    }, delay);
  }

  /** Runs the diagnosis now; resolves when a run that started after this call has finished. */
  async refresh(opts: { clearRuntime?: boolean } = {}): Promise<Snapshot> {
    if (opts.clearRuntime) this.runtime = [];
    if (this.running) {
      this.again = true;
      await this.running;
      if (this.running) await this.running;
      return this.snapshot;
    }
    this.running = this.run();
    try {
      await this.running;
    } finally {
      this.running = undefined;
    }
    if (this.again) {
      this.again = false;
      return this.refresh();
    }
    return this.snapshot;
  }

  private async run(): Promise<void> {
    this.checking = true;
    this.emitter.fire(this.snapshot);
    const started = Date.now();
    try {
      const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
      // No network connection to a host an untrusted workspace names: live checks wait for trust.
      const trusted = vscode.workspace.isTrusted;
      let deferred = false;
      // The diagnosis (every stack's discovery, facts and rules) is its own file, loaded on the first
      // check rather than at activation (esbuild.js: LAZY_LOCAL).
      const { diagnose } = await import('../core/pipeline');
      this.diagnoses = await Promise.all(
        folders.map((f) => {
          const s = readSettings(f);
          if (s.liveChecks && !trusted) deferred = true;
          return diagnose(f.uri.fsPath, {
            sessionModel: s.sessionModel || undefined,
            sessionTable: s.sessionTable || undefined,
            preferredDriver: s.preferredDriver,
            live: s.liveChecks && trusted,
            database: s.databaseUrl ? { value: s.databaseUrl, from: 'setting', baseDir: f.uri.fsPath } : undefined,
          });
        }),
      );
      this.awaitingTrust = deferred;
      this.runtime = reconcileRuntimeProblems(this.diagnoses, this.runtime);
      this.log.info(
        `Diagnosis: ${this.diagnoses.map((d) => `${d.root} ${d.health} (${plural(d.apps.length, 'app')}, ${plural(d.problems.length, 'problem')})`).join('; ') || 'no folder'} in ${Date.now() - started} ms`,
      );
    } catch (e) {
      this.log.error(`Diagnosis failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      this.checking = false;
      this.emitter.fire(this.snapshot);
    }
  }

  /**
   * A run-time error from a terminal, log or the debug console. Resolves with the problem it is
   * about: the diagnosis' own problem for that app when there is one, else a run-time problem.
   * "The table is there, yet the process says it is missing" is only claimed after a fresh
   * diagnosis agrees: the one at hand may predate the table being dropped a moment ago.
   */
  async addFinding(f: Finding, source: string): Promise<Problem | undefined> {
    if (!f.session) return undefined;
    let decision = this.decide(f, source);
    if (decision?.isNew && decision.problem.code === RUNTIME_ELSEWHERE) {
      await this.refresh();
      decision = this.decide(f, source);
    }
    if (!decision?.isNew || this.disposed) return decision?.problem;
    const p = decision.problem;
    this.runtime.push(p);
    this.emitter.fire(this.snapshot);
    // The database may have changed under us: check again.
    if (p.code !== RUNTIME_ELSEWHERE) this.schedule();
    return p;
  }

  /** The problem a finding is about, against the current diagnosis; `isNew` when nothing holds it yet. */
  private decide(f: Finding, source: string): { problem: Problem; isNew: boolean } | undefined {
    const d = this.diagnoses.find((x) => appForFinding(x, f)) ?? this.diagnoses.find((x) => x.apps.length > 0) ?? this.diagnoses[0];
    if (!d) return undefined;
    const app = appForFinding(d, f);
    const known = app && sessionMissingProblem(d, app.root);
    if (known) return { problem: known, isNew: false };
    const p = problemForFinding(d, f, source);
    if (!p) return undefined;
    const same = this.runtime.find((q) => q.app === p.app && q.code === p.code && q.message.args?.[0] === p.message.args?.[0]);
    return same ? { problem: same, isNew: false } : { problem: p, isNew: true };
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.emitter.dispose();
  }
}
