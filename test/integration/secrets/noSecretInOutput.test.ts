// Issue 6, security: no secret from a .env file reaches any output of the extension. The workspace
// (test/fixtures/workspaces/secrets) holds a PostgreSQL URL with a password (Prisma), a MySQL
// DB_PASSWORD and an APP_KEY (Laravel), both servers unreachable, and a Laravel app with an empty
// APP_KEY whose fix generates a new key. Every surface is read after the diagnosis, after "Check
// Now", after the generate-APP_KEY fix and after a terminal prints the URL next to a P2021 error:
// diagnostics, status bar text and tooltip, report, the API's snapshot and detections, the
// notification texts, and the log file the 'Session Doctor' channel writes.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Detection } from '../../../src/extension/findingSink';
import { languageModelToolsApi, toolResultText, type PreparedToolInvocation } from '../../../src/extension/lmApi';
import { t } from '../../../src/extension/l10n';
import type { SessionDoctorApi } from '../../../src/extension/services';
import { sessionDoctor } from '../support/extensionApi';
import { logOnceItHolds } from '../support/extensionLog';
import { inWorkspace, restoreFromFixture, WORKSPACE } from '../support/testWorkspace';
import { nextEvent } from '../support/waitFor';

const PRISMA_PG = inWorkspace('prisma-pg');
const LARAVEL_MYSQL = inWorkspace('laravel-mysql');
const LARAVEL_NOKEY = inWorkspace('laravel-nokey');
const NOKEY_ENV_REL = path.join('laravel-nokey', '.env');
const NOKEY_ENV = inWorkspace(NOKEY_ENV_REL);

/** The secrets in the fixture's .env files, each in every form it could be printed in. */
const SECRETS: Record<string, string> = {
  'Prisma DATABASE_URL password': 'S3cr3t-Pa55w0rd-xyz',
  'Laravel DB_PASSWORD': 'An0ther-S3cret!',
  'Laravel DB_PASSWORD, percent-encoded': 'An0ther-S3cret%21',
  'Laravel APP_KEY': 'base64:BlPA7G4uitL4OKFOjhBr65zc7FcKHKOG6jNK18hUq4Y=',
  'Laravel APP_KEY, base64 body': 'BlPA7G4uitL4OKFOjhBr65zc7FcKHKOG6jNK18hUq4Y',
};

// The fixture must hold what this test looks for, or every "not found" below would be hollow.
function assertFixtureHoldsSecrets(): void {
  const all = ['prisma-pg/.env', 'laravel-mysql/.env'].map((rel) => readFileSync(inWorkspace(rel), 'utf8')).join('\n');
  for (const [name, value] of Object.entries(SECRETS)) {
    if (name.includes('percent-encoded') || name.includes('body')) continue;
    assert.ok(all.includes(value), `the fixture .env files no longer hold the ${name}`);
  }
}

/** Fails naming the surface and the secret, with a little context (the secret itself masked). */
function assertNoSecret(surface: string, text: string, extra: Record<string, string> = {}): void {
  for (const [name, value] of Object.entries({ ...SECRETS, ...extra })) {
    const at = text.indexOf(value);
    if (at < 0) continue;
    const context = text
      .slice(Math.max(0, at - 80), at + value.length + 40)
      .split(value)
      .join('<SECRET>');
    assert.fail(`${surface} holds the ${name}: …${context}…`);
  }
}

/** Every diagnostic message in VS Code (ours and anyone's: a leak is a leak). */
function allDiagnosticText(): string {
  return vscode.languages
    .getDiagnostics()
    .flatMap(([uri, list]) => list.map((d) => `${uri.fsPath}: ${d.message} ${JSON.stringify(d.relatedInformation?.map((r) => r.message) ?? [])}`))
    .join('\n');
}

/** What a notification for each problem shows: its message and its fix buttons (notifications.ts). */
function notificationTexts(api: SessionDoctorApi): string {
  return api
    .snapshot()
    .problems.map((p) => [t(p.message), ...p.fixes.map((f) => `${t(f.title)} ${f.detail ? t(f.detail) : ''}`)].join(' | '))
    .join('\n');
}

