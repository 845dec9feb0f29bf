import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { readPythonModule } from '../../../../../src/core/stacks/django/pythonText';
import { resolveStarImport, starImportedModules } from '../../../../../src/core/stacks/django/settingsEval';
import { djangoSettingsFacts, settingsModuleFromManagePy, type DjangoSettingsFacts } from '../../../../../src/core/stacks/django/settingsFacts';
import { caseModules, SETTINGS_CASES, type SettingsCase } from '../../../../support/djangoSettingsCases';

const ROOT = '/home/dev/app';

function readCase(c: SettingsCase, root = ROOT): DjangoSettingsFacts {
  const facts = djangoSettingsFacts(c.module, caseModules(c, root), root);
  assert.ok(facts, `no settings module ${c.module}`);
  return facts;
}

describe('Django settings read as text', () => {
  for (const c of SETTINGS_CASES) {
    it(c.name, () => {
      const f = readCase(c);
      const e = c.expect;
      if (e.sessionsInstalled !== undefined) assert.equal(f.sessionsInstalled, e.sessionsInstalled);
      if (e.engine !== undefined) assert.deepEqual(f.sessionEngine.known && f.sessionEngine.value, e.engine);
      if (e.storage !== undefined) assert.equal(f.sessionStorage, e.storage);
      const db = f.database;
      if (e.dbEngine !== undefined || e.dbName !== undefined || e.host !== undefined) assert.ok(db.known, `database unknown: ${db.known ? '' : db.why}`);
      if (db.known) {
        if (e.dbEngine !== undefined) assert.deepEqual(db.value.engine, { ...db.value.engine, known: true, value: e.dbEngine });
        if (e.dbName !== undefined) {
          const want = db.value.dialect === 'sqlite' ? path.resolve(ROOT, e.dbName) : e.dbName;
          assert.equal(db.value.name.known && db.value.name.value, want);
        }
        if (e.host !== undefined) assert.equal(db.value.host?.known && db.value.host.value, e.host);
        if (e.port !== undefined) assert.equal(db.value.port?.known && db.value.port.value, e.port);
        if (e.user !== undefined) assert.equal(db.value.user?.known && db.value.user.value, e.user);
      }
      if (e.dbNameUnknown) {
        const why = !db.known ? db.why : !db.value.name.known ? db.value.name.why : undefined;
        assert.ok(why, 'the name should be unknown');
        assert.match(why, e.dbNameUnknown);
        if (e.envVars) {
          const vars = !db.known ? db.envVars : !db.value.name.known ? db.value.name.envVars : undefined;
          assert.deepEqual(vars, e.envVars);
        }
      }
      if (e.useTz !== undefined) assert.deepEqual(f.useTz === undefined ? 'unset' : f.useTz.known && f.useTz.value, e.useTz);
      if (e.timeZone !== undefined) assert.equal(f.timeZone.known && f.timeZone.value, e.timeZone);
    });
  }

  it('says where each setting was set', () => {
    const f = readCase(SETTINGS_CASES[3]);
    assert.deepEqual(f.sessionEngine.source, { file: '/home/dev/app/conf/settings/dev.py', line: 5 });
    assert.ok(f.database.known);
    assert.deepEqual(f.database.source, { file: '/home/dev/app/conf/settings/dev.py', line: 3 });
  });

  it('keeps the password as a value to connect with, apart from every printed field', () => {
    const f = readCase(SETTINGS_CASES[6]);
    assert.ok(f.database.known);
    assert.deepEqual(f.database.value.password, { known: true, value: 'pw-literal-123', source: { file: '/home/dev/app/pg_settings.py', line: 2 } });
    const { password: _password, ...rest } = f.database.value;
    assert.doesNotMatch(JSON.stringify({ ...f, database: { ...f.database, value: rest } }), /pw-literal-123/);
  });

  it('marks an unreadable star import as opaque, and skips a missing optional one', () => {
    const modules = caseModules({
      name: '',
      module: 's',
      expect: {},
      files: {
        's.py': "from company.shared import *\ntry:\n    from .local import *\nexcept ImportError:\n    pass\nINSTALLED_APPS = ['django.contrib.sessions']\n",
      },
    });
    const f = djangoSettingsFacts('s', modules, ROOT);
    assert.deepEqual(f?.opaqueImports, ['company.shared (s.py:1)']);
  });

  it('resolves relative star imports like Python', () => {
    assert.equal(resolveStarImport({ module: 'a.settings', isPackage: true }, 'base', 1), 'a.settings.base');
    assert.equal(resolveStarImport({ module: 'a.settings.dev', isPackage: false }, 'base', 1), 'a.settings.base');
    assert.equal(resolveStarImport({ module: 'a.settings.dev', isPackage: false }, 'common', 2), 'a.common');
    assert.equal(resolveStarImport({ module: 'a.b', isPackage: false }, 'x', 3), undefined);
    assert.deepEqual(starImportedModules({ module: 'a.settings.dev', isPackage: false, text: 'from .base import *\nfrom a.extra import *\n' }), [
      'a.settings.base',
      'a.extra',
    ]);
  });

  it('finds DJANGO_SETTINGS_MODULE in manage.py', () => {
    assert.equal(
      settingsModuleFromManagePy("import os\ndef main():\n    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'mysite.settings')\n"),
      'mysite.settings',
    );
    assert.equal(settingsModuleFromManagePy('os.environ.setdefault(\n    "DJANGO_SETTINGS_MODULE",\n    "conf.settings.dev",\n)\n'), 'conf.settings.dev');
    assert.equal(settingsModuleFromManagePy("os.environ['DJANGO_SETTINGS_MODULE'] = 'x.y'\n"), 'x.y');
    assert.equal(settingsModuleFromManagePy("# os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'commented.out')\n"), undefined);
    assert.equal(settingsModuleFromManagePy("os.environ.setdefault('DJANGO_SETTINGS_MODULE', f'{x}.settings')\n"), undefined);
  });

  it('reads the statements of Python it does not model without failing', () => {
    const { statements, errors } = readPythonModule(
      'class A:\n    x = 1\ndef f(a, b=2):\n    return a\n@decorator\ndef g(): pass\nX: int = 3\na, b = 1, 2\nY = """multi\nline""" + r\'\\d\'\n',
    );
    assert.deepEqual(errors, []);
    const y = statements.find((s) => s.kind === 'assign' && s.name === 'Y');
    assert.deepEqual(y && y.kind === 'assign' ? y.value : undefined, {
      kind: 'binop',
      op: '+',
      left: { kind: 'str', value: 'multi\nline' },
      right: { kind: 'str', value: '\\d' },
    });
  });

  it('reads a long settings file (the test timeout guards against a quadratic blow-up)', function () {
    this.timeout(20000);
    const big = `INSTALLED_APPS = [${Array.from({ length: 20000 }, (_, i) => `'app${i}'`).join(', ')}, 'django.contrib.sessions']\n`;
    const f = djangoSettingsFacts('big', caseModules({ name: '', module: 'big', expect: {}, files: { 'big.py': big } }), ROOT);
    assert.equal(f?.sessionsInstalled, true);
  });
});
