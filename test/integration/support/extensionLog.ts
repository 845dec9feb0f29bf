// The 'Session Doctor' log file, as the LogOutputChannel writes it, for tests that check what the
// extension logged (and what it must never log).
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { SessionDoctorApi } from '../../../src/extension/services';

/** The 'Session Doctor' log file(s): under the extension's log folder or, failing that, beside it. */
export function logFiles(api: SessionDoctorApi): string[] {
  const walk = (dir: string, depth: number): string[] => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return [];
    }
    return names.flatMap((n) => {
      const p = path.join(dir, n);
      if (/Session Doctor.*\.log$/.test(n)) return [p];
      return depth > 0 && statSync(p).isDirectory() ? walk(p, depth - 1) : [];
    });
  };
  const own = walk(api.logUri.fsPath, 2);
  return own.length > 0 ? own : walk(path.dirname(api.logUri.fsPath), 3);
}

/**
 * Resolves with the log text once it holds `marker`. The channel writes its file asynchronously,
 * with no event to wait on, so this re-reads the file until the line shows up or a deadline passes.
 */
export async function logOnceItHolds(api: SessionDoctorApi, marker: string | RegExp, timeoutMs = 20_000): Promise<{ files: string[]; text: string }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const files = logFiles(api);
    const text = files.map((f) => readFileSync(f, 'utf8')).join('\n');
    if (typeof marker === 'string' ? text.includes(marker) : marker.test(text)) return { files, text };
    if (Date.now() > deadline)
      assert.fail(
        `no ${String(marker)} in the Session Doctor log within ${timeoutMs} ms; files under ${api.logUri.fsPath}: ${JSON.stringify(files)}; log: ${text.slice(-2000)}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}
