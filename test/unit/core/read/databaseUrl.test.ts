import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import fc from 'fast-check';
import { parseDatabaseUrl, type DatabaseUrlParts } from '../../../../src/core/read/databaseUrl';
import { fuzzRuns } from '../../../support/fuzzRuns';

const OK: Array<{ url: string; parts: DatabaseUrlParts; baseDir?: string }> = [
  { url: 'file:./dev.db', parts: { dialect: 'sqlite', filePath: './dev.db' } },
  { url: 'file:dev.db?connection_limit=1', parts: { dialect: 'sqlite', filePath: 'dev.db' } },
  { url: 'file:/abs/app.db', parts: { dialect: 'sqlite', filePath: '/abs/app.db' } },
  { url: 'file:///abs/app.db', parts: { dialect: 'sqlite', filePath: '/abs/app.db' } },
  { url: 'file:./my%20db.sqlite', parts: { dialect: 'sqlite', filePath: './my db.sqlite' } },
  { url: 'file:./dev.db', baseDir: '/proj/prisma', parts: { dialect: 'sqlite', filePath: path.resolve('/proj/prisma', 'dev.db') } },
  { url: 'file:/abs.db', baseDir: '/proj/prisma', parts: { dialect: 'sqlite', filePath: '/abs.db' } },
  {
    url: 'postgresql://johndoe:randompassword@localhost:5432/mydb?schema=public',
    parts: { dialect: 'postgresql', host: 'localhost', port: 5432, user: 'johndoe', password: 'randompassword', database: 'mydb', schema: 'public' },
  },
  {
    url: 'postgres://u:p@db.example.com/app?schema=auth&sslmode=require',
    parts: { dialect: 'postgresql', host: 'db.example.com', port: 5432, user: 'u', password: 'p', database: 'app', schema: 'auth' },
  },
  { url: 'postgresql://u@h/db', parts: { dialect: 'postgresql', host: 'h', port: 5432, user: 'u', database: 'db' } },
  {
    url: 'postgresql://u:p@/db?host=/var/run/postgresql',
    parts: { dialect: 'postgresql', user: 'u', password: 'p', database: 'db', socketPath: '/var/run/postgresql' },
  },
  { url: 'postgresql://u:p@[::1]:6543/db', parts: { dialect: 'postgresql', host: '::1', port: 6543, user: 'u', password: 'p', database: 'db' } },
  {
    url: 'mysql://root:secret@127.0.0.1:3307/laravel',
    parts: { dialect: 'mysql', host: '127.0.0.1', port: 3307, user: 'root', password: 'secret', database: 'laravel' },
  },
  { url: 'mariadb://app:pw@db/app', parts: { dialect: 'mysql', host: 'db', port: 3306, user: 'app', password: 'pw', database: 'app' } },
  {
    url: 'mysql://u:p@localhost/db?socket=/run/mysqld/mysqld.sock',
    parts: { dialect: 'mysql', host: 'localhost', port: 3306, user: 'u', password: 'p', database: 'db', socketPath: '/run/mysqld/mysqld.sock' },
  },
  { url: 'mysql://u:p%40ss%3Aw%2Fd%23@h/db', parts: { dialect: 'mysql', host: 'h', port: 3306, user: 'u', password: 'p@ss:w/d#', database: 'db' } },
  { url: 'mysql://us%40er:pw@h/d%2Db', parts: { dialect: 'mysql', host: 'h', port: 3306, user: 'us@er', password: 'pw', database: 'd-b' } },
  // Pasted unencoded: the last @ before the query ends the userinfo.
  {
    url: 'postgresql://u:p@ss/w#rd@host:5433/db',
    parts: { dialect: 'postgresql', host: 'host', port: 5433, user: 'u', password: 'p@ss/w#rd', database: 'db' },
  },
  // A lone % is kept as written rather than rejected.
  { url: 'mysql://u:100%@h/db', parts: { dialect: 'mysql', host: 'h', port: 3306, user: 'u', password: '100%', database: 'db' } },
  { url: '  POSTGRESQL://u:p@h/db  ', parts: { dialect: 'postgresql', host: 'h', port: 5432, user: 'u', password: 'p', database: 'db' } },
];

const BAD: Array<{ url: string; error: RegExp; secret?: string }> = [
  { url: '', error: /empty/ },
  { url: 'not a url', error: /no scheme/ },
  { url: 'sqlserver://h;password=Sup3rSecret', error: /Unsupported.*sqlserver/, secret: 'Sup3rSecret' },
  { url: 'mongodb://u:Sup3rSecret@h/db', error: /Unsupported.*mongodb/, secret: 'Sup3rSecret' },
  { url: 'postgresql://u:Sup3rSecret@h:99999/db', error: /port "99999"/, secret: 'Sup3rSecret' },
  { url: 'postgresql://u:Sup3rSecret@h:abc/db', error: /port "abc"/, secret: 'Sup3rSecret' },
  { url: 'mysql://u:Sup3rSecret@[::1/db', error: /host part/, secret: 'Sup3rSecret' },
  { url: 'mysql://u:Sup3rSecret@/db', error: /no host/, secret: 'Sup3rSecret' },
  { url: 'mysql:u:Sup3rSecret@h/db', error: /"\/\/"/, secret: 'Sup3rSecret' },
  { url: 'file:', error: /no file/ },
  { url: 'file:?mode=ro', error: /no file/ },
];

describe('databaseUrl: parseDatabaseUrl', () => {
  for (const c of OK) {
    it(`parses ${c.url.trim()}${c.baseDir ? ` from ${c.baseDir}` : ''}`, () => {
      assert.deepEqual(parseDatabaseUrl(c.url, { baseDir: c.baseDir }), { ok: true, value: c.parts });
    });
  }
  for (const c of BAD) {
    it(`rejects ${JSON.stringify(c.url)} with a masked message`, () => {
      const res = parseDatabaseUrl(c.url);
      assert.equal(res.ok, false);
      if (res.ok) return;
      assert.match(res.error, c.error);
      if (c.secret) assert.ok(!res.error.includes(c.secret), res.error);
    });
  }
  it('round-trips any percent-encoded password and database name (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 30 }), fc.string({ minLength: 1, maxLength: 20 }), (password, database) => {
        const res = parseDatabaseUrl(`postgresql://app:${encodeURIComponent(password)}@h:5432/${encodeURIComponent(database)}?schema=s`);
        return res.ok && res.value.password === password && res.value.database === database && res.value.host === 'h' && res.value.schema === 's';
      }),
      { numRuns: fuzzRuns(500) },
    );
  });

  it('never throws, whatever it is given', () => {
    for (const junk of [undefined, null, 12, {}, '%', 'postgresql://', 'postgresql://@', 'mysql://:@:/', 'file://', '\u0000', 'p'.repeat(50_000)]) {
      assert.doesNotThrow(() => parseDatabaseUrl(junk as unknown as string));
    }
  });
});
