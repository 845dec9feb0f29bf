import * as vscode from 'vscode';
import { Finding, FindingKind } from '../core/detect/finding';
import { Problem } from '../core/model';
import { DiagnosisStore } from './diagnosisStore';

/** Where every watcher (terminal, log, debug console) hands its findings. */
export type FindingSink = (findings: Finding[], source: string) => void;

/** One session-table error seen at run time, and what it was tied to (read-only, for the API). */
export interface Detection {
  source: string;
  kind: FindingKind;
  table: string;
  /** The problem it confirmed or raised, when the error was about a known app's session table. */
  problemCode?: string;
  app?: string;
  /** Whether it raised a notification (false when the same problem was announced recently). */
  notified: boolean;
}

export function makeFindingSink(
  store: DiagnosisStore,
  log: vscode.LogOutputChannel,
  onProblem: (p: Problem) => boolean,
  onDetection: (d: Detection) => void = () => undefined,
): FindingSink {
  // Findings are handled one at a time, in the order they were seen: deciding one may wait for a
  // fresh diagnosis, and the next must see what the previous one added.
  let queue: Promise<void> = Promise.resolve();
  const handle = async (f: Finding, source: string): Promise<void> => {
    // `f.text` is the matched error line: it names a table, never a credential.
    log.info(`Detected ${f.kind} (${f.qualifier ? `${f.qualifier}.` : ''}${f.table}) in ${source}, line ${f.line}`);
    const p = await store.addFinding(f, source);
    const notified = p ? onProblem(p) : false;
    onDetection({ source, kind: f.kind, table: f.table, problemCode: p?.code, app: p?.app, notified });
  };
  return (findings, source) => {
    for (const f of findings) {
      queue = queue
        .then(() => handle(f, source))
        .catch((e: unknown) => log.error(`Run-time finding not handled: ${e instanceof Error ? e.message : String(e)}`));
    }
  };
}
