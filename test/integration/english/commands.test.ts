// Palette commands: the report, the session SQL document, and framework commands run from argv
// (a folder name full of shell syntax cannot inject anything).
import * as assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { displayCommands } from '../../../src/core/report/shellQuote';
import { REPO_ROOT } from '../repo-root';
import { resetWorkspace } from '../support/baseline';
import { sessionDoctor } from '../support/extensionApi';
import { LARAVEL, PRISMA, WORKSPACE } from '../support/testWorkspace';
import { nextEvent } from '../support/waitFor';

/** The statements Laravel 12 itself ran on SQLite (a capture from laravel/framework, committed). */
function laravelSqliteDdl(): string {
  const capture = readFileSync(path.join(REPO_ROOT, 'test', 'fixtures', 'laravel', 'ddl', 'laravel12-sessions-migration.sql'), 'utf8');
  const section = capture.split('-- ===== sqlite: executed statements (query log) =====\n')[1];
  assert.ok(section, 'the capture has no sqlite section');
  return `${section.split('\n-- ')[0].trim()}\n`;
}

describe('commands', () => {
  before(async () => {
    await resetWorkspace(await sessionDoctor());
  });

  it('sessionDoctor.showReport opens the report view; the report holds the SQL and the commands of both apps', async () => {
    const api = await sessionDoctor();
    await vscode.commands.executeCommand('sessionDoctor.showReport');
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputWebview, `the active tab is ${tab?.label}`);
    assert.match(tab.input.viewType, /sessionDoctor\.report$/);
    assert.equal(tab.label, 'Session Doctor report');
    const md = api.reportMarkdown();
    const s = api.snapshot();
    for (const app of s.diagnoses.flatMap((d) => d.apps)) {
      assert.ok(app.dialect && app.sessionSql?.[app.dialect], `${app.root} has no SQL`);
      assert.ok(md.includes(app.sessionSql[app.dialect]!.trim()), `the report lacks the SQL of ${app.root}`);
    }
    for (const p of s.problems) {
      for (const f of p.fixes)
        if (f.kind === 'run-command') assert.ok(md.includes(displayCommands(f.commands)), `the report lacks ${displayCommands(f.commands)}`);
    }
    assert.match(md, /php artisan migrate/);
    // The workspace's package.json declares prisma ^6.19.3 and has no node_modules: npx pinned to it.
    assert.match(md, /npx --yes 'prisma@\^6\.19\.3' db push/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  /** Runs showSessionSql for an app; resolves with the document it opened (and shows). */
  async function showSessionSql(appRoot: string): Promise<vscode.TextDocument> {
    const opened = nextEvent(vscode.workspace.onDidOpenTextDocument, (d) => d.isUntitled, 'an untitled document');
    await vscode.commands.executeCommand('sessionDoctor.showSessionSql', appRoot);
    const doc = await opened;
    assert.equal(vscode.window.activeTextEditor?.document, doc, 'the SQL document is not the active editor');
    return doc;
  }

  it('sessionDoctor.showSessionSql opens an untitled SQL document with exactly the DDL Laravel runs', async () => {
    const doc = await showSessionSql(LARAVEL);
    assert.equal(doc.isUntitled, true);
    assert.equal(doc.languageId, 'sql');
    assert.equal(doc.getText(), laravelSqliteDdl());
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('sessionDoctor.showSessionSql for the Prisma app shows its CREATE TABLE and unique index', async () => {
    const doc = await showSessionSql(PRISMA);
    assert.equal(doc.languageId, 'sql');
    const text = doc.getText();
    assert.match(text, /^CREATE TABLE "Session" \(/m);
    assert.match(text, /^CREATE UNIQUE INDEX "Session_token_key" ON "Session"\("token"\);$/m);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  describe('framework commands in a folder named with shell syntax', () => {
    // Quotes, $(), backticks, a space: each would run `touch` if the command went through a shell.
    const weird = path.join(WORKSPACE, `it's "q" $(touch pwned1) \`touch pwned2\``);
    const ran = path.join(weird, 'ran.txt');
    const places = () => [WORKSPACE, weird, LARAVEL, REPO_ROOT, process.cwd()];

    before(async () => {
      const api = await sessionDoctor();
      cpSync(LARAVEL, weird, { recursive: true });
      // A stand-in for Laravel's artisan: it records where and with which arguments it ran.
      writeFileSync(
        path.join(weird, 'artisan'),
        '<?php\nfile_put_contents(__DIR__ . \'/ran.txt\', getcwd() . "\\t" . implode(\' \', array_slice($argv, 1)) . "\\n", FILE_APPEND);\n',
      );
      await api.refresh();
    });
    after(async () => {
      rmSync(weird, { recursive: true, force: true });
      await (await sessionDoctor()).refresh();
    });

    it('runs `php artisan make:session-table` then `migrate` as processes in that folder, and nothing is injected', async () => {
      const api = await sessionDoctor();
      const problem = api.snapshot().problems.find((p) => p.app === weird && p.code === 'laravel.sessionTableMissing');
      assert.ok(problem, `the app in ${weird} was not diagnosed`);
      const fix = problem.fixes.find((f) => f.id === 'laravel.makeSessionTable');
      assert.ok(fix?.kind === 'run-command');
      assert.deepEqual(
        fix.commands.map((c) => [c.argv, c.cwd]),
        [
          [['php', 'artisan', 'make:session-table'], weird],
          [['php', 'artisan', 'migrate'], weird],
        ],
      );
      const tasksEnded: number[] = [];
      const sub = vscode.tasks.onDidEndTaskProcess((e) => {
        if (e.execution.task.definition.type === 'session-doctor') tasksEnded.push(e.exitCode ?? -1);
      });
      try {
        const result = await vscode.commands.executeCommand('sessionDoctor.applyFix', { app: weird, code: problem.code, fixId: fix.id });
        assert.equal(result, 'applied');
      } finally {
        sub.dispose();
      }
      assert.deepEqual(tasksEnded, [0, 0]);
      assert.equal(readFileSync(ran, 'utf8'), `${weird}\tmake:session-table\n${weird}\tmigrate\n`);
      for (const dir of places())
        for (const f of ['pwned1', 'pwned2']) assert.equal(existsSync(path.join(dir, f)), false, `${path.join(dir, f)} exists: shell syntax ran`);
    });
  });
});
