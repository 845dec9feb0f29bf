/**
 * Classification of errors the real servers in the other files cannot produce here (a host route
 * down, DNS, MySQL's socket-only root, pg_hba rejection): the error shapes are those the drivers
 * and Node throw.
 */
import * as assert from 'node:assert/strict';
import { classifyFailure, describeFailure } from '../../../../../src/core/read/live/failureReason';
import type { UnknownReason } from '../../../../../src/core/read/live/liveTarget';

function sysError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, errno: -1 });
}

const CASES: Array<{ name: string; err: unknown; reason: UnknownReason }> = [
  { name: 'EHOSTUNREACH', err: sysError('EHOSTUNREACH', 'connect EHOSTUNREACH 10.0.0.9:3306'), reason: 'unreachable' },
  { name: 'ENOTFOUND', err: sysError('ENOTFOUND', 'getaddrinfo ENOTFOUND db.internal'), reason: 'unreachable' },
  { name: 'EAI_AGAIN', err: sysError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN db.internal'), reason: 'unreachable' },
  {
    name: 'AggregateError of refusals',
    err: Object.assign(new AggregateError([sysError('ECONNREFUSED', 'a'), sysError('ECONNREFUSED', 'b')], ''), {}),
    reason: 'unreachable',
  },
  {
    name: 'mysql 1698 (root via unix_socket)',
    err: Object.assign(new Error("Access denied for user 'root'@'localhost'"), { code: 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR', errno: 1698 }),
    reason: 'access-denied',
  },
  {
    name: 'mysql 1044 (no rights on the database)',
    err: Object.assign(new Error('Access denied for user to database'), { code: 'ER_DBACCESS_DENIED_ERROR', errno: 1044 }),
    reason: 'access-denied',
  },
  { name: 'pg 28000 (pg_hba rejects)', err: Object.assign(new Error('no pg_hba.conf entry for host'), { code: '28000' }), reason: 'access-denied' },
  { name: 'mysql2 connect timeout', err: sysError('ETIMEDOUT', 'connect ETIMEDOUT'), reason: 'timeout' },
  { name: 'pg connection timeout (no code)', err: new Error('Connection terminated due to connection timeout'), reason: 'timeout' },
  { name: 'pg statement_timeout', err: Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }), reason: 'timeout' },
  { name: 'pg lock_timeout', err: Object.assign(new Error('canceling statement due to lock timeout'), { code: '55P03' }), reason: 'timeout' },
  { name: 'something else', err: Object.assign(new Error('Too many connections'), { code: 'ER_CON_COUNT_ERROR', errno: 1040 }), reason: 'other' },
  { name: 'not an error at all', err: 'boom', reason: 'other' },
];

describe('live check: failure classification', () => {
  for (const c of CASES) {
    it(`${c.name} -> ${c.reason}`, () => assert.equal(classifyFailure(c.err), c.reason));
  }

  it('describes an AggregateError by its inner messages, with URLs and the password masked', () => {
    const err = new AggregateError([new Error('connect ECONNREFUSED ::1:5432'), new Error('while using postgresql://app:Pa55word!@localhost/db')], '');
    const text = describeFailure(err, { dialect: 'postgresql', host: 'localhost', database: 'db', password: 'Pa55word!' });
    assert.equal(text, 'connect ECONNREFUSED ::1:5432; while using postgresql://app:****@localhost/db');
  });
});
