import { strict as assert } from 'node:assert';
import type { Diagnosis } from '../../../../src/core/problems/diagnosis';
import type { ApplySqlFix, Problem } from '../../../../src/core/model';
import { renderDiagnosisForAgent, renderProblemsForAgent } from '../../../../src/core/report/agentReport';

const createTable: ApplySqlFix = {
  kind: 'apply-sql',
  id: 'laravel.createTable',
  title: { id: 'fix.laravel.createTable', args: ['sessions', 'database/database.sqlite'] },
  destructive: false,
  requiresTrust: true,
  database: '/w/api/database/database.sqlite',
  sql: 'CREATE TABLE "sessions" ("id" varchar not null, primary key ("id"));\n',
} as ApplySqlFix;
const missing: Problem = {
  code: 'laravel.sessionTableMissing',
  severity: 'error',
  message: { id: 'laravel.sessionTableMissing', args: ['sessions', 'database/database.sqlite'] },
  app: '/w/api',
  fixes: [createTable],
};

function diagnosis(problems: Problem[]): Diagnosis {
  return {
    root: '/w',
    apps: [{ framework: 'laravel', root: '/w/api', sessionTable: 'sessions', dialect: 'sqlite', tableState: 'missing', commands: [], watchFiles: [] }],
    problems,
    health: problems.length ? 'problem' : 'healthy',
    markers: [],
    elapsedMs: 1,
  };
}

describe('the agent text (MCP check, VS Code session-doctor_check)', () => {
  it('lists each fix by id with its exact SQL and database, then how to apply one over MCP', () => {
    const text = renderDiagnosisForAgent(diagnosis([missing]));
    assert.match(text, /fixId laravel\.createTable\n/);
    assert.ok(text.includes('  Database: /w/api/database/database.sqlite'), text);
    assert.ok(text.includes('    CREATE TABLE "sessions" ("id" varchar not null, primary key ("id"));'), text);
    assert.ok(text.trimEnd().endsWith('To apply one: the fix tool with this folder, the fixId, and confirm: true.'), text);
  });

  it("ends with the surface's own line when one is given, and with no such line when nothing can be fixed", () => {
    assert.ok(
      renderDiagnosisForAgent(diagnosis([missing]), undefined, { applyHint: 'Use the other tool.' })
        .trimEnd()
        .endsWith('\nUse the other tool.'),
    );
    assert.doesNotMatch(renderDiagnosisForAgent(diagnosis([]), undefined, { applyHint: 'Use the other tool.' }), /other tool|To apply/);
  });

  it('renders problems outside a diagnosis (run-time reports) with the same fix plans', () => {
    const text = renderProblemsForAgent('/w', [missing]);
    assert.ok(text.includes('laravel.sessionTableMissing'), text);
    assert.ok(text.includes('fixId laravel.createTable\n→ '), text);
    assert.ok(text.includes('CREATE TABLE "sessions"'), text);
  });
});
