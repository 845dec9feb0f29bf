/**
 * A real Django app for tests: test/fixtures/stacks/django/app copied to a temp folder, its
 * DATABASES pointed at SQLite (as committed) or at a test server, and `manage.py` run by the
 * Python that has Debian's Django (python3-django, psycopg2, MySQLdb: scripts/setup.sh).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { djangoPython } from './requiredTools';

export const DJANGO_APP_FIXTURE = path.join(__dirname, '../fixtures/stacks/django/app');

export interface DjangoServerDb {
  engine: 'postgresql' | 'mysql';
  host: string;
  port: number;
  user: string;
  password: string;
  name: string;
}

export interface ManageRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The settings' DATABASES block for a server, as a developer would write it (literal values). */
export function databasesBlock(db: DjangoServerDb): string {
  const lit = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return [
    'DATABASES = {',
    "    'default': {",
    `        'ENGINE': 'django.db.backends.${db.engine}',`,
    `        'NAME': ${lit(db.name)},`,
    `        'USER': ${lit(db.user)},`,
    `        'PASSWORD': ${lit(db.password)},`,
    `        'HOST': ${lit(db.host)},`,
    `        'PORT': ${lit(String(db.port))},`,
    '    }',
    '}',
  ].join('\n');
}

const SQLITE_BLOCK = /^DATABASES = \{\n[\s\S]*?\n\}$/m;

/**
 * Copies the app into a fresh temp folder. `db` replaces its SQLite DATABASES block; `settings`
 * then edits the settings text further (e.g. another SESSION_ENGINE).
 */
export function copyDjangoApp(opts: { db?: DjangoServerDb; settings?: (text: string) => string } = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'sd-django-'));
  fs.cpSync(DJANGO_APP_FIXTURE, root, { recursive: true });
  const settingsPath = path.join(root, 'mysite/settings.py');
  let text = fs.readFileSync(settingsPath, 'utf8');
  if (opts.db) {
    if (!SQLITE_BLOCK.test(text)) throw new Error('the fixture settings have no DATABASES block to replace');
    text = text.replace(SQLITE_BLOCK, databasesBlock(opts.db));
  }
  if (opts.settings) text = opts.settings(text);
  fs.writeFileSync(settingsPath, text);
  return root;
}

/** Runs `python3 manage.py ARGS` in `root`, with no bytecode written and no inherited PYTHONPATH. */
export function manage(root: string, args: string[], opts: { timeoutMs?: number } = {}): ManageRun {
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1' };
  delete env.PYTHONPATH;
  delete env.DJANGO_SETTINGS_MODULE;
  const r = spawnSync(djangoPython(), ['manage.py', ...args], { cwd: root, env, encoding: 'utf8', timeout: opts.timeoutMs ?? 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Like `manage`, but fails with Django's output when the command does not exit 0. */
export function manageOk(root: string, args: string[]): string {
  const r = manage(root, args);
  if (r.status !== 0) throw new Error(`manage.py ${args.join(' ')} exited ${String(r.status)}:\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/**
 * Python run by `manage.py shell -c`: saves a new database session, then loads it back by its key
 * with a fresh store. Prints `loaded <value>` on success; Django's traceback otherwise.
 */
export const SESSION_ROUND_TRIP = [
  'from django.contrib.sessions.backends.db import SessionStore',
  's = SessionStore()',
  "s['sd_probe'] = 'round-trip'",
  's.save()',
  'again = SessionStore(session_key=s.session_key)',
  "print('loaded', again.load().get('sd_probe'))",
].join('\n');
