// A Better Auth app in the extension host: the diagnosis finds its session table missing in the
// SQLite database, marks the betterAuth( call in lib/auth.ts, names the problem in the status bar,
// offers the fixes as quick fixes there, and the preferred one (the locked apply of the SQL that
// `npx auth migrate` would run) heals it.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { sessionDoctor } from '../support/extensionApi';
import { WORKSPACE } from '../support/testWorkspace';
import { diagnosticWithCode, noDiagnosticWithCode } from '../support/waitFor';

const APP = path.join(WORKSPACE, 'web');
const CONFIG = path.join(APP, 'lib', 'auth.ts');

async function quickFixTitles(range: vscode.Range): Promise<string[]> {
  // The provider command needs the document loaded (it rejects with "Illegal argument" otherwise).
  await vscode.workspace.openTextDocument(vscode.Uri.file(CONFIG));
  // Seen in code-server: the first request on a TypeScript file that was just opened answers with
  // nothing (the language's own providers are still starting); the next one has every action.
  for (let attempt = 0; ; attempt++) {
    const all = await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>(
      'vscode.executeCodeActionProvider',
      vscode.Uri.file(CONFIG),
      range,
      vscode.CodeActionKind.QuickFix.value,
    );
    if (all.length > 0 || attempt >= 40) return all.map((a) => a.title);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('a Better Auth app in the editor', () => {
  it('the betterAuth( call carries betterAuth.sessionTableMissing, and the snapshot and status bar say so', async () => {
    const d = await diagnosticWithCode(CONFIG, 'betterAuth.sessionTableMissing');
    // `export const auth = betterAuth({` is line 4 (0-based 3); the range is the word betterAuth.
    assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character], [3, 20, 3, 30]);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /Better Auth's session table session does not exist in auth\.db/);

    const api = await sessionDoctor();
    const s = await api.settled();
    assert.deepEqual(
      s.problems.map((p) => [p.code, p.app]),
      [['betterAuth.sessionTableMissing', APP]],
    );
    assert.match(api.statusText(), /Session table missing/);
  });

  it('offers the Better Auth fixes on that call, the locked apply first', async () => {
    const d = await diagnosticWithCode(CONFIG, 'betterAuth.sessionTableMissing');
    const titles = await quickFixTitles(d.range);
    const apply = titles.findIndex((t) => t.startsWith('Apply the SQL of auth migrate'));
    const migrate = titles.findIndex((t) => t.includes('npx auth migrate'));
    assert.ok(apply >= 0 && migrate > apply, JSON.stringify(titles));
  });

  it('the preferred fix creates the table and the diagnostic goes away', async () => {
    const api = await sessionDoctor();
    const before = await api.settled();
    const problem = before.problems.find((p) => p.code === 'betterAuth.sessionTableMissing');
    assert.ok(problem);
    const fixId = problem.fixes[0].id;
    assert.equal(fixId, 'betterAuth.applyMigration');
    // { confirmed: true } stands in for the modal's "Apply" button; only a test extension host honours it.
    const result = await vscode.commands.executeCommand('sessionDoctor.applyFix', { app: APP, code: problem.code, fixId }, { confirmed: true });
    assert.equal(result, 'applied');
    await noDiagnosticWithCode(CONFIG, 'betterAuth.sessionTableMissing');
    const indexes = execFileSync('sqlite3', [path.join(APP, 'auth.db'), "select name from sqlite_master where tbl_name = 'session' order by name"], {
      encoding: 'utf8',
    });
    assert.equal(indexes, 'session\nsession_userId_idx\nsqlite_autoindex_session_1\nsqlite_autoindex_session_2\n');
    const after = await api.settled();
    assert.equal(after.state, 'healthy');
  });
});
