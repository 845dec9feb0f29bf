/**
 * The connect-pg-simple rules for a session table that lacks columns of the package's table.sql, on
 * plain fact records; and the ALTER built from table.sql's own column definitions. No I/O.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RunCommandFix } from '../../../../../src/core/model';
import {
  CONNECT_PG_SIMPLE_TABLE_SQL,
  connectPgSimpleAddColumnsSql,
  connectPgSimpleColumns,
  connectPgSimplePrimaryKey,
} from '../../../../../src/core/stacks/connectPgSimple/connectPgSimpleDdl';
import type { ConnectPgSimpleFacts } from '../../../../../src/core/stacks/connectPgSimple/connectPgSimpleFacts';
import { connectPgSimpleRules } from '../../../../../src/core/stacks/connectPgSimple/connectPgSimpleRules';
import { findStoreCalls } from '../../../../../src/core/stacks/connectPgSimple/storeOptionsText';

/** connect-pg-simple 10.0.0's table.sql, copied from the package (test/fixtures/stacks/connect-pg-simple/). */
const TABLE_SQL = readFileSync(path.join(__dirname, '../../../../fixtures/stacks/connect-pg-simple/table.sql'), 'utf8');
const URL = 'postgresql://app:s3cret-pw@db.example:5432/shop';
const SERVER = `const PgStore = require('connect-pg-simple')(session);\napp.use(session({ store: new PgStore({ conString: process.env.DATABASE_URL }) }));\n`;

function facts(table: Partial<ConnectPgSimpleFacts['table']>, over: Partial<ConnectPgSimpleFacts> = {}): ConnectPgSimpleFacts {
  const call = findStoreCalls(SERVER)[0];
  return {
    app: { root: '/app', packageJson: '/app/package.json', versions: { connectPgSimple: '10.0.0', expressSession: '^1.19.0' } },
    store: { file: '/app/server.js', text: SERVER, bom: false, call, others: 0 },
    createTableIfMissing: false,
    connection: { kind: 'url', url: URL, from: 'env', envName: 'DATABASE_URL' },
    table: { state: 'present', databaseDisplay: 'postgresql://app:****@db.example:5432/shop', ...table },
    installedTableSql: { file: '/app/node_modules/connect-pg-simple/table.sql', text: TABLE_SQL },
    psqlAvailable: true,
    ...over,
  };
}

const problemOf = (f: ConnectPgSimpleFacts) => connectPgSimpleRules(f).problems.find((p) => p.code === 'connectPgSimple.sessionColumnsMissing');

describe('connect-pg-simple: columns of table.sql', () => {
  it("reads the package's column definitions and primary key from table.sql", () => {
    assert.deepEqual(connectPgSimpleColumns(TABLE_SQL), [
      { name: 'sid', definition: '"sid" varchar NOT NULL COLLATE "default"' },
      { name: 'sess', definition: '"sess" json NOT NULL' },
      { name: 'expire', definition: '"expire" timestamp(6) NOT NULL' },
    ]);
    assert.equal(connectPgSimplePrimaryKey(TABLE_SQL), 'sid');
    // Each definition is a line of the file, byte for byte.
    for (const c of connectPgSimpleColumns(TABLE_SQL)) assert.ok(TABLE_SQL.includes(`  ${c.definition}`), c.definition);
  });

  it("adds the missing columns in one ALTER, with table.sql's index on expire, under the store's names", () => {
    assert.equal(
      connectPgSimpleAddColumnsSql(['expire'], undefined, undefined, TABLE_SQL),
      'ALTER TABLE "session" ADD COLUMN "expire" timestamp(6) NOT NULL;\nCREATE INDEX "IDX_session_expire" ON "session" ("expire");\n',
    );
    assert.equal(
      connectPgSimpleAddColumnsSql(['sess'], 'web_sessions', 'auth', TABLE_SQL),
      'ALTER TABLE "auth"."web_sessions" ADD COLUMN "sess" json NOT NULL;\n',
    );
    assert.equal(connectPgSimpleAddColumnsSql([], undefined, undefined), '');
    assert.equal(CONNECT_PG_SIMPLE_TABLE_SQL, TABLE_SQL);
  });
});

describe('connect-pg-simple rules: session table columns missing (no I/O)', () => {
  it('an empty table without expire: psql with the ALTER, preferred', () => {
    const p = problemOf(facts({ missingColumns: ['expire'], hasRows: false }))!;
    assert.deepEqual(p.message, {
      id: 'connectPgSimple.sessionColumnsMissing',
      args: ['session', 'postgresql://app:****@db.example:5432/shop', 'expire'],
    });
    const fix = p.fixes[0] as RunCommandFix;
    assert.equal(fix.id, 'connectPgSimple.psqlAddColumns');
    assert.equal(fix.preferred, true);
    const argv = fix.commands[0].argv;
    assert.equal(
      argv[argv.length - 1],
      'ALTER TABLE "session" ADD COLUMN "expire" timestamp(6) NOT NULL;\nCREATE INDEX "IDX_session_expire" ON "session" ("expire");\n',
    );
    assert.equal(p.detail?.args?.[0], 'column "expire" of relation "session" does not exist');
  });

  it('rows, or rows unknown: no fix, and why', () => {
    const rows = problemOf(facts({ missingColumns: ['expire'], hasRows: true }))!;
    assert.deepEqual([rows.detail?.id, rows.fixes.length], ['sessionColumns.rows', 0]);
    assert.equal(problemOf(facts({ missingColumns: ['sess'] }))!.detail?.id, 'sessionColumns.rowsUnknown');
  });

  it('sid (the primary key) missing: no fix', () => {
    const p = problemOf(facts({ missingColumns: ['sid'], hasRows: false }))!;
    assert.deepEqual([p.detail?.id, p.fixes.length], ['sessionColumns.primaryKey', 0]);
  });

  it('no missing columns: no problem', () => {
    assert.equal(problemOf(facts({})), undefined);
  });
});