/** Every surface at once. */
async function assertNoSecretAnywhere(api: SessionDoctorApi, extra: Record<string, string> = {}): Promise<void> {
  assertNoSecret('a diagnostic message', allDiagnosticText(), extra);
  assertNoSecret('the status bar text', api.statusText(), extra);
  assertNoSecret('the status bar tooltip', api.statusTooltip(), extra);
  assertNoSecret('the report', api.reportMarkdown(), extra);
  assertNoSecret('a notification text', notificationTexts(api), extra);
  assertNoSecret('the API snapshot', JSON.stringify(api.snapshot()), extra);
  assertNoSecret('the API detections', JSON.stringify(api.detections()), extra);
  const { text, files } = await logOnceItHolds(api, 'Diagnosis:');
  assertNoSecret(`the Session Doctor log (${files.join(', ')})`, text, extra);
  // The language-model tools (VS Code 1.95+): what the agent reads, and what the user confirms.
  const lm = languageModelToolsApi(vscode);
  if (!lm) return;
  assertNoSecret(
    'the session-doctor_check answer',
    toolResultText(await lm.invokeTool('session-doctor_check', { input: {}, toolInvocationToken: undefined })),
    extra,
  );
  for (const p of api.snapshot().problems) {
    for (const f of p.fixes) {
      const prepared = await api.languageModelTools?.prepare('session-doctor_fix', { fixId: f.id, app: p.app });
      assert.ok(prepared?.confirmationMessages, `${f.id}: ${JSON.stringify(prepared)}`);
      assertNoSecret(`the session-doctor_fix confirmation of ${f.id}`, preparedText(prepared), extra);
    }
  }
}

/** Every text of a prepared tool invocation (a MarkdownString's text is a getter: JSON.stringify shows none of it). */
function preparedText(p: PreparedToolInvocation | undefined): string {
  const md = (m: string | vscode.MarkdownString | undefined) => (typeof m === 'string' ? m : (m?.value ?? ''));
  return [p?.confirmationMessages?.title ?? '', md(p?.confirmationMessages?.message), md(p?.invocationMessage)].join('\n');
}

const appOf = (api: SessionDoctorApi, root: string) =>
  api
    .snapshot()
    .diagnoses.flatMap((d) => d.apps)
    .find((a) => a.root === root);

