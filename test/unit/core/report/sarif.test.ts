/** The SARIF renderer on hand-made diagnoses: levels, regions, URIs, rules, fixes, and the schema. */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { Diagnosis } from '../../../../src/core/pipeline';
import type { Fix, Problem } from '../../../../src/core/model';
import { PROBLEM_RULES } from '../../../../src/core/report/problemRules';
import { diagnosisSarif, relativeUri, SarifLog } from '../../../../src/core/report/sarifReport';
import { sarifSchemaErrors } from '../../../support/sarifSchema';

const ROOT = '/work/proj';
const TOOL = { name: 'Session Doctor', version: '1.2.3', informationUri: 'https://example.invalid/session-doctor' };

function fix(id: string, extra: Partial<Fix> = {}): Fix {
  return {
    id,
    kind: 'run-command',
    title: { id: 'fix.prisma.generate' },
    destructive: false,
    requiresTrust: true,
    commands: [{ argv: ['npx', 'prisma', 'generate'], cwd: `${ROOT}/app` }],
    ...extra,
  } as Fix;
}

function problem(extra: Partial<Problem>): Problem {
  return { code: 'prisma.sessionTableMissing', severity: 'error', message: { id: 'laravel.envMissing' }, app: `${ROOT}/app`, fixes: [], ...extra };
}

function diagnosis(problems: Problem[]): Diagnosis {
  return { root: ROOT, apps: [], problems, health: problems.length ? 'problem' : 'healthy', markers: [], elapsedMs: 1 };
}

function run(log: SarifLog) {
  return log.runs[0];
}

