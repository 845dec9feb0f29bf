/**
 * The connect-pg-simple rules on plain fact records, as connectPgSimpleFacts.ts would record them.
 * The store's text is parsed by the pure scanner; no database, no file, no temp folder.
 */
import * as assert from 'node:assert/strict';
import { applyEdit } from '../../../../../src/core/read/env/envFile';
import type { EditFix, RunCommandFix } from '../../../../../src/core/model';
import { msg } from '../../../../../src/core/messages';
import { CONNECT_PG_SIMPLE_TABLE_SQL } from '../../../../../src/core/stacks/connectPgSimple/connectPgSimpleDdl';
import type { ConnectPgSimpleFacts } from '../../../../../src/core/stacks/connectPgSimple/connectPgSimpleFacts';
import { connectPgSimpleRules } from '../../../../../src/core/stacks/connectPgSimple/connectPgSimpleRules';
import { findStoreCalls } from '../../../../../src/core/stacks/connectPgSimple/storeOptionsText';
import { commandLine } from '../../../../../src/core/report/shellQuote';

const URL = 'postgresql://app:s3cret-pw@db.example:5432/shop';
const SERVER = `const session = require('express-session');
const PgStore = require('connect-pg-simple')(session);
app.use(session({
  store: new PgStore({
    conString: process.env.DATABASE_URL,
  }),
  secret: 'x',
}));
`;

function facts(over: Partial<ConnectPgSimpleFacts> = {}, text = SERVER): ConnectPgSimpleFacts {
  const call = findStoreCalls(text)[0];
  return {
    app: { root: '/app', packageJson: '/app/package.json', versions: { connectPgSimple: '10.0.0', expressSession: '^1.19.0' } },
    store: call && { file: '/app/server.js', text, bom: false, call, others: 0 },
    createTableIfMissing: false,
    connection: { kind: 'url', url: URL, from: 'env', envName: 'DATABASE_URL', envFile: '/app/.env' },
    table: { state: 'missing', databaseDisplay: 'postgresql://app:****@db.example:5432/shop' },
    installedTableSql: { file: '/app/node_modules/connect-pg-simple/table.sql', text: CONNECT_PG_SIMPLE_TABLE_SQL },
    psqlAvailable: true,
    ...over,
  };
}

