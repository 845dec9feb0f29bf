import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  DJANGO_SESSION_MODEL,
  customSessionModel,
  djangoCreateModelStatements,
  djangoIndexName,
  djangoIndexNames,
  djangoSqlmigrate,
  type DjangoDialect,
} from '../../../../../src/core/stacks/django/sessionDdl';

/** Real `sqlmigrate` output of Django 3.2.25 (see test/fixtures/stacks/django/PROVENANCE.md). */
const CAPTURES = path.join(__dirname, '../../../../fixtures/stacks/django/captures');
const capture = (file: string): string => fs.readFileSync(path.join(CAPTURES, file), 'utf8');

const DIALECTS: DjangoDialect[] = ['sqlite', 'postgresql', 'mysql'];
/** The capture's apps and the models they hold (the custom ones are `LoginSession` on their own tables). */
const MODELS = {
  sessions: DJANGO_SESSION_MODEL,
  loginstore: customSessionModel('LoginSession', 'app_login_sessions'),
  longstore: customSessionModel('LoginSession', 'company_internal_authentication_login_session_records'),
};

describe('Django session DDL (sqlmigrate)', () => {
  for (const dialect of DIALECTS) {
    for (const [app, model] of Object.entries(MODELS)) {
      it(`${app} on ${dialect} is byte-equal to Django's sqlmigrate`, () => {
        assert.equal(djangoSqlmigrate(dialect, model), capture(`sqlmigrate-${app}-0001.${dialect}.sql`));
      });
    }
  }

  it('wraps in BEGIN/COMMIT only where DDL can be rolled back', () => {
    assert.match(djangoSqlmigrate('sqlite'), /^BEGIN;\n[\s\S]*\nCOMMIT;\n$/);
    assert.match(djangoSqlmigrate('postgresql'), /^BEGIN;\n/);
    assert.doesNotMatch(djangoSqlmigrate('mysql'), /BEGIN|COMMIT/);
  });

  it('the statements are the sqlmigrate lines without comments, transaction or semicolons', () => {
    for (const dialect of DIALECTS) {
      const printed = djangoSqlmigrate(dialect)
        .split('\n')
        .filter((l) => l.startsWith('CREATE '))
        .map((l) => l.replace(/;$/, ''));
      assert.deepEqual(djangoCreateModelStatements(dialect), printed);
    }
  });

  it('names the indexes each dialect creates', () => {
    assert.deepEqual(djangoIndexNames('sqlite'), ['django_session_expire_date_a5c62663']);
    assert.deepEqual(djangoIndexNames('mysql'), ['django_session_expire_date_a5c62663']);
    assert.deepEqual(djangoIndexNames('postgresql'), ['django_session_session_key_c0390e0f_like', 'django_session_expire_date_a5c62663']);
  });

  it('shortens index names to the backend limit around the hash (PostgreSQL 63, MySQL 64)', () => {
    const long = MODELS.longstore.table;
    const pg = djangoIndexName('postgresql', long, ['expire_date']);
    const my = djangoIndexName('mysql', long, ['expire_date']);
    assert.equal(pg, 'company_internal_authentic_expire_date_ac928a18');
    assert.equal(my, 'company_internal_authentica_expire_date_ac928a18');
    assert.ok(pg.length <= 63 && my.length <= 64);
    // SQLite has no limit (Django uses 200): the whole name.
    assert.equal(djangoIndexName('sqlite', long, ['expire_date']), `${long}_expire_date_ac928a18`);
  });

  it('prefixes D when a shortened name would start with a digit or underscore', () => {
    const table = `_${'x'.repeat(80)}`;
    const name = djangoIndexName('postgresql', table, ['expire_date']);
    assert.ok(name.startsWith('D_'), name);
    assert.ok(name.length <= 63);
  });

  it('follows the model: another table, a nullable or unique field change the text', () => {
    const renamed = djangoSqlmigrate('sqlite', customSessionModel('Session', 'web_sessions'));
    assert.match(renamed, /CREATE TABLE "web_sessions"/);
    assert.doesNotMatch(renamed, /django_session/);
    const nullable = { ...DJANGO_SESSION_MODEL, fields: DJANGO_SESSION_MODEL.fields.map((f) => (f.column === 'session_data' ? { ...f, null: true } : f)) };
    assert.match(djangoSqlmigrate('sqlite', nullable), /"session_data" text NULL,/);
  });

  it('refuses a name Django would quote without escaping', () => {
    assert.throws(() => djangoSqlmigrate('sqlite', customSessionModel('Session', 'a"b')), /unusable table name/);
    assert.throws(() => djangoSqlmigrate('mysql', customSessionModel('Session', '')), /unusable table name/);
  });
});
