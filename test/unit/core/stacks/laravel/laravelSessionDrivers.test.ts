import * as assert from 'node:assert/strict';
import { generateAppKey } from '../../../../../src/core/stacks/laravel/laravelAppKey';
import {
  canonicalSessionDriver,
  nearestDriver,
  sessionTableCommand,
  VALID_SESSION_DRIVERS,
} from '../../../../../src/core/stacks/laravel/laravelSessionDrivers';

describe('Laravel session drivers', () => {
  const NEAREST: Array<[string, string | undefined]> = [
    ['databse', 'database'],
    ['datbase', 'database'],
    ['DATABASE', 'database'],
    ['cokie', 'cookie'],
    ['cookies', 'cookie'],
    ['files', 'file'],
    ['memcache', 'memcached'],
    ['dynamo', 'dynamodb'],
    ['redsi', 'redis'],
    ['apcu', 'apc'],
    ['mysql', undefined],
    ['sessions', undefined],
    ['db', undefined],
    ['', undefined],
    ['x'.repeat(1000), undefined],
  ];
  for (const [typo, expected] of NEAREST) {
    it(`nearestDriver(${JSON.stringify(typo.slice(0, 12))}) = ${expected}`, () => assert.equal(nearestDriver(typo), expected));
  }
  it('every valid driver is its own nearest', () => {
    for (const d of VALID_SESSION_DRIVERS) assert.equal(nearestDriver(d), d);
  });
  it('SessionManager resolves drivers case-insensitively through Str::studly', () => {
    assert.equal(canonicalSessionDriver('Database'), 'database');
    assert.equal(canonicalSessionDriver('dynamo_db'), 'dynamodb');
    assert.equal(canonicalSessionDriver('databse'), undefined);
  });
  it('make:session-table from Laravel 11, session:table before and when unknown', () => {
    assert.deepEqual(sessionTableCommand(12), ['php', 'artisan', 'make:session-table']);
    assert.deepEqual(sessionTableCommand(11), ['php', 'artisan', 'make:session-table']);
    assert.deepEqual(sessionTableCommand(10), ['php', 'artisan', 'session:table']);
    assert.deepEqual(sessionTableCommand(undefined), ['php', 'artisan', 'session:table']);
  });
});

describe('APP_KEY generation', () => {
  it('is base64: + the 32 given random bytes', () => {
    const bytes = Uint8Array.from({ length: 32 }, (_, i) => i * 7);
    const key = generateAppKey(() => bytes);
    assert.ok(key.startsWith('base64:'));
    assert.deepEqual(new Uint8Array(Buffer.from(key.slice(7), 'base64')), bytes);
  });
  it('uses fresh randomness by default', () => {
    const a = generateAppKey();
    assert.match(a, /^base64:[A-Za-z0-9+/]{43}=$/);
    assert.notEqual(a, generateAppKey());
  });
  it('refuses a short random source', () => {
    assert.throws(() => generateAppKey(() => new Uint8Array(16)), RangeError);
  });
});
