/**
 * `check --format sarif` on copies of the bundled demo, built broken as scripts/demo.sh builds
 * them, and again once fixed: every output is valid against the official SARIF 2.1.0 schema, and
 * the exit codes are those of `check`.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { SarifLog } from '../../../src/core/report/sarifReport';
import { makeBrokenDemo } from '../../support/demoCopy';
import { requireTools } from '../../support/requiredTools';
import { runCli } from '../../support/runCli';
import { sarifSchemaErrors } from '../../support/sarifSchema';
import { removeTree } from '../../support/tempTree';

function lineOf(file: string, re: RegExp): number {
  return (
    readFileSync(file, 'utf8')
      .split('\n')
      .findIndex((l) => re.test(l)) + 1
  );
}

describe('check --format sarif on the demo apps', function () {
  this.timeout(60_000);
  let demo: string;

  before(function () {
    requireTools(this, 'sqlite3');
  });
  beforeEach(() => {
    demo = makeBrokenDemo('sd-sarif-');
  });
  afterEach(() => removeTree(demo));

  it('broken Prisma and Laravel apps: valid SARIF, exit 1, each result at the schema model or the .env line', async () => {
    const r = await runCli(['check', '--format', 'sarif', '--no-live', demo]);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stderr, '');
    const log = JSON.parse(r.stdout) as SarifLog;
    assert.deepEqual(sarifSchemaErrors(log), []);
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'Session Doctor');
    assert.equal(
      run.tool.driver.version,
      (JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string }).version,
    );
    const byRule = new Map(run.results.map((x) => [x.ruleId, x]));
    assert.deepEqual([...byRule.keys()].sort(), ['laravel.sessionTableMissing', 'prisma.sessionTableMissing']);

    const prisma = byRule.get('prisma.sessionTableMissing');
    assert.equal(prisma?.level, 'error');
    const schemaLine = lineOf(path.join(demo, 'prisma-sqlite-app', 'prisma', 'schema.prisma'), /^model Session\b/);
    assert.deepEqual(prisma?.locations?.[0].physicalLocation.artifactLocation, { uri: 'prisma-sqlite-app/prisma/schema.prisma', uriBaseId: '%SRCROOT%' });
    assert.equal(prisma?.locations?.[0].physicalLocation.region.startLine, schemaLine);
    assert.ok(prisma?.properties.fixes.some((f) => f.id === 'prisma.createTable'));
    assert.equal(prisma?.properties.fixes.filter((f) => f.recommended).length, 1);

    const laravel = byRule.get('laravel.sessionTableMissing');
    assert.deepEqual(laravel?.locations?.[0].physicalLocation.artifactLocation, { uri: 'laravel-api-app/.env', uriBaseId: '%SRCROOT%' });
    assert.equal(laravel?.locations?.[0].physicalLocation.region.startLine, lineOf(path.join(demo, 'laravel-api-app', '.env'), /^SESSION_DRIVER=/));
    assert.match(
      laravel?.message.text ?? '',
      /1\. Set SESSION_DRIVER=cookie in \.env \[recommended\] \(session-doctor fix laravel-api-app --fix laravel\.driver\.cookie\)/,
    );
    assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, `file://${demo}/`);
  });

  it('in French with SESSION_DOCTOR_LANG=fr, still valid', async () => {
    const r = await runCli(['check', '--format=sarif', '--no-live', demo], { env: { PATH: process.env.PATH, SESSION_DOCTOR_LANG: 'fr' } });
    assert.equal(r.code, 1);
    const log = JSON.parse(r.stdout) as SarifLog;
    assert.deepEqual(sarifSchemaErrors(log), []);
    assert.equal(log.runs[0].language, 'fr');
    assert.match(log.runs[0].results[0].message.text, /Correctifs/);
  });

  it('once fixed (table created, driver switched): valid SARIF with no results, exit 0', async () => {
    assert.equal((await runCli(['fix', path.join(demo, 'prisma-sqlite-app'), '--create-table', '--yes', '--no-live'])).code, 0);
    assert.equal((await runCli(['fix', path.join(demo, 'laravel-api-app'), '--session-driver', 'cookie', '--yes', '--no-live'])).code, 0);
    const r = await runCli(['check', '--format', 'sarif', '--no-live', demo]);
    assert.equal(r.code, 0, r.stdout);
    const log = JSON.parse(r.stdout) as SarifLog;
    assert.deepEqual(sarifSchemaErrors(log), []);
    assert.deepEqual(log.runs[0].results, []);
    assert.equal(log.runs[0].properties.health, 'healthy');
    assert.equal(log.runs[0].invocations[0].executionSuccessful, true);
  });

  it('--json still works, and contradicting or unknown formats are usage errors (exit 2)', async () => {
    const json = await runCli(['check', '--json', '--no-live', demo]);
    assert.equal(json.code, 1);
    assert.equal((JSON.parse(json.stdout) as { health: string }).health, 'problem');
    assert.deepEqual(JSON.parse((await runCli(['check', '--format', 'json', '--no-live', demo])).stdout), JSON.parse(json.stdout));
    assert.equal((await runCli(['check', '--format', 'text', '--no-live', demo])).stdout.split('\n').at(-2), 'Health: problem (2 problems)');
    for (const args of [
      ['--format', 'xml'],
      ['--json', '--format', 'sarif'],
    ]) {
      const r = await runCli(['check', ...args, demo]);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stdout, '');
    }
  });
});
