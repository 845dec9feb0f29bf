// Run-time errors seen in a real bash terminal (shell integration), the Laravel log and the debug
// console reach the store as the app's problem, and the notification is rate-limited.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { Detection } from '../../../src/extension/findingSink';
import type { SessionDoctorApi } from '../../../src/extension/services';
import { resetWorkspace } from '../support/baseline';
import { sessionDoctor } from '../support/extensionApi';
import { inWorkspace, LARAVEL, ourDiagnostics, PRISMA, PRISMA_DB, PRISMA_SCHEMA, sqlite3, WORKSPACE } from '../support/testWorkspace';

const PRISMA_SCHEMA_TEXT = () => readFileSync(PRISMA_SCHEMA, 'utf8');
import { nextEvent } from '../support/waitFor';

/** A POSIX single-quoted word (the workspace path holds a space). */
const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Collects every detection from now on, until stop(). */
function recordDetections(api: SessionDoctorApi): { seen: Detection[]; stop: () => void } {
  const seen: Detection[] = [];
  const sub = api.onDidDetect((d) => seen.push(d));
  return { seen, stop: () => sub.dispose() };
}

describe('run-time detection', function () {
  let api: SessionDoctorApi;
  before(async () => {
    api = await sessionDoctor();
    await resetWorkspace(api);
  });

  describe('a bash terminal with shell integration', () => {
    let terminal: vscode.Terminal;
    let shell: vscode.TerminalShellIntegration;
    const name = 'session-doctor-test';
    const source = `terminal ${name}`;

    before(async () => {
      terminal = vscode.window.createTerminal({ name, shellPath: '/bin/bash', cwd: WORKSPACE });
      shell =
        terminal.shellIntegration ??
        (await nextEvent(vscode.window.onDidChangeTerminalShellIntegration, (e) => e.terminal === terminal, 'shell integration in bash')).shellIntegration;
    });
    after(() => terminal?.dispose());

    /** Runs `cat <capture>` through shell integration; resolves with the first detection from it. */
    async function catCapture(file: string, kind: Detection['kind']): Promise<{ detection: Detection; all: Detection[] }> {
      const rec = recordDetections(api);
      try {
        const detected = nextEvent(api.onDidDetect, (d) => d.source === source && d.kind === kind, `${kind} detection in the terminal`);
        // The end event is matched to this execution: an extra `^C` execution can end in between.
        const mine: { execution?: vscode.TerminalShellExecution } = {};
        const ended = nextEvent(vscode.window.onDidEndTerminalShellExecution, (e) => e.execution === mine.execution, 'end of cat');
        // `sleep` first: execution.read() misses output that arrives before VS Code hands the stream
        // over (an upstream race, seen here with a bare `cat` of a small file); a real app's error
        // comes later than that, as the sleep makes this one do.
        mine.execution = shell.executeCommand(`sleep 0.5; cat ${sq(file)}`);
        const [detection, end] = await Promise.all([detected, ended]).catch((e: unknown) => {
          throw new Error(`${(e as Error).message}; detections seen meanwhile: ${JSON.stringify(rec.seen)}`, { cause: e });
        });
        assert.equal(end.exitCode, 0);
        return { detection, all: rec.seen.filter((d) => d.source === source) };
      } finally {
        rec.stop();
      }
    }

    it('a Prisma 7 P2021 capture is tied to the Prisma app problem and notified once; the same error again adds no problem and no notification', async () => {
      const problemsBefore = api
        .snapshot()
        .problems.map((p) => p.code)
        .sort();
      const first = await catCapture(inWorkspace('captures', 'prisma7-p2021-sqlite-uncaught.txt'), 'prisma-p2021');
      assert.deepEqual(first.detection, {
        source,
        kind: 'prisma-p2021',
        table: 'Session',
        problemCode: 'prisma.sessionTableMissing',
        app: PRISMA,
        notified: true,
      });
      const again = await catCapture(inWorkspace('captures', 'prisma7-p2021-sqlite-uncaught.txt'), 'prisma-p2021');
      assert.equal(again.detection.notified, false, 'a second notification within the quiet window');
      assert.equal(again.detection.problemCode, 'prisma.sessionTableMissing');
      assert.deepEqual(
        api
          .snapshot()
          .problems.map((p) => p.code)
          .sort(),
        problemsBefore,
      );
      assert.equal(api.snapshot().runtimeProblems.length, 0);
    });

    it('a MySQL 1146 capture for `sessions` is tied to the Laravel app and notified although the Prisma notification is still unanswered', async () => {
      const { detection } = await catCapture(inWorkspace('captures', 'laravel11-querybuilder-mysql-1146.txt'), 'mysql-1146');
      assert.deepEqual(detection, { source, kind: 'mysql-1146', table: 'sessions', problemCode: 'laravel.sessionTableMissing', app: LARAVEL, notified: true });
    });

    describe("while the Prisma app's database has the Session table", () => {
      before(async () => {
        const app = api
          .snapshot()
          .diagnoses.flatMap((d) => d.apps)
          .find((a) => a.root === PRISMA);
        assert.ok(app?.sessionSql?.sqlite, 'the Prisma app has its session SQL');
        // On stdin: the SQL begins with a `--` comment, which sqlite3 would take for an option.
        execFileSync('sqlite3', ['-batch', PRISMA_DB], { input: app.sessionSql.sqlite });
        assert.equal(sqlite3(PRISMA_DB, "select count(*) from sqlite_master where name = 'Session'"), '1');
        const s = await api.refresh();
        assert.equal(s.diagnoses.flatMap((d) => d.apps).find((a) => a.root === PRISMA)?.tableState, 'present');
      });
      after(() => resetWorkspace(api));

      it('a P2021 becomes a warning that the process uses another database, shown at the Session model, until Check Now', async () => {
        const { detection } = await catCapture(inWorkspace('captures', 'prisma7-p2021-sqlite-uncaught.txt'), 'prisma-p2021');
        assert.deepEqual(detection, {
          source,
          kind: 'prisma-p2021',
          table: 'Session',
          problemCode: 'runtime.sessionTableElsewhere',
          app: PRISMA,
          notified: true,
        });
        const runtime = api.snapshot().runtimeProblems;
        assert.deepEqual(
          runtime.map((p) => [p.code, p.severity]),
          [['runtime.sessionTableElsewhere', 'warning']],
        );
        const shown = ourDiagnostics(PRISMA_SCHEMA).find((d) => d.message.includes('is using another database'));
        assert.ok(shown, `no diagnostic for it in schema.prisma: ${JSON.stringify(ourDiagnostics(PRISMA_SCHEMA).map((d) => d.message))}`);
        assert.equal(shown.severity, vscode.DiagnosticSeverity.Warning);
        assert.match(shown.message, /main\.Session .*but prisma\/dev\.db has it/);
        assert.equal(PRISMA_SCHEMA_TEXT().split('\n')[shown.range.start.line].trim().startsWith('model Session'), true);
        // A later diagnosis (the database file changes on every request) keeps it: nothing it sees explains the error.
        const later = await api.refresh({ keepRuntime: true });
        assert.deepEqual(
          later.runtimeProblems.map((p) => p.code),
          ['runtime.sessionTableElsewhere'],
        );
        assert.equal(later.state, 'problem');
        // Check Now clears run-time reports.
        await vscode.commands.executeCommand('sessionDoctor.checkNow');
        assert.deepEqual(api.snapshot().runtimeProblems, []);
      });
    });
  });

  describe('the Laravel log', () => {
    it('a line appended to storage/logs/laravel.log is detected, the lines already there are not', async () => {
      const log = inWorkspace('laravel-api', 'storage', 'logs', 'laravel.log');
      const source = 'laravel-api/storage/logs/laravel.log';
      assert.match(readFileSync(log, 'utf8'), /no such table: sessions/, 'the fixture log starts with an old sqlite error');
      const rec = recordDetections(api);
      try {
        const detected = nextEvent(api.onDidDetect, (d) => d.source === source && d.kind === 'mysql-1146', '1146 detection in laravel.log');
        appendFileSync(
          log,
          "[2026-11-22 07:00:00] local.ERROR: SQLSTATE[42S02]: Base table or view not found: 1146 Table 'laravel.sessions' doesn't exist (Connection: mysql, SQL: select * from `sessions` where `id` = abc limit 1)\n",
        );
        const d = await detected;
        assert.equal(d.problemCode, 'laravel.sessionTableMissing');
        assert.equal(d.app, LARAVEL);
        // A re-read of the old bytes would have come first, in the same read.
        assert.deepEqual(
          rec.seen.filter((x) => x.source === source).map((x) => x.kind),
          ['mysql-1146'],
        );
      } finally {
        rec.stop();
      }
    });
  });

  describe('the debug console', () => {
    it('console.error of a P2021 error in a node debug session is seen by the adapter tracker', async () => {
      const name = 'session-doctor-p2021';
      // js-debug runs the program in a child session with a name of its own: any debug session counts.
      const detected = nextEvent(
        api.onDidDetect,
        (d) => d.source.startsWith('debug session ') && d.kind === 'prisma-p2021',
        'P2021 detection in the debug console',
        60_000,
      );
      const ended = nextEvent(vscode.debug.onDidTerminateDebugSession, (s) => s.name === name, 'end of the debug session', 60_000);
      const folder = vscode.workspace.workspaceFolders![0];
      const started = await vscode.debug.startDebugging(folder, {
        type: 'node',
        request: 'launch',
        name,
        program: inWorkspace('tools', 'print-p2021.js'),
        console: 'internalConsole',
      });
      assert.equal(started, true, 'the node debug session did not start');
      const d = await detected;
      assert.equal(d.table, 'Session');
      assert.equal(d.problemCode, 'prisma.sessionTableMissing');
      await ended;
    });
  });
});
