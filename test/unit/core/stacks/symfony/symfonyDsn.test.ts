import * as assert from 'node:assert/strict';
import { connectionDisplay, symfonyConnection } from '../../../../../src/core/stacks/symfony/symfonyDsn';

const ok = (v: string) => {
  const r = symfonyConnection(v);
  assert.ok(r.ok, v);
  return r.value;
};

describe('where PdoSessionHandler connects (buildDsnFromUrl and PDO DSNs)', () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ['sqlite:////srv/app/var/data.db', { driver: 'sqlite', sqliteFile: '/srv/app/var/data.db' }],
    ['sqlite3:///relative.db', { driver: 'sqlite', sqliteFile: 'relative.db' }],
    ['pdo-sqlite:////srv/x.db', { driver: 'sqlite', sqliteFile: '/srv/x.db' }],
    [
      'postgresql://app:s%40cret@db.local:5433/app_db?serverVersion=15&charset=utf8',
      { driver: 'pgsql', host: 'db.local', port: 5433, database: 'app_db', user: 'app', password: 's@cret' },
    ],
    ['postgres://u@127.0.0.1/d', { driver: 'pgsql', host: '127.0.0.1', database: 'd', user: 'u' }],
    ['mysql2://root:pw@localhost:3307/shop', { driver: 'mysql', host: 'localhost', port: 3307, database: 'shop', user: 'root', password: 'pw' }],
    ['pdo_mysql://u:p@h/d?unix_socket=/run/mysqld.sock', { driver: 'mysql', database: 'd', unixSocket: '/run/mysqld.sock' }],
    ['mysql:host=127.0.0.1;port=3306;dbname=app', { driver: 'mysql', host: '127.0.0.1', port: 3306, database: 'app' }],
    ['pgsql:host=db;dbname=app;user=u;password=p', { driver: 'pgsql', host: 'db', database: 'app', user: 'u', password: 'p' }],
    ['sqlite:/tmp/s.db', { driver: 'sqlite', sqliteFile: '/tmp/s.db' }],
  ];
  for (const [input, expected] of cases) {
    it(input, () => {
      const c = ok(input);
      for (const [k, v] of Object.entries(expected)) assert.deepEqual(c[k as keyof typeof c], v, k);
    });
  }

  it('the query string of a URL is kept (SessionHandlerFactory passes it as options)', () => {
    assert.equal(ok('pgsql://u@h/d?db_table=my_sessions').query?.db_table, 'my_sessions');
  });

  it('a display never holds the password', () => {
    const c = ok('postgresql://app:hunter2@db.local:5433/app_db');
    assert.equal(connectionDisplay(c), 'pgsql://app@db.local:5433/app_db');
    assert.ok(!connectionDisplay(ok('pgsql:host=db;dbname=app;user=u;password=hunter2')).includes('hunter2'));
  });

  it('a DSN without a driver is an error, not a guess', () => {
    assert.equal(symfonyConnection('nothing-here').ok, false);
  });
});
