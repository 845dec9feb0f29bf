// Waiting on VS Code events, never on a fixed sleep: each helper checks the current state first,
// then re-checks on every event, and fails after a deadline with what it saw last.
import * as vscode from 'vscode';
import { ourDiagnostics } from './testWorkspace';

/** Resolves with the first event value that `accept` takes, or rejects after timeoutMs. */
export function nextEvent<T>(event: vscode.Event<T>, accept: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`no ${what} within ${timeoutMs} ms`));
    }, timeoutMs);
    const sub = event((value) => {
      if (!accept(value)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(value);
    });
  });
}

function describeDiagnostics(list: readonly vscode.Diagnostic[]): string {
  return JSON.stringify(list.map((d) => ({ code: d.code, line: d.range.start.line, message: d.message })));
}

/** Waits until our diagnostics on `file` satisfy `accept` (languages.onDidChangeDiagnostics). */
export async function diagnosticsOn(
  file: string,
  accept: (list: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<vscode.Diagnostic[]> {
  const now = ourDiagnostics(file);
  if (accept(now)) return now;
  const uri = vscode.Uri.file(file).toString();
  try {
    await nextEvent(vscode.languages.onDidChangeDiagnostics, (e) => e.uris.some((u) => u.toString() === uri) && accept(ourDiagnostics(file)), what, timeoutMs);
  } catch (e) {
    throw new Error(`${(e as Error).message}; diagnostics on ${file}: ${describeDiagnostics(ourDiagnostics(file))}`, { cause: e });
  }
  return ourDiagnostics(file);
}

/** Waits until a diagnostic with this code is on `file`; resolves with it. */
export async function diagnosticWithCode(file: string, code: string, timeoutMs?: number): Promise<vscode.Diagnostic> {
  const list = await diagnosticsOn(file, (l) => l.some((d) => d.code === code), `diagnostic ${code}`, timeoutMs);
  return list.find((d) => d.code === code)!;
}

/** Waits until no diagnostic with this code is on `file`. */
export async function noDiagnosticWithCode(file: string, code: string, timeoutMs?: number): Promise<void> {
  await diagnosticsOn(file, (l) => !l.some((d) => d.code === code), `removal of diagnostic ${code}`, timeoutMs);
}