describe('SARIF report', () => {
  it('maps severities to SARIF levels: error, warning, info -> note', () => {
    const log = diagnosisSarif(
      diagnosis([problem({ severity: 'error' }), problem({ severity: 'warning' }), problem({ severity: 'info', code: 'laravel.configCached' })]),
      TOOL,
    );
    assert.deepEqual(
      run(log).results.map((r) => r.level),
      ['error', 'warning', 'note'],
    );
    assert.deepEqual(sarifSchemaErrors(log), []);
  });

  it('turns 0-based model positions into 1-based regions, relative to %SRCROOT%', () => {
    const loc = { file: `${ROOT}/app/prisma/schema.prisma`, range: { start: { line: 17, character: 0 }, end: { line: 17, character: 13 } } };
    const log = diagnosisSarif(diagnosis([problem({ location: loc })]), TOOL);
    const pl = run(log).results[0].locations?.[0].physicalLocation;
    assert.deepEqual(pl, {
      artifactLocation: { uri: 'app/prisma/schema.prisma', uriBaseId: '%SRCROOT%' },
      region: { startLine: 18, startColumn: 1, endLine: 18, endColumn: 14 },
    });
    assert.deepEqual(run(log).originalUriBaseIds, { '%SRCROOT%': { uri: 'file:///work/proj/' } });
    assert.deepEqual(sarifSchemaErrors(log), []);
  });

  it('percent-encodes path segments, and gives a file outside the folder as an absolute file URI', () => {
    assert.equal(relativeUri(ROOT, `${ROOT}/my app/.env`), 'my%20app/.env');
    assert.equal(relativeUri(ROOT, `${ROOT}/a#b/%.env`), 'a%23b/%25.env');
    assert.equal(relativeUri(ROOT, '/elsewhere/.env'), undefined);
    const loc = { file: '/elsewhere/x y/.env', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
    const pl = run(diagnosisSarif(diagnosis([problem({ location: loc })]), TOOL)).results[0].locations?.[0].physicalLocation;
    assert.deepEqual(pl?.artifactLocation, { uri: 'file:///elsewhere/x%20y/.env' });
  });

  it('lists every known rule once, with a description and a level, and points each result at its rule', () => {
    const log = diagnosisSarif(diagnosis([problem({ code: 'laravel.appKeyMissing' }), problem({ code: 'some.futureCode' })]), TOOL);
    const rules = run(log).tool.driver.rules;
    assert.deepEqual(rules.map((r) => r.id).slice(0, Object.keys(PROBLEM_RULES).length), Object.keys(PROBLEM_RULES));
    for (const r of run(log).results) assert.equal(rules[r.ruleIndex].id, r.ruleId);
    assert.equal(rules.at(-1)?.id, 'some.futureCode', 'an unknown code still gets a rule');
    assert.equal(rules.find((r) => r.id === 'laravel.appKeyMissing')?.shortDescription.text, 'APP_KEY is empty');
    assert.deepEqual(run(log).tool.driver.version, '1.2.3');
    assert.deepEqual(sarifSchemaErrors(log), []);
  });

  it('writes the fixes as ranked text, marking the recommended and the destructive one', () => {
    const fixes = [fix('prisma.dbPush', { preferred: true }), fix('prisma.generate'), fix('prisma.migrateReset', { destructive: true })];
    const r = run(diagnosisSarif(diagnosis([problem({ fixes })]), TOOL)).results[0];
    const lines = r.message.text.split('\n');
    assert.equal(lines[1], 'Fixes, best first:');
    assert.match(lines[2], /^1\. .* \[recommended\] \(session-doctor fix app --fix prisma\.dbPush\): \$ cd app && npx prisma generate$/);
    assert.match(lines[3], /^2\. (?!.*\[recommended\]).*--fix prisma\.generate/);
    assert.match(lines[4], /^3\. .*\[DESTRUCTIVE\].*--fix prisma\.migrateReset/);
    assert.deepEqual(
      r.properties.fixes.map((f) => [f.rank, f.id, f.recommended, f.destructive]),
      [
        [1, 'prisma.dbPush', true, false],
        [2, 'prisma.generate', false, false],
        [3, 'prisma.migrateReset', false, true],
      ],
    );
  });

  it('translates descriptions and labels with the bundle, and says which language', () => {
    const fr = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', '..', 'l10n', 'bundle.l10n.fr.json'), 'utf8')) as Record<string, string>;
    const log = diagnosisSarif(diagnosis([problem({ code: 'laravel.appKeyMissing', fixes: [fix('prisma.generate', { preferred: true })] })]), TOOL, {
      bundle: fr,
      language: 'fr',
    });
    assert.equal(run(log).language, 'fr');
    assert.equal(run(log).tool.driver.rules.find((r) => r.id === 'laravel.appKeyMissing')?.shortDescription.text, 'APP_KEY est vide');
    assert.match(run(log).results[0].message.text, new RegExp(fr['Fixes, best first'] ?? 'Correctifs'));
    assert.deepEqual(sarifSchemaErrors(log), []);
  });

  it('reports an app whose health is unknown as an unsuccessful invocation with the reason', () => {
    const d: Diagnosis = {
      root: ROOT,
      apps: [
        {
          framework: 'prisma',
          root: `${ROOT}/app`,
          tableState: 'unknown',
          unknownReason: { id: 'prisma.sqliteUnreadable', args: ['dev.db', 'not a database'] },
          commands: [],
          watchFiles: [],
        },
      ],
      problems: [],
      health: 'unknown',
      markers: [],
      elapsedMs: 1,
    };
    const inv = run(diagnosisSarif(d, TOOL)).invocations[0];
    assert.equal(inv.executionSuccessful, false);
    assert.match(inv.toolExecutionNotifications[0].message.text, /dev\.db cannot be checked: not a database/);
  });

  it('the schema check is real: a level SARIF does not have is rejected', () => {
    const log = diagnosisSarif(diagnosis([problem({})]), TOOL) as unknown as { runs: { results: { level: string }[] }[] };
    log.runs[0].results[0].level = 'info';
    assert.notDeepEqual(sarifSchemaErrors(log), []);
  });

  it('has a rule for every problem code the core produces', () => {
    const src = path.join(__dirname, '..', '..', '..', '..', 'src', 'core');
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((n) => (statSync(path.join(dir, n)).isDirectory() ? files(path.join(dir, n)) : [path.join(dir, n)]));
    const codes = new Set<string>();
    for (const f of files(src).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(f, 'utf8');
      for (const m of text.matchAll(/\bcode: '([a-z]+\.[A-Za-z]+)'/g)) codes.add(m[1]);
      for (const m of text.matchAll(/export const RUNTIME_\w+ = '([a-z]+\.[A-Za-z]+)'/g)) codes.add(m[1]);
    }
    assert.ok(codes.size >= 12, `found only ${[...codes].join(', ')}`);
    assert.deepEqual(
      [...codes].filter((c) => !(c in PROBLEM_RULES)),
      [],
    );
  });
});
