/**
 * What the extension watches for an app is the diagnosis' `watchFiles` and nothing else: each
 * stack lists every file its facts come from. Diagnosed on the committed test workspace (read only).
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { diagnose } from '../../../src/core/pipeline';
import { WatchSet } from '../../../src/core/problems/watchSet';

const APPS = path.join(__dirname, '..', '..', 'fixtures', 'workspaces', 'apps');

describe('watchFiles: the files a re-diagnosis depends on', () => {
  it('Prisma: schema, migrations, both .env files Prisma reads with their .env.example, package.json, the database with -wal and -journal', async () => {
    const d = await diagnose(APPS, { live: false });
    const app = d.apps.find((a) => a.framework === 'prisma');
    assert.ok(app);
    const p = (...parts: string[]) => path.join(APPS, 'prisma-app', ...parts);
    for (const f of [
      p('prisma', 'schema.prisma'),
      p('prisma', 'migrations'),
      p('.env'),
      p('.env.example'),
      p('prisma', '.env'),
      p('prisma', '.env.example'),
      p('package.json'),
      p('prisma', 'dev.db'),
      p('prisma', 'dev.db-wal'),
      p('prisma', 'dev.db-journal'),
    ]) {
      assert.ok(app.watchFiles.includes(f), `${f} not in ${JSON.stringify(app.watchFiles)}`);
    }
  });

  it('Laravel: .env, .env.example, composer.json and composer.lock, the config it reads, the config cache, migrations, the SQLite file', async () => {
    const d = await diagnose(APPS, { live: false });
    const app = d.apps.find((a) => a.framework === 'laravel');
    assert.ok(app);
    const l = (...parts: string[]) => path.join(APPS, 'laravel-api', ...parts);
    for (const f of [
      l('.env'),
      l('.env.example'),
      l('composer.json'),
      l('composer.lock'),
      l('config', 'session.php'),
      l('config', 'database.php'),
      l('config', 'app.php'),
      l('bootstrap', 'cache', 'config.php'),
      l('database', 'migrations'),
      l('database', 'database.sqlite'),
    ]) {
      assert.ok(app.watchFiles.includes(f), `${f} not in ${JSON.stringify(app.watchFiles)}`);
    }
  });

  it('a log, a view or a file of another app folder is not watched', async () => {
    const set = WatchSet.of([await diagnose(APPS, { live: false })]);
    for (const f of [
      path.join(APPS, 'laravel-api', 'storage', 'logs', 'laravel.log'),
      path.join(APPS, 'laravel-api', 'routes', 'web.php'),
      path.join(APPS, 'prisma-app', 'seed.sql'),
    ])
      assert.equal(set.covers(f), false, f);
    assert.equal(set.covers(path.join(APPS, 'laravel-api', 'database', 'migrations', '2024_01_01_000000_create_sessions_table.php')), true);
  });
});