describe('no secret in any output (issue 6, security)', function () {
  let api: SessionDoctorApi;

  before(async () => {
    assertFixtureHoldsSecrets();
    api = await sessionDoctor();
    await api.settled();
  });
  after(async () => {
    restoreFromFixture(NOKEY_ENV_REL);
    await api?.refresh();
  });

  it('after the first diagnosis: the unreachable servers make health unknown, with a reason shown, and no surface holds a secret', async () => {
    for (const root of [PRISMA_PG, LARAVEL_MYSQL]) {
      const app = appOf(api, root);
      assert.ok(app, `${root} was not found: ${JSON.stringify(api.snapshot().diagnoses.flatMap((d) => d.apps.map((a) => a.root)))}`);
      assert.equal(app.tableState, 'unknown', `${root}: ${JSON.stringify(app)}`);
      assert.ok(app.unknownReason, `${root} has no reason for its unknown state`);
      const reason = t(app.unknownReason);
      assert.ok(api.reportMarkdown().includes(reason), `the report does not give the reason "${reason}"`);
      // The tooltip escapes Markdown: compare its words only.
      const words = (s: string) => s.replace(/\\/g, '');
      assert.ok(words(api.statusTooltip()).includes(reason), `the tooltip does not give the reason "${reason}": ${api.statusTooltip()}`);
    }
    assert.ok(
      api.snapshot().problems.some((p) => p.app === LARAVEL_NOKEY && p.code === 'laravel.appKeyMissing'),
      JSON.stringify(api.snapshot().problems.map((p) => [p.app, p.code])),
    );
    await assertNoSecretAnywhere(api);
  });

  it('"Check Now" and the generate-APP_KEY fix: the new key is written to .env and appears nowhere else', async () => {
    const state = await vscode.commands.executeCommand<string>('sessionDoctor.checkNow');
    assert.ok(state === 'problem' || state === 'unknown', `checkNow answered ${state}`);
    assert.match(readFileSync(NOKEY_ENV, 'utf8'), /^APP_KEY=$/m);
    // The fix tool's confirmation says a key will be generated, and shows none.
    const confirm = (await api.languageModelTools?.prepare('session-doctor_fix', { fixId: 'laravel.generateAppKey', app: LARAVEL_NOKEY }))
      ?.confirmationMessages;
    if (api.languageModelTools)
      assert.match(preparedText({ confirmationMessages: confirm }), /Generate APP_KEY in \.env\?\n[^]*\(a newly generated secret, not shown\)/);
    const result = await vscode.commands.executeCommand(
      'sessionDoctor.applyFix',
      { app: LARAVEL_NOKEY, code: 'laravel.appKeyMissing', fixId: 'laravel.generateAppKey' },
      { confirmed: true },
    );
    assert.equal(result, 'applied');
    const env = readFileSync(NOKEY_ENV, 'utf8');
    const key = /^APP_KEY=(.*)$/m.exec(env)?.[1] ?? '';
    assert.match(key, /^base64:[A-Za-z0-9+/]{43}=$/, `the new APP_KEY line: ${key.length} characters`);
    assert.equal(Buffer.from(key.slice('base64:'.length), 'base64').length, 32);
    assert.ok(
      !api.snapshot().problems.some((p) => p.app === LARAVEL_NOKEY && p.code === 'laravel.appKeyMissing'),
      'the APP_KEY problem is still there after the fix',
    );
    const fresh = { 'generated APP_KEY': key, 'generated APP_KEY, base64 body': key.slice('base64:'.length, -1) };
    await logOnceItHolds(api, 'Fix laravel.generateAppKey: applied');
    await assertNoSecretAnywhere(api, fresh);
    // The edited .env itself is the one place the key belongs.
    const envDoc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === NOKEY_ENV);
    if (envDoc) assert.equal(envDoc.isDirty, false, 'the fix left .env unsaved');
  });

  describe('a terminal prints the database URL with its password next to a P2021 error', () => {
    let terminal: vscode.Terminal;
    let shell: vscode.TerminalShellIntegration;
    const name = 'session-doctor-secrets';
    const source = `terminal ${name}`;
    const sq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

    before(async () => {
      terminal = vscode.window.createTerminal({ name, shellPath: '/bin/bash', cwd: WORKSPACE });
      shell =
        terminal.shellIntegration ??
        (await nextEvent(vscode.window.onDidChangeTerminalShellIntegration, (e) => e.terminal === terminal, 'shell integration in bash')).shellIntegration;
    });
    after(() => terminal?.dispose());

    it('the detection, the problem it raises or confirms, the notification text and the log hold no password', async () => {
      const capture = inWorkspace('captures', 'p2021-with-url.txt');
      assert.ok(readFileSync(capture, 'utf8').includes(`:${SECRETS['Prisma DATABASE_URL password']}@`), 'the capture no longer prints the password');
      const seen: Detection[] = [];
      const sub = api.onDidDetect((d) => seen.push(d));
      try {
        const detected = nextEvent(api.onDidDetect, (d) => d.source === source && d.kind === 'prisma-p2021', 'P2021 detection in the terminal');
        const mine: { execution?: vscode.TerminalShellExecution } = {};
        const ended = nextEvent(vscode.window.onDidEndTerminalShellExecution, (e) => e.execution === mine.execution, 'end of cat');
        // `sleep` first: execution.read() misses output that arrives before VS Code hands the
        // stream over (see english/runtimeDetection.test.ts).
        mine.execution = shell.executeCommand(`sleep 0.5; cat ${sq(capture)}`);
        const [detection, end] = await Promise.all([detected, ended]);
        assert.equal(end.exitCode, 0);
        assert.equal(detection.table, 'Session');
        assert.equal(detection.app, PRISMA_PG, `the P2021 was tied to another app: ${JSON.stringify(detection)}`);
        assert.equal(detection.notified, true, 'no notification was shown, so its text would go unchecked');
        // The notification's text is this problem's message (notifications.ts), checked below with the others.
        assert.ok(
          api.snapshot().problems.some((p) => p.app === detection.app && p.code === detection.problemCode),
          `the notified problem is not in the snapshot: ${JSON.stringify(detection)}`,
        );
        assertNoSecret('a detection', JSON.stringify(seen));
        await logOnceItHolds(api, new RegExp(`Detected prisma-p2021 \\(.*Session\\) in ${source.replace(/"/g, '"')}`));
        await assertNoSecretAnywhere(api);
      } finally {
        sub.dispose();
      }
    });
  });
});
