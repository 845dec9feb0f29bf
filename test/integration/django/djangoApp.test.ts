// A Django app in the extension host: the diagnosis finds django_session missing in the SQLite
// database, marks the settings line, names the problem in the status bar, offers the fixes as
// quick fixes there, and the preferred one (the locked apply with Django's migration row) heals it.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { sessionDoctor } from '../support/extensionApi';
import { fixtureBytes, WORKSPACE } from '../support/testWorkspace';
import { diagnosticWithCode, noDiagnosticWithCode } from '../support/waitFor';

const APP = path.join(WORKSPACE, 'shop');
const SETTINGS = path.join(APP, 'mysite', 'settings.py');

function lineOf(re: RegExp): { line: number; text: string } {
  const lines = fixtureBytes('shop/mysite/settings.py').toString('utf8').split(/\r?\n/);
  const line = lines.findIndex((l) => re.test(l));
  assert.ok(line >= 0, `settings.py has no line matching ${re}`);
  return { line, text: lines[line] };
}

async function quickFixTitles(range: vscode.Range): Promise<string[]> {
  // The provider command needs the document loaded (it rejects with "Illegal argument" otherwise).
  await vscode.workspace.openTextDocument(vscode.Uri.file(SETTINGS));
  const all = await vscode.commands.executeCommand<Array<vscode.CodeAction | vscode.Command>>(
    'vscode.executeCodeActionProvider',
    vscode.Uri.file(SETTINGS),
    range,
    vscode.CodeActionKind.QuickFix.value,
  );
  return all.map((a) => a.title);
}

describe('a Django app in the editor', () => {
  it('the settings line carries django.sessionTableMissing, and the snapshot and status bar say so', async () => {
    const d = await diagnosticWithCode(SETTINGS, 'django.sessionTableMissing');
    const { line, text } = lineOf(/^DATABASES = \{/);
    assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character], [line, 0, line, text.length]);
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /django_session/);

    const api = await sessionDoctor();
    const s = await api.settled();
    assert.deepEqual(
      s.problems.map((p) => [p.code, p.app]),
      [['django.sessionTableMissing', APP]],
    );
    assert.match(api.statusText(), /Session table missing/);
  });

  it('offers the Django fixes on that line, the locked apply first', async () => {
    const d = await diagnosticWithCode(SETTINGS, 'django.sessionTableMissing');
    const titles = await quickFixTitles(d.range);
    const create = titles.findIndex((t) => t.startsWith('Create django_session'));
    const migrate = titles.findIndex((t) => t.includes('manage.py migrate sessions'));
    const cookies = titles.findIndex((t) => t.includes('signed cookies'));
    assert.ok(create >= 0 && migrate > create && cookies > migrate, JSON.stringify(titles));
  });

  it('the preferred fix creates the table and the diagnostic goes away', async () => {
    const api = await sessionDoctor();
    const before = await api.settled();
    const problem = before.problems.find((p) => p.code === 'django.sessionTableMissing');
    assert.ok(problem);
    const fixId = problem.fixes[0].id;
    assert.equal(fixId, 'django.createTable');
    // { confirmed: true } stands in for the modal's "Apply" button; only a test extension host honours it.
    const result = await vscode.commands.executeCommand('sessionDoctor.applyFix', { app: APP, code: problem.code, fixId }, { confirmed: true });
    assert.equal(result, 'applied');
    await noDiagnosticWithCode(SETTINGS, 'django.sessionTableMissing');
    const row = execFileSync('sqlite3', [path.join(APP, 'db.sqlite3'), "select app || ' ' || name from django_migrations where app = 'sessions'"], {
      encoding: 'utf8',
    });
    assert.equal(row, 'sessions 0001_initial\n');
    const after = await api.settled();
    assert.equal(after.state, 'healthy');
  });
});
