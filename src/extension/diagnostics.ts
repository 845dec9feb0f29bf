import * as vscode from 'vscode';
import { Problem } from '../core/model';
import { Snapshot } from './diagnosisStore';
import { plain } from './l10n';

export const DIAGNOSTIC_SOURCE = 'Session Doctor';

function toRange(p: Problem): vscode.Range {
  const r = p.location!.range;
  const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
  // A zero-width range still needs something to underline: the rest of the line is fine.
  return range.isEmpty ? new vscode.Range(r.start.line, r.start.character, r.start.line, Number.MAX_SAFE_INTEGER) : range;
}

const SEVERITY: Record<Problem['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/**
 * Renders located problems into the Problems panel, and remembers which problem each diagnostic
 * shows, so the quick-fix provider offers that problem's own fixes.
 */
export class Diagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('session-doctor');
  private readonly byDiagnostic = new WeakMap<vscode.Diagnostic, Problem>();
  private current: Array<{ uri: vscode.Uri; diagnostic: vscode.Diagnostic; problem: Problem }> = [];

  render(s: Snapshot): void {
    if (s.state === 'checking' && s.diagnoses.length > 0) return; // keep the previous ones until the run ends
    const byFile = new Map<string, vscode.Diagnostic[]>();
    this.current = [];
    for (const p of s.problems) {
      if (!p.location) continue;
      const d = new vscode.Diagnostic(toRange(p), plain(p.message), SEVERITY[p.severity]);
      d.source = DIAGNOSTIC_SOURCE;
      d.code = p.code;
      this.byDiagnostic.set(d, p);
      const uri = vscode.Uri.file(p.location.file);
      this.current.push({ uri, diagnostic: d, problem: p });
      byFile.set(uri.toString(), [...(byFile.get(uri.toString()) ?? []), d]);
    }
    this.collection.clear();
    for (const [uri, list] of byFile) this.collection.set(vscode.Uri.parse(uri), list);
  }

  /** The problem behind a diagnostic VS Code hands back (it may be a copy: match on code, range, message). */
  problemFor(uri: vscode.Uri, d: vscode.Diagnostic): Problem | undefined {
    const direct = this.byDiagnostic.get(d);
    if (direct) return direct;
    return this.current.find(
      (c) => c.uri.toString() === uri.toString() && c.diagnostic.code === d.code && c.diagnostic.range.isEqual(d.range) && c.diagnostic.message === d.message,
    )?.problem;
  }

  dispose(): void {
    this.collection.dispose();
  }
}
