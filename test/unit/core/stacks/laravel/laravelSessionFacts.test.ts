import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { readLaravelApp } from '../../../../../src/core/stacks/laravel/laravelApp';
import { laravelSessionFacts, type LaravelSessionFacts } from '../../../../../src/core/stacks/laravel/laravelSessionFacts';

const FIXTURES = path.resolve(__dirname, '../../../../fixtures/laravel');

/** Per fixture app: the facts that distinguish it. */
const CASES: Array<[string, Partial<LaravelSessionFacts>]> = [
  [
    'laravel12-api-mysql',
    {
      driver: 'database',
      usesDatabaseDriver: true,
      dialect: 'mysql',
      hasSessionMigration: false,
      configCached: false,
      appKeyEmpty: false,
      sessionTableCommand: ['php', 'artisan', 'make:session-table'],
    },
  ],
  ['laravel11-sqlite', { driver: 'database', dialect: 'sqlite', hasSessionMigration: true, sessionTable: 'sessions', tablePrefix: '' }],
  ['laravel10-file', { driver: 'file', usesDatabaseDriver: false, sessionTableCommand: ['php', 'artisan', 'session:table'] }],
  ['laravel12-cached-config', { driver: 'database', configCached: true }],
  ['laravel12-missing-env', { envMissing: true, canCreateEnvFromExample: true, appKeyEmpty: true, appKeyNeededBySessions: false }],
  ['laravel12-typo-driver', { driverValid: false, configuredDriver: 'databse', driverSuggestion: 'database', usesDatabaseDriver: false }],
  ['laravel12-empty-app-key', { driver: 'cookie', appKeyEmpty: true, appKeyNeededBySessions: true }],
  ['laravel12-crlf-env', { driver: 'database', dialect: 'sqlite', envFatalLines: [] }],
];

describe('Laravel session facts', () => {
  for (const [name, expected] of CASES) {
    it(name, async () => {
      const facts = laravelSessionFacts(await readLaravelApp(path.join(FIXTURES, name)));
      const picked = Object.fromEntries(Object.keys(expected).map((k) => [k, facts[k as keyof LaravelSessionFacts]]));
      assert.deepEqual(picked, expected);
    });
  }
});
