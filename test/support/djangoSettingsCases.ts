/**
 * Django settings texts and what they say, shared by the table test (settingsFacts.test.ts) and
 * the oracle test that asks the real Django the same questions (settingsAgainstDjango.test.ts).
 * Each case is a project: `files` relative to the project root (where manage.py runs), the
 * settings module, and the expected reading. `oracle: false` marks cases Django cannot import
 * here (environment variables unset, dj-database-url missing): those are checked by the table only.
 */
import * as path from 'node:path';
import type { PythonModuleSource } from '../../src/core/stacks/django/settingsEval';

export interface SettingsCase {
  name: string;
  module: string;
  files: Record<string, string>;
  expect: {
    sessionsInstalled?: boolean;
    engine?: string;
    storage?: 'table' | 'none' | 'custom' | 'unknown';
    dbEngine?: string;
    /** Relative to the project root for SQLite (checked as an absolute path). */
    dbName?: string;
    dbNameUnknown?: RegExp;
    envVars?: string[];
    host?: string;
    port?: number;
    user?: string;
    useTz?: boolean | 'unset';
    timeZone?: string;
  };
  oracle?: boolean;
}

const STARTPROJECT_32 = `"""
Django settings for mysite project.
"""

from pathlib import Path

# Build paths inside the project like this: BASE_DIR / 'subdir'.
BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = 'django-insecure-not-a-real-key'

DEBUG = True

ALLOWED_HOSTS = []

INSTALLED_APPS = [
    'django.contrib.admin',
    'django.contrib.auth',
    'django.contrib.contenttypes',
    'django.contrib.sessions',
    'django.contrib.messages',
    'django.contrib.staticfiles',
]

DATABASES = {
    'default': {
        'ENGINE': 'django.db.backends.sqlite3',
        'NAME': BASE_DIR / 'db.sqlite3',
    }
}

LANGUAGE_CODE = 'en-us'

TIME_ZONE = 'UTC'

USE_I18N = True

USE_L10N = True

USE_TZ = True
`;

