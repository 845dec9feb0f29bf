/**
 * The settings reader against the real Django (Debian's python3-django 3.2): each static case of
 * settingsCases.ts, and a project made by Django's own `startproject`, is written to a temp
 * folder and loaded by Django there; what `django.conf.settings` holds must be what the text
 * reader says. (These are the tests' own files, run by the test, never a workspace's.)
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { djangoSettingsFacts, settingsModuleFromManagePy, type DjangoSettingsFacts } from '../../../../src/core/stacks/django/settingsFacts';
import { makeTree, removeTree } from '../../../support/tempTree';
import { djangoPython, requireTools } from '../../../support/requiredTools';
import { caseModules, SETTINGS_CASES } from '../../../support/djangoSettingsCases';

const DUMP = `
import json, os, sys
sys.path.insert(0, os.getcwd())
from django.conf import settings
d = settings.DATABASES.get('default', {})
print(json.dumps({
    'sessionsInstalled': any(a == 'django.contrib.sessions' or a.startswith('django.contrib.sessions.apps.') for a in settings.INSTALLED_APPS),
    'engine': settings.SESSION_ENGINE,
    'dbEngine': d.get('ENGINE'),
    'dbName': os.path.abspath(str(d.get('NAME'))) if 'sqlite' in d.get('ENGINE', '') and str(d.get('NAME')) not in ('', ':memory:') else str(d.get('NAME')),
    'host': d.get('HOST'),
    'port': d.get('PORT'),
    'user': d.get('USER'),
    'useTz': settings.USE_TZ if settings.is_overridden('USE_TZ') else 'unset',
    'timeZone': settings.TIME_ZONE,
}))
`;

interface Dumped {
  sessionsInstalled: boolean;
  engine: string;
  dbEngine: string;
  dbName: string;
  host?: string;
  port?: string | number;
  user?: string;
  useTz: boolean | 'unset';
  timeZone: string;
}

function askDjango(root: string, module: string): Dumped {
  const env: NodeJS.ProcessEnv = { ...process.env, DJANGO_SETTINGS_MODULE: module, PYTHONDONTWRITEBYTECODE: '1' };
  delete env.PYTHONPATH;
  const r = spawnSync(djangoPython(), ['-c', DUMP], { cwd: root, env, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Dumped;
}

function ours(f: DjangoSettingsFacts): Partial<Dumped> {
  const db = f.database.known ? f.database.value : undefined;
  const v = <T>(k: { known: true; value: T } | { known: false } | undefined): T | undefined => (k?.known ? k.value : undefined);
  return {
    sessionsInstalled: f.sessionsInstalled,
    engine: v(f.sessionEngine),
    dbEngine: v(db?.engine),
    dbName: v(db?.name),
    useTz: f.useTz === undefined ? 'unset' : v(f.useTz),
    timeZone: v(f.timeZone),
  };
}

describe('Django settings reader against the real Django', function () {
  this.timeout(60_000);
  before(function () {
    requireTools(this, 'django');
  });

  for (const c of SETTINGS_CASES.filter((x) => x.oracle !== false)) {
    it(c.name, () => {
      const root = fs.realpathSync(makeTree(c.files, 'sd-django-settings-'));
      try {
        const real = askDjango(root, c.module);
        const facts = djangoSettingsFacts(c.module, caseModules(c, root), root);
        assert.ok(facts);
        assert.deepEqual(ours(facts), {
          sessionsInstalled: real.sessionsInstalled,
          engine: real.engine,
          dbEngine: real.dbEngine,
          dbName: real.dbName,
          useTz: real.useTz,
          timeZone: real.timeZone,
        });
        const db = facts.database.known ? facts.database.value : undefined;
        if (real.host) assert.equal(db?.host?.known && db.host.value, real.host);
        if (real.port) assert.equal(db?.port?.known && db.port.value, Number(real.port));
        if (real.user) assert.equal(db?.user?.known && db.user.value, real.user);
      } finally {
        removeTree(root);
      }
    });
  }

  it("a project made by Django's own startproject", () => {
    const root = fs.realpathSync(makeTree({}, 'sd-django-startproject-'));
    try {
      const r = spawnSync(djangoPython(), ['-m', 'django', 'startproject', 'realsite', root], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const module = settingsModuleFromManagePy(fs.readFileSync(path.join(root, 'manage.py'), 'utf8'));
      assert.equal(module, 'realsite.settings');
      const file = path.join(root, 'realsite/settings.py');
      const modules = new Map([[module, { module, path: file, isPackage: false, text: fs.readFileSync(file, 'utf8') }]]);
      const facts = djangoSettingsFacts(module, modules, root);
      assert.ok(facts);
      const real = askDjango(root, module);
      assert.equal(real.dbName, path.join(root, 'db.sqlite3'));
      assert.deepEqual(ours(facts), {
        sessionsInstalled: true,
        engine: real.engine,
        dbEngine: real.dbEngine,
        dbName: real.dbName,
        useTz: real.useTz,
        timeZone: real.timeZone,
      });
      assert.deepEqual(facts.errors, []);
    } finally {
      removeTree(root);
    }
  });
});
