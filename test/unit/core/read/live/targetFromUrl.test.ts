import * as assert from 'node:assert/strict';
import { parseDatabaseUrl } from '../../../../../src/core/read/databaseUrl';
import { liveTargetFromUrl, type LiveTargetResult } from '../../../../../src/core/read/live/targetFromUrl';

function fromUrl(url: string): LiveTargetResult {
  const parsed = parseDatabaseUrl(url);
  assert.ok(parsed.ok, url);
  return liveTargetFromUrl(parsed.value);
}

describe('live check: target from a Prisma URL', () => {
  const cases: Array<{ url: string; expect: LiveTargetResult }> = [
    {
      url: 'postgresql://app:s%40cret@db:6432/shop?schema=auth',
      expect: { ok: true, target: { dialect: 'postgresql', host: 'db', port: 6432, user: 'app', password: 's@cret', database: 'shop', schema: 'auth' } },
    },
    {
      url: 'postgresql://app:pw@db',
      expect: { ok: true, target: { dialect: 'postgresql', host: 'db', port: 5432, user: 'app', password: 'pw', database: 'app' } },
    },
    {
      url: 'postgresql://app@/shop?host=/var/run/postgresql',
      expect: {
        ok: true,
        target: {
          dialect: 'postgresql',
          host: 'localhost',
          port: undefined,
          user: 'app',
          password: undefined,
          database: 'shop',
          socketPath: '/var/run/postgresql',
        },
      },
    },
    {
      url: 'mysql://root:pw@127.0.0.1:3307/laravel',
      expect: { ok: true, target: { dialect: 'mysql', host: '127.0.0.1', port: 3307, user: 'root', password: 'pw', database: 'laravel' } },
    },
    { url: 'mysql://root:pw@127.0.0.1:3307', expect: { ok: false, reason: 'The URL names no database' } },
    { url: 'file:./dev.db', expect: { ok: false, reason: 'SQLite databases are read from their file, not over a connection' } },
  ];
  for (const c of cases) {
    it(c.url, () => assert.deepEqual(fromUrl(c.url), c.expect));
  }
});
