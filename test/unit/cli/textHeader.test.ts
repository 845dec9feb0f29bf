/**
 * The app lines at the top of `check`: only the parts that are known, one separator between each.
 * Seen before (issue 10): "Prisma app .  sqlite the database  Session: unknown" and, with no
 * database part, four spaces in a row.
 */
import '../../support/chevrotainUnderTsx';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { AppReport, Diagnosis } from '../../../src/core/problems/diagnosis';
import { renderDiagnosisText } from '../../../src/core/report/textReport';
import { copyComputedFixture } from '../../support/computedConfigApp';
import { runCli } from '../../support/runCli';
import { removeTree } from '../../support/tempTree';

const FR = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'l10n', 'bundle.l10n.fr.json'), 'utf8')) as Record<string, string>;

function header(app: Partial<AppReport>, bundle?: Record<string, string>): string {
  const a: AppReport = { framework: 'prisma', root: '/w', tableState: 'present', commands: [], watchFiles: [], ...app };
  const d: Diagnosis = { root: '/w', apps: [a], problems: [], health: 'healthy', markers: [], elapsedMs: 0 };
  return renderDiagnosisText(d, bundle).split('\n')[1];
}

describe('check header', () => {
  const cases: Array<[string, Partial<AppReport>, string]> = [
    [
      'located SQLite',
      { dialect: 'sqlite', databaseDisplay: 'prisma/dev.db', sessionTable: 'Session' },
      '  Prisma app . · sqlite prisma/dev.db · table Session: present',
    ],
    [
      'not located: the dialect alone',
      { dialect: 'sqlite', sessionTable: 'Session', tableState: 'unknown' },
      '  Prisma app . · sqlite · table Session: unknown',
    ],
    ['no database part at all', {}, '  Prisma app . · no session table to check'],
    [
      "a Shopify app (Shopify's Prisma session storage)",
      { flavor: 'shopify', dialect: 'sqlite', databaseDisplay: 'prisma/dev.sqlite', sessionTable: 'Session' },
      '  Prisma (Shopify session storage) app . · sqlite prisma/dev.sqlite · table Session: present',
    ],
    [
      'Laravel with its driver',
      {
        framework: 'laravel',
        root: '/w/api',
        dialect: 'postgresql',
        databaseDisplay: 'pgsql://app@127.0.0.1/shop',
        sessionTable: 'sessions',
        tableState: 'not-checked',
        sessionDriver: 'database',
      },
      '  Laravel app api · postgresql pgsql://app@127.0.0.1/shop · table sessions: not checked (SESSION_DRIVER=database)',
    ],
  ];
  for (const [name, app, want] of cases) it(name, () => assert.equal(header(app), want));

  it('French', () => {
    assert.equal(
      header({ dialect: 'sqlite', sessionTable: 'Session', tableState: 'not-checked' }, FR),
      '  application Prisma . · sqlite · table Session : non vérifiée',
    );
  });

  it('French: a flavor is words, translated; the product names are not', () => {
    assert.equal(
      header({ flavor: 'shopify', dialect: 'sqlite', databaseDisplay: 'prisma/dev.sqlite', sessionTable: 'Session' }, FR),
      '  application Prisma (stockage de sessions Shopify) . · sqlite prisma/dev.sqlite · table Session : présente',
    );
  });

  it('end to end: a database that cannot be located has no made-up location and no doubled spaces', async () => {
    const root = copyComputedFixture({
      'prisma.config.ts':
        "import { defineConfig } from 'prisma/config'\nimport { url } from './db'\nexport default defineConfig({ datasource: { url: url() } })\n",
    });
    try {
      const r = await runCli(['check', root], { env: { PATH: process.env.PATH, LANG: 'C' } });
      const line = r.stdout.split('\n')[1];
      assert.equal(line, '  Prisma app . · sqlite · table Session: unknown');
      assert.doesNotMatch(r.stdout, /the database {2}|sqlite the database/);
    } finally {
      removeTree(root);
    }
  });
});
