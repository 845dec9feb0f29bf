/** The DDL against connect-pg-simple's own table.sql (the committed capture, byte for byte). */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONNECT_PG_SIMPLE_TABLE_SQL, connectPgSimpleTableSql, quotedTable } from '../../../../../src/core/stacks/connectPgSimple/connectPgSimpleDdl';

const CAPTURED = fs.readFileSync(path.join(__dirname, '../../../../fixtures/stacks/connect-pg-simple/table.sql'), 'utf8');

describe('connect-pg-simple DDL', () => {
  it("is the package's table.sql (10.0.0) byte for byte", () => {
    assert.equal(CONNECT_PG_SIMPLE_TABLE_SQL, CAPTURED);
    assert.equal(connectPgSimpleTableSql(undefined, undefined), CAPTURED);
    assert.equal(connectPgSimpleTableSql('', ''), CAPTURED, 'empty names are the defaults, as in the package');
  });

  it('quotes names as quotedTable() does: "" doubled, schema first, the deprecated schema"."table form', () => {
    assert.equal(quotedTable('user_sessions', undefined), '"user_sessions"');
    assert.equal(quotedTable('t', 'auth'), '"auth"."t"');
    assert.equal(quotedTable('we"ird', 'sch"ema'), '"sch""ema"."we""ird"');
    assert.equal(quotedTable('auth"."t', undefined), '"auth"."t"');
  });

  it('replaces only the quoted table, never the constraint or index names', () => {
    const sql = connectPgSimpleTableSql('user_sessions', 'auth');
    assert.equal(sql.split('"auth"."user_sessions"').length - 1, 3);
    assert.ok(sql.includes('ADD CONSTRAINT "session_pkey"') && sql.includes('CREATE INDEX "IDX_session_expire"'));
  });

  it('is made from the installed table.sql when there is one', () => {
    assert.equal(connectPgSimpleTableSql('x', undefined, 'CREATE TABLE "session" ();\n'), 'CREATE TABLE "x" ();\n');
  });
});