describe('connect-pg-simple rules on fact records (no I/O)', () => {
  it('a present table: no problem, and the report names the stack, table and DDL', () => {
    const out = connectPgSimpleRules(facts({ table: { state: 'present', databaseDisplay: 'postgresql://app:****@db.example:5432/shop' } }));
    assert.deepEqual(out.problems, []);
    assert.equal(out.app.framework, 'connect-pg-simple');
    assert.equal(out.app.sessionTable, 'session');
    assert.equal(out.app.dialect, 'postgresql');
    assert.equal(out.app.sessionSql?.postgresql, CONNECT_PG_SIMPLE_TABLE_SQL);
    assert.deepEqual(out.app.anchor?.range.start, { line: 3, character: 9 });
    assert.deepEqual(out.app.databaseSource, msg('connectPgSimple.databaseFrom.envFile', 'DATABASE_URL', '.env'));
  });

  it('a missing table: psql with the installed table.sql first, then the createTableIfMissing edit', () => {
    const [p] = connectPgSimpleRules(facts()).problems;
    assert.equal(p.code, 'connectPgSimple.sessionTableMissing');
    assert.equal(p.severity, 'error');
    assert.deepEqual(
      p.fixes.map((f) => [f.id, f.preferred ?? false]),
      [
        ['connectPgSimple.psqlTableSql', true],
        ['connectPgSimple.createTableIfMissing', false],
      ],
    );
    const psql = p.fixes[0] as RunCommandFix;
    assert.deepEqual(psql.commands, [
      { argv: ['psql', '-X', '-v', 'ON_ERROR_STOP=1', '--single-transaction', '-d', URL, '-f', 'node_modules/connect-pg-simple/table.sql'], cwd: '/app' },
    ]);
    // Shown, the password is masked; run, the argv holds it.
    assert.ok(!commandLine(psql.commands[0].argv).includes('s3cret-pw'));
    assert.ok(commandLine(psql.commands[0].argv).includes('postgresql://app:****@db.example:5432/shop'));
  });

  it('the edit adds createTableIfMissing on a line of its own, indented as the options', () => {
    const edit = connectPgSimpleRules(facts()).problems[0].fixes[1] as EditFix;
    const after = applyEdit(SERVER, edit.edits[0] as { range: NonNullable<EditFix['edits'][0]['range']>; newText: string });
    assert.ok(after.includes('  store: new PgStore({\n    createTableIfMissing: true,\n    conString: process.env.DATABASE_URL,\n  }),'), after);
    assert.equal(edit.edits[0].oldText, '{');
  });

  it('the edit turns a literal false into true, and a bare new Store() into one with the option', () => {
    const withFalse = SERVER.replace('conString: process.env.DATABASE_URL,', 'conString: process.env.DATABASE_URL, createTableIfMissing: false,');
    const e1 = connectPgSimpleRules(facts({}, withFalse)).problems[0].fixes[1] as EditFix;
    assert.equal(e1.edits[0].oldText, 'false');
    assert.equal(e1.edits[0].newText, 'true');
    const bare = "const S = require('connect-pg-simple')(session);\nconst store = new S();\n";
    const e2 = connectPgSimpleRules(facts({}, bare)).problems[0].fixes[1] as EditFix;
    assert.equal(
      applyEdit(bare, e2.edits[0] as { range: NonNullable<EditFix['edits'][0]['range']>; newText: string }),
      "const S = require('connect-pg-simple')(session);\nconst store = new S({ createTableIfMissing: true });\n",
    );
  });

  it('options that are not a literal: no edit, the manual step is in the detail', () => {
    const text = "import pgSimple from 'connect-pg-simple';\nconst Store = pgSimple(session);\nexport const store = new Store(options);\n";
    const [p] = connectPgSimpleRules(facts({}, text)).problems;
    assert.deepEqual(
      p.fixes.map((f) => f.id),
      ['connectPgSimple.psqlTableSql'],
    );
    assert.equal(p.detail?.id, 'connectPgSimple.sessionTableMissing.manual');
  });

  it('without psql on PATH the edit is preferred; without a known url it is the only fix', () => {
    const noPsql = connectPgSimpleRules(facts({ psqlAvailable: false })).problems[0];
    assert.deepEqual(
      noPsql.fixes.map((f) => [f.id, f.preferred ?? false]),
      [
        ['connectPgSimple.psqlTableSql', false],
        ['connectPgSimple.createTableIfMissing', true],
      ],
    );
    const noUrl = connectPgSimpleRules(facts({ connection: { kind: 'unknown', reason: msg('connectPgSimple.databaseUrlUnset') } })).problems[0];
    assert.deepEqual(
      noUrl.fixes.map((f) => f.id),
      ['connectPgSimple.createTableIfMissing'],
    );
  });

  it('custom names: the DDL quotes them as the package does, and psql runs that SQL, not the file', () => {
    const out = connectPgSimpleRules(facts({ tableName: 'user_sessions', schemaName: 'auth' }));
    const sql = out.app.sessionSql!.postgresql!;
    assert.equal(sql, CONNECT_PG_SIMPLE_TABLE_SQL.replaceAll('"session"', '"auth"."user_sessions"'));
    assert.ok(sql.includes('"session_pkey"') && sql.includes('"IDX_session_expire"'), 'constraint and index names are kept, as the package keeps them');
    assert.equal(out.app.sessionTable, 'user_sessions');
    const psql = out.problems[0].fixes[0] as RunCommandFix;
    assert.deepEqual(psql.commands[0].argv.slice(-2), ['-c', sql]);
  });

  it('createTableIfMissing already true: a note, healthy, with psql to create it now', () => {
    const [p] = connectPgSimpleRules(facts({ createTableIfMissing: true })).problems;
    assert.equal(p.severity, 'info');
    assert.deepEqual(
      p.fixes.map((f) => f.id),
      ['connectPgSimple.psqlTableSql'],
    );
  });

  it('unknown and not-checked tables raise no problem and keep their reason', () => {
    const reason = msg('connectPgSimple.connectionComputed', 'pool', 'pgPool');
    const out = connectPgSimpleRules(facts({ connection: { kind: 'unknown', reason }, table: { state: 'unknown', unknownReason: reason } }));
    assert.deepEqual(out.problems, []);
    assert.deepEqual(out.app.unknownReason, reason);
    assert.deepEqual(out.app.commands, []);
    const off = connectPgSimpleRules(facts({ table: { state: 'not-checked', unknownReason: msg('live.notChecked', 'x') } }));
    assert.equal(off.app.tableState, 'not-checked');
    assert.deepEqual(off.problems, []);
  });

  it('a computed table name: no session table is named', () => {
    const out = connectPgSimpleRules(facts({ nameUnknown: 'cfg.table', table: { state: 'unknown' } }));
    assert.equal(out.app.sessionTable, undefined);
  });
});
