import * as vscode from 'vscode';
import { Finding } from './core/detect/finding';
import { Problem } from './core/model';
import { DiagnosisStore } from './diagnosisStore';

/** Where every watcher (terminal, log, debug console) hands its findings. */
export type FindingSink = (findings: Finding[], source: string) => void;

export function makeFindingSink(store: DiagnosisStore, log: vscode.LogOutputChannel, onProblem: (p: Problem) => void): FindingSink {
  return (findings, source) => {
    for (const f of findings) {
      // `f.text` is the matched error line: it names a table, never a credential.
      log.info(`Detected ${f.kind} (${f.qualifier ? `${f.qualifier}.` : ''}${f.table}) in ${source}, line ${f.line}`);
      const p = store.addFinding(f, source);
      if (p) onProblem(p);
    }
  };
}
