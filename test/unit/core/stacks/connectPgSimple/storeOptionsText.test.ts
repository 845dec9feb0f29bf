/** The store's construction and options, read from source text in every form an app writes it. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findStoreCalls, optionOf, type StoreCall } from '../../../../../src/core/stacks/connectPgSimple/storeOptionsText';

function options(call: StoreCall | undefined): Record<string, unknown> | string {
  if (!call) return 'no call';
  if (call.options.kind !== 'literal') return call.options.kind;
  return Object.fromEntries(
    call.options.object.props.map((p) => [p.key, p.value.kind === 'expression' ? `expr:${p.value.text}` : p.value.kind === 'object' ? 'object' : p.value]),
  );
}

describe('connect-pg-simple store options from source text', () => {
  it('the fixture app: CommonJS, the class bound from require(…)(session)', () => {
    const text = fs.readFileSync(path.join(__dirname, '../../../../fixtures/stacks/connect-pg-simple/app/server.js'), 'utf8');
    assert.deepEqual(options(findStoreCalls(text)[0]), { conString: { kind: 'env', name: 'DATABASE_URL' } });
  });

  const cases: Array<[string, string, Record<string, unknown> | string]> = [
    [
      'inline new (require(…)(session))({…})',
      "app.use(session({ store: new (require('connect-pg-simple')(session))({ tableName: 'user_sessions', createTableIfMissing: true }) }))",
      { tableName: { kind: 'string', value: 'user_sessions' }, createTableIfMissing: { kind: 'boolean', value: true } },
    ],
    [
      'factory bound, class made inline',
      "const pgSession = require('connect-pg-simple');\nconst store = new (pgSession(session))({ pool: pgPool, tableName: 'user_sessions' });",
      { pool: 'expr:pgPool', tableName: { kind: 'string', value: 'user_sessions' } },
    ],
    [
      'ESM default import, double quotes, template, env fallback',
      'import session from "express-session";\nimport connectPgSimple from "connect-pg-simple";\nconst PgStore = connectPgSimple(session);\nexport const store = new PgStore({ conString: process.env["PG_URL"] ?? "postgres://localhost/dev", schemaName: `app` });',
      { conString: { kind: 'env', name: 'PG_URL', fallback: 'postgres://localhost/dev' }, schemaName: { kind: 'string', value: 'app' } },
    ],
    [
      'TypeScript import = require, a comment and a trailing comma',
      "import pgSimple = require('connect-pg-simple');\nconst S = pgSimple(session);\nnew S({\n  // the table\n  tableName: 'sess', /* inline */\n});",
      { tableName: { kind: 'string', value: 'sess' } },
    ],
    ['no options: new S()', "const S = require('connect-pg-simple')(session); const s = new S();", 'none'],
    ['options in a variable', "const S = require('connect-pg-simple')(session); const s = new S(opts);", 'expression'],
    [
      'conObject as a nested literal',
      "const S = require('connect-pg-simple')(session); new S({ conObject: { host: 'db', port: 5433, user: 'u', password: process.env.PW, database: 'd' } })",
      { conObject: 'object' },
    ],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => assert.deepEqual(options(findStoreCalls(text)[0]), expected));
  }

  it('a spread makes the object opaque; the last duplicate key wins', () => {
    const [call] = findStoreCalls("const S = require('connect-pg-simple')(session); new S({ ...base, tableName: 'a', tableName: 'b' })");
    assert.ok(call.options.kind === 'literal' && call.options.object.opaque);
    assert.deepEqual(call.options.kind === 'literal' && optionOf(call.options.object, 'tableName')?.value, { kind: 'string', value: 'b' });
  });

  it('ignores other stores, strings and comments that only mention the package', () => {
    const text =
      "// new (require('connect-pg-simple')(session))({ tableName: 'no' })\nconst msg = \"new (require('connect-pg-simple')(session))()\";\nconst RedisStore = require('connect-redis');\nnew RedisStore({ client });\nconst re = /connect-pg-simple/;";
    assert.deepEqual(findStoreCalls(text), []);
  });

  it('offsets point into the text (what edits are made on)', () => {
    const text = "const S = require('connect-pg-simple')(session);\nconst s = new S({ createTableIfMissing: false });";
    const [call] = findStoreCalls(text);
    assert.ok(call.options.kind === 'literal');
    const p = optionOf(call.options.object, 'createTableIfMissing')!;
    assert.equal(text.slice(p.valueStart, p.valueEnd), 'false');
    assert.equal(text.slice(call.start, call.start + 3), 'new');
  });
});
