/**
 * djangoIndexName against the real Django (Debian's python3-django 3.2): random table and column
 * names, every dialect, with and without a suffix, compared with the schema editor's own
 * `_create_index_name` in one Python run. Building a schema editor opens no connection.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { djangoIndexName, type DjangoDialect } from '../../../../src/core/stacks/django/sessionDdl';
import { djangoPython, requireTools } from '../../../support/requiredTools';

const PY = `
import json, sys
import django
from django.conf import settings
settings.configure(DATABASES={
    'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': ':memory:'},
    'postgresql': {'ENGINE': 'django.db.backends.postgresql', 'NAME': 'unused'},
    'mysql': {'ENGINE': 'django.db.backends.mysql', 'NAME': 'unused'},
})
django.setup()
from django.db import connections
out = []
for c in json.load(sys.stdin):
    editor = connections['default' if c['dialect'] == 'sqlite' else c['dialect']].schema_editor()
    out.append(editor._create_index_name(c['table'], c['columns'], suffix=c['suffix']))
print(json.dumps(out))
`;

interface Case {
  dialect: DjangoDialect;
  table: string;
  columns: string[];
  suffix: string;
}

const SCALE = Number(process.env.SESSION_DOCTOR_FUZZ_SCALE ?? '1');

describe('Django index names against the real Django', function () {
  this.timeout(60_000 * SCALE);

  it('djangoIndexName equals _create_index_name for random names', function () {
    requireTools(this, 'django', 'psycopg2', 'mysqldb');
    // Identifier-ish characters, digits and underscores first sometimes, non-ASCII letters too.
    const char = fc.constantFrom(...'abcxyz_019ÉéüЖ'.split(''));
    const ident = fc.array(char, { minLength: 1, maxLength: 90 }).map((a) => a.join(''));
    const cases = fc.sample(
      fc.record({
        dialect: fc.constantFrom<DjangoDialect>('sqlite', 'postgresql', 'mysql'),
        table: ident,
        columns: fc.array(
          ident.map((s) => s.slice(0, 30)),
          { minLength: 1, maxLength: 3 },
        ),
        suffix: fc.constantFrom('', '_like', '_uniq'),
      }),
      400 * SCALE,
    ) as Case[];
    const r = spawnSync(djangoPython(), ['-c', PY], { input: JSON.stringify(cases), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const real = JSON.parse(r.stdout) as string[];
    cases.forEach((c, i) => assert.equal(djangoIndexName(c.dialect, c.table, c.columns, c.suffix), real[i], JSON.stringify(c)));
  });
});
