/**
 * The Laravel projects of test/fixtures/corpus/laravel/ (each folder's PROVENANCE.md gives the
 * source and the commit of every file), and how the harness turns one into an app it can run here.
 *
 * Normalisation, the only changes made to a copied project (also listed in each PROVENANCE.md):
 * - `.env` is `.env.example` with DB_CONNECTION=sqlite, DB_DATABASE=<the shape's database file,
 *   absolute>, SESSION_DRIVER=database and a fixed APP_KEY (the example's is empty, which is a
 *   problem of its own that would hide the session verdicts);
 * - `artisan` is test/fixtures/laravel-apps/migrator-artisan.php: the apps have no vendor/ here,
 *   so `php artisan migrate` runs Laravel's own Migrator from Debian's php-illuminate-database;
 * - `views` lists real file names of the project's resources/views/ (from the repository tree);
 *   each is written empty, because the diagnosis looks at which Blade views exist (a token API
 *   has none but welcome), never at their content.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../support/prismaApp';
import { editEnvText } from '../../support/laravelApp';

export const CORPUS_LARAVEL = path.join(REPO_ROOT, 'test', 'fixtures', 'corpus', 'laravel');
export const MIGRATOR_ARTISAN = path.join(REPO_ROOT, 'test', 'fixtures', 'laravel-apps', 'migrator-artisan.php');

export interface LaravelCorpusProject {
  /** Folder under test/fixtures/corpus/laravel/. */
  name: string;
  /** The migration (file name without `.php`) that creates `sessions`. */
  sessionMigration: string;
  /** Every table that migration creates, `sessions` included. */
  sessionMigrationTables: string[];
  /** A table whose rows must survive every fix. */
  userTable: string;
  /** Real names from the repository's resources/views/ (written empty). */
  views: string[];
  /** Column values of the three test users beyond name, email and password (NOT NULL columns a later migration adds). */
  userExtra?: Record<string, string>;
  /** A token API (Sanctum, no pages of its own): the diagnosis must prefer a driver switch. */
  tokenApi?: boolean;
}

export const LARAVEL_PROJECTS: LaravelCorpusProject[] = [
  {
    name: 'cookingbook',
    sessionMigration: '2020_09_29_152958_create_sessions_table',
    sessionMigrationTables: ['sessions'],
    userTable: 'users',
    views: ['resources/views/dashboard.blade.php', 'resources/views/recipes/index.blade.php'],
  },
  {
    // Laravel 11: the users migration creates users, password_reset_tokens and sessions.
    name: 'many-to-many-demo',
    sessionMigration: '0001_01_01_000000_create_users_table',
    sessionMigrationTables: ['users', 'password_reset_tokens', 'sessions'],
    userTable: 'users',
    views: ['resources/views/welcome.blade.php', 'resources/views/dashboard.blade.php', 'resources/views/students/index.blade.php'],
    // 2024_05_13_120639_update_user_include_city_state adds them NOT NULL.
    userExtra: { state: 'WA', city: 'Perth' },
  },
  {
    // Laravel 11 Sanctum API; its only views are the welcome page and l5-swagger's published one.
    name: 'api-rest-library',
    sessionMigration: '0001_01_01_000000_create_users_table',
    sessionMigrationTables: ['users', 'password_reset_tokens', 'sessions'],
    userTable: 'users',
    views: ['resources/views/welcome.blade.php', 'resources/views/vendor/l5-swagger/index.blade.php'],
    tokenApi: true,
  },
];

/** 32 fixed bytes, base64: a valid AES-256 key that is not anyone's secret. */
export const TEST_APP_KEY = `base64:${Buffer.alloc(32, 7).toString('base64')}`;

/** Copies a corpus project to `dir`, normalised as described above, its database at `db`. */
export function materialiseLaravel(project: LaravelCorpusProject, dir: string, db: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(path.join(CORPUS_LARAVEL, project.name), dir, { recursive: true, filter: (src) => path.basename(src) !== 'PROVENANCE.md' });
  const example = readFileSync(path.join(dir, '.env.example'), 'utf8');
  writeFileSync(path.join(dir, '.env'), editEnvText(example, { DB_CONNECTION: 'sqlite', DB_DATABASE: db, SESSION_DRIVER: 'database', APP_KEY: TEST_APP_KEY }));
  writeFileSync(path.join(dir, 'artisan'), readFileSync(MIGRATOR_ARTISAN));
  for (const view of project.views) {
    mkdirSync(path.dirname(path.join(dir, view)), { recursive: true });
    writeFileSync(path.join(dir, view), '');
  }
}