export const SETTINGS_CASES: SettingsCase[] = [
  {
    name: 'startproject 3.2 shape (pathlib BASE_DIR)',
    module: 'mysite.settings',
    files: { 'mysite/__init__.py': '', 'mysite/settings.py': STARTPROJECT_32 },
    expect: {
      sessionsInstalled: true,
      engine: 'django.contrib.sessions.backends.db',
      storage: 'table',
      dbEngine: 'django.db.backends.sqlite3',
      dbName: 'db.sqlite3',
      useTz: true,
      timeZone: 'UTC',
    },
  },
  {
    name: 'Django 2.x/3.0 shape (os.path BASE_DIR, os.path.join NAME)',
    module: 'proj.settings',
    files: {
      'proj/__init__.py': '',
      'proj/settings.py': [
        'import os',
        '',
        'BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))',
        "INSTALLED_APPS = ('django.contrib.contenttypes', 'django.contrib.sessions.apps.SessionsConfig')",
        "SESSION_ENGINE = 'django.contrib.sessions.backends.cached_db'",
        'DATABASES = {',
        "    'default': {",
        "        'ENGINE': 'django.db.backends.sqlite3',",
        "        'NAME': os.path.join(BASE_DIR, 'data', 'app.db'),  # a comment",
        '    }',
        '}',
        '',
      ].join('\n'),
    },
    expect: {
      sessionsInstalled: true,
      engine: 'django.contrib.sessions.backends.cached_db',
      storage: 'table',
      dbName: 'data/app.db',
      useTz: 'unset',
      timeZone: 'America/Chicago',
    },
  },
  {
    name: 'a relative NAME string, opened where manage.py runs',
    module: 'site_cfg',
    files: {
      'site_cfg.py':
        "INSTALLED_APPS = ['django.contrib.sessions']\nDATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': 'var/' \"dev.sqlite3\"}}\nUSE_TZ = False\nTIME_ZONE = 'Europe/Paris'\n",
    },
    expect: { sessionsInstalled: true, dbName: 'var/dev.sqlite3', useTz: false, timeZone: 'Europe/Paris' },
  },
  {
    name: 'split settings: a package importing base with *, then overriding',
    module: 'conf.settings',
    files: {
      'conf/__init__.py': '',
      'conf/settings/__init__.py': 'from .dev import *\n',
      'conf/settings/base.py':
        "from pathlib import Path\nBASE_DIR = Path(__file__).resolve().parent.parent.parent\nINSTALLED_APPS = ['django.contrib.contenttypes']\nDATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': BASE_DIR / 'base.db'}}\nSESSION_ENGINE = 'django.contrib.sessions.backends.cache'\n",
      'conf/settings/dev.py':
        "from .base import *  # noqa\nINSTALLED_APPS += ['django.contrib.sessions']\nDATABASES['default']['NAME'] = BASE_DIR / 'dev.db'\ndel SESSION_ENGINE\nSESSION_ENGINE = 'django.contrib.sessions.backends.db'\n",
    },
    expect: { sessionsInstalled: true, engine: 'django.contrib.sessions.backends.db', storage: 'table', dbName: 'dev.db' },
  },
  {
    name: 'list methods: append, insert, remove',
    module: 'app_settings',
    files: {
      'app_settings.py':
        "INSTALLED_APPS = ['a']\nINSTALLED_APPS.append('django.contrib.sessions')\nINSTALLED_APPS.insert(0, 'b')\nINSTALLED_APPS.remove('a')\nDATABASES = {}\nDATABASES['default'] = {'ENGINE': 'django.db.backends.sqlite3', 'NAME': '/tmp/sd-abs.db'}\n",
    },
    expect: { sessionsInstalled: true, dbName: '/tmp/sd-abs.db' },
  },
  {
    name: 'sessions not installed, signed cookies',
    module: 'nosess',
    files: {
      'nosess.py':
        "INSTALLED_APPS = ['django.contrib.contenttypes']\nSESSION_ENGINE = 'django.contrib.sessions.backends.signed_cookies'\nDATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': ':memory:'}}\n",
    },
    expect: { sessionsInstalled: false, engine: 'django.contrib.sessions.backends.signed_cookies', storage: 'none' },
  },
  {
    name: 'PostgreSQL with literal connection settings',
    module: 'pg_settings',
    files: {
      'pg_settings.py':
        "INSTALLED_APPS = ['django.contrib.sessions']\nDATABASES = {\n    'default': {\n        'ENGINE': 'django.db.backends.postgresql_psycopg2',\n        'NAME': 'shop',\n        'USER': 'shop',\n        'PASSWORD': 'pw-literal-123',\n        'HOST': '127.0.0.1',\n        'PORT': 5433,\n    },\n}\n",
    },
    expect: { sessionsInstalled: true, dbEngine: 'django.db.backends.postgresql_psycopg2', dbName: 'shop', host: '127.0.0.1', port: 5433, user: 'shop' },
  },
  {
    name: 'MySQL with PORT as a string',
    module: 'my_settings',
    files: {
      'my_settings.py':
        "INSTALLED_APPS = ['django.contrib.sessions']\nDATABASES = {'default': {'ENGINE': 'django.db.backends.mysql', 'NAME': 'shop', 'USER': 'root', 'HOST': 'db.internal', 'PORT': '3307'}}\n",
    },
    expect: { dbEngine: 'django.db.backends.mysql', dbName: 'shop', host: 'db.internal', port: 3307, user: 'root' },
  },
  {
    name: 'NAME from the environment: unknown, naming the variable',
    module: 'envy',
    files: {
      'envy.py':
        "import os\nINSTALLED_APPS = ['django.contrib.sessions']\nDATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', 'NAME': os.environ.get('DB_NAME', 'app'), 'HOST': os.environ['DB_HOST']}}\n",
    },
    expect: { dbNameUnknown: /environment variable DB_NAME/, envVars: ['DB_NAME'] },
    oracle: false,
  },
  {
    name: 'dj-database-url: the whole default is unknown',
    module: 'djdb',
    files: {
      'djdb.py':
        "import dj_database_url\nINSTALLED_APPS = ['django.contrib.sessions']\nDATABASES = {'default': dj_database_url.config(default='sqlite:///db.sqlite3', conn_max_age=600)}\n",
    },
    expect: { sessionsInstalled: true, dbNameUnknown: /DATABASE_URL/ },
    oracle: false,
  },
  {
    name: 'set inside an if block: unknown, not guessed',
    module: 'cond',
    files: {
      'cond.py':
        "DEBUG = True\nINSTALLED_APPS = ['django.contrib.sessions']\nif DEBUG:\n    DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': 'debug.db'}}\nelse:\n    DATABASES = {}\n",
    },
    expect: { sessionsInstalled: true, dbNameUnknown: /inside a block/ },
    oracle: false,
  },
  {
    name: 'an f-string NAME is computed',
    module: 'fstr',
    files: {
      'fstr.py':
        "ENV = 'dev'\nINSTALLED_APPS = ['django.contrib.sessions']\nDATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': f'{ENV}.db'}}\n",
    },
    expect: { dbNameUnknown: /computed/ },
    oracle: false,
  },
  {
    name: 'a line it cannot read does not hide the rest',
    module: 'odd',
    files: {
      'odd.py':
        "INSTALLED_APPS = ['django.contrib.sessions']\nWEIRD = [x for x in range(3)] if True else lambda: (yield)\nX = )\nDATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': 'odd.db'}}\n",
    },
    expect: { sessionsInstalled: true, dbName: 'odd.db' },
    oracle: false,
  },
];

/** The module sources of a case, as the facts step would read them from disk. */
export function caseModules(c: SettingsCase, root = '/home/dev/app'): Map<string, PythonModuleSource> {
  const modules = new Map<string, PythonModuleSource>();
  for (const [rel, text] of Object.entries(c.files)) {
    const isPackage = rel.endsWith('/__init__.py');
    const module = (isPackage ? rel.slice(0, -'/__init__.py'.length) : rel.slice(0, -'.py'.length)).split('/').join('.');
    modules.set(module, { module, path: path.join(root, rel), isPackage, text });
  }
  return modules;
}
