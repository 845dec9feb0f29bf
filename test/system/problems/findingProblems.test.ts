/**
 * A run-time "table missing" error against a real diagnosis of a real Prisma + SQLite app: it
 * confirms the diagnosis' problem when the table is missing, and becomes a warning of its own when
 * the app's database has the table (the process uses another database). The findings come from
 * scanning the real Prisma 7 capture in test/fixtures/seed-captures.
 */
import '../../support/chevrotainUnderTsx';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { scanText } from '../../../src/core/detect/scanner';
import { diagnose } from '../../../src/core/pipeline';
import { renderMessage } from '../../../src/core/messages';
import { problemForFinding, reconcileRuntimeProblems, RUNTIME_ELSEWHERE, RUNTIME_MISSING } from '../../../src/core/problems/findingProblems';
import { SHARED_ERRORS } from '../../support/shapeCases';
import { buildPrismaApp, BuiltPrismaApp, SESSION_TABLE_SQL, sqlite3, sqliteSchemaHeader, USER_SESSION_MODELS, USER_TABLE_SQL } from '../../support/prismaApp';

const CAPTURE = path.join(SHARED_ERRORS, 'prisma7-p2021-sqlite-uncaught.txt');
const [P2021] = scanText(readFileSync(CAPTURE, 'utf8'));
const NOT_A_SESSION = scanText("ERROR 1146 (42S02): Table 'shop.orders' doesn't exist\n")[0];
const SOURCE = 'terminal dev';

describe('run-time findings against the diagnosis', () => {
  let app: BuiltPrismaApp;
  beforeEach(() => {
    app = buildPrismaApp({
      files: { 'prisma/schema.prisma': sqliteSchemaHeader('"file:./dev.db"') + USER_SESSION_MODELS },
      database: { path: 'prisma/dev.db', sql: USER_TABLE_SQL },
    });
  });
  afterEach(() => app.cleanup());

  it('the capture is a P2021 for main.Session', () => {
    assert.deepEqual([P2021.kind, P2021.qualifier, P2021.table, P2021.session], ['prisma-p2021', 'main', 'Session', true]);
  });

  it('table missing: the error only confirms the diagnosis problem, and raises nothing of its own', async () => {
    const d = await diagnose(app.root);
    assert.ok(d.problems.some((p) => p.code === 'prisma.sessionTableMissing'));
    assert.equal(problemForFinding(d, P2021, SOURCE), undefined);
  });

  it('table present: a warning saying the process uses another database, at the Session model, with no fix', async () => {
    sqlite3(app.dbPath!, SESSION_TABLE_SQL);
    const d = await diagnose(app.root);
    assert.equal(d.health, 'healthy');
    const p = problemForFinding(d, P2021, SOURCE);
    assert.ok(p);
    assert.equal(p.code, RUNTIME_ELSEWHERE);
    assert.equal(p.severity, 'warning');
    assert.equal(p.app, app.root);
    assert.deepEqual(p.fixes, []);
    assert.equal(p.location?.file, app.file('prisma/schema.prisma'));
    assert.equal(
      renderMessage(p.message),
      'A running process reported that table main.Session does not exist (seen in terminal dev: Prisma error P2021), but prisma/dev.db has it: that process is using another database, or has not reloaded since the table was created.',
    );
    assert.match(renderMessage(p.detail!), /DATABASE_URL/);
  });

  it('not a session table: nothing', async () => {
    const d = await diagnose(app.root);
    assert.equal(NOT_A_SESSION.session, false);
    assert.equal(problemForFinding(d, NOT_A_SESSION, SOURCE), undefined);
  });

  it('reconciling: "elsewhere" stays while the table is present and goes once the diagnosis reports it missing; "missing" goes once the table is back', async () => {
    sqlite3(app.dbPath!, SESSION_TABLE_SQL);
    const present = await diagnose(app.root);
    const elsewhere = problemForFinding(present, P2021, SOURCE)!;
    // A "missing" report raised earlier, when the diagnosis could not tell.
    const missing = { ...elsewhere, code: RUNTIME_MISSING, severity: 'error' as const };
    assert.deepEqual(reconcileRuntimeProblems([present], [elsewhere, missing]), [elsewhere]);

    sqlite3(app.dbPath!, 'DROP TABLE "Session";');
    const dropped = await diagnose(app.root);
    assert.ok(dropped.problems.some((p) => p.code === 'prisma.sessionTableMissing'));
    assert.deepEqual(reconcileRuntimeProblems([dropped], [elsewhere, missing]), []);

    // The app is gone from the workspace (its schema deleted): its run-time problems go with it.
    assert.deepEqual(reconcileRuntimeProblems([{ ...present, apps: [], problems: [] }], [elsewhere]), []);
  });
});
