import { Message } from './model';

/**
 * Every user-visible core message, in English. The English text is also the translation key:
 * the extension passes it to `vscode.l10n.t` (French in l10n/bundle.l10n.fr.json) and the CLI
 * looks it up in the same bundle, so one catalogue serves both shells.
 * Placeholders are {0}, {1}, ... as in vscode.l10n.
 */
export const MESSAGES = {
  // Problems
  'prisma.sessionTableMissing': 'The table {0} for Prisma model {1} does not exist in {2}.',
  'prisma.relatedTablesMissing': 'The session table needs {0}, which is missing too; the SQL creates it as well.',
  'prisma.relatedTablesMissing.many': 'The session table needs {0}, which are missing too; the SQL creates them as well.',
  'prisma.databaseFileMissing': 'The SQLite database {0} does not exist yet.',
  'prisma.schemaInvalid': 'The Prisma schema cannot be read: {0}',
  'app.fileUnreadable': 'A file of this app cannot be read, so it cannot be checked: {0}',
  'laravel.markerUnreadable': 'There is an artisan file, but whether this is a Laravel app cannot be told: {0}',
  'prisma.sqliteUnreadable': 'The SQLite database {0} cannot be checked: {1}',
  'prisma.migrationFailed': 'Migration {0} failed and was never resolved: `prisma migrate deploy` stops on it (P3009), and `prisma migrate status` reports it.',
  'prisma.sessionColumnsMissing':
    'The table {0} of Prisma model {1} in {2} lacks the column(s) {3}: Prisma Client queries on it fail (P2022, "column does not exist").',
  'prisma.migrationLockProviderMismatch':
    '{0} says provider "{1}", but the schema\'s datasource is "{2}": `prisma migrate deploy` and `prisma migrate dev` stop with P3019, and the migrations\' SQL is written for {1}, not for {2}.',
  'prisma.noProvenFix':
    'No fix could be proven safe on this migration history: {0}. Check `prisma migrate status` and resolve it by hand; `prisma migrate reset` would delete every row.',
  'laravel.sessionTableMissing': 'SESSION_DRIVER is "database" but the table {0} does not exist in {1}.',
  'laravel.sessionTableMissing.detail': 'Every request that starts a session fails with "{2}" until the table exists or the driver changes.',
  'laravel.sessionMigrationRan':
    'Migration {0}, which creates {1}, is recorded as run, yet the table is gone (dropped by hand?). `php artisan migrate` has nothing to do, and `make:session-table` would add a second migration that breaks every fresh `migrate` ("table {1} already exists"). Creating the table with the exact SQL of that migration is the fix that works.',
  'laravel.sessionMigrationRan.server':
    'Migration {0}, which creates {1}, is recorded as run, yet the table is gone (dropped by hand?). `php artisan migrate` has nothing to do, and `make:session-table` would add a second migration that breaks every fresh `migrate` ("table {1} already exists"). Run the exact SQL of that migration in your database (`session-doctor sql` prints it), or switch the session driver.',
  'laravel.databaseFileMissing': 'The SQLite database {0} does not exist: every query fails ("Database file at path … does not exist"), sessions included.',
  'laravel.configCached': 'The configuration is cached in {0}: changes to .env have no effect until `php artisan config:clear`.',
  'laravel.envInvalid': 'Laravel cannot load .env: line {0} is invalid ({1}), so the app stops with "The environment file is invalid!".',
  'laravel.envLinesIgnored': 'Laravel loads .env but skips part of it, from line {0}: {1}',
  'laravel.envMissing': 'There is no .env file; Laravel falls back to its defaults.',
  'laravel.appKeyMissing': 'APP_KEY is empty, so Laravel cannot encrypt session cookies.',
  'laravel.invalidDriver': 'SESSION_DRIVER "{0}" is not a session driver Laravel knows.',
  'laravel.invalidDriver.suggestion': 'Did you mean "{0}"?',
  'symfony.sessionTableMissing': "The table {0} of Symfony's PdoSessionHandler does not exist in {1}.",
  'symfony.sessionTableMissing.noFile': "The table {0} of Symfony's PdoSessionHandler does not exist: the SQLite database {1} does not exist yet.",
  'symfony.sessionTableMissing.detail':
    'Every request that starts a session fails with "{0}" until the table exists. Symfony never creates it by itself: `createTable()` has to run once, or its SQL.',
  'symfony.yamlInvalid': 'The Symfony configuration cannot be read: {0}',
  'symfony.databaseUnknown': 'The database of the PdoSessionHandler is not known: {0}',
  'symfony.databaseFrom': 'Database from {0} ({1}).',
  'prisma.envUnset': "The database is not known: {0} is not set in the environment or in the project's .env files.",
  'prisma.envUnsetExample':
    "The database is not known: {0} is not set in the environment or in the project's .env files. {1} has {0}={2}: copy {1} to .env beside it and review the values.",
  'prisma.envUnsetExampleWithout': "The database is not known: {0} is not set in the environment, in the project's .env files, or in {1}.",
  'prisma.urlComputed':
    'The database is not known: {0} computes the datasource url in code, which Session Doctor does not run. Name the database with `--database` (CLI) or the `sessionDoctor.databaseUrl` setting.',
  'prisma.urlComputedUnset':
    'The database is not known: {0} computes the datasource url in code from {1}, which is set neither in the environment nor in the .env it loads. Set {1}, or name the database with `--database` (CLI) or the `sessionDoctor.databaseUrl` setting.',
  'prisma.urlComputedUnsetExample':
    'The database is not known: {0} computes the datasource url in code from {1}, which is set neither in the environment nor in the .env it loads. {2} has {1}={3}: copy {2} to .env beside it and review the values, or name the database with `--database` (CLI) or the `sessionDoctor.databaseUrl` setting.',
  'prisma.databaseOverrideProvider': "The database named is a SQLite file, but the schema's provider is {0}.",
  'prisma.databaseFrom.flag': 'Database named by `--database`.',
  'prisma.databaseFrom.setting': 'Database named by the `sessionDoctor.databaseUrl` setting.',
  'prisma.databaseFrom.env': 'Database from {0} in the environment (it wins over .env files, as in Prisma).',
  'prisma.databaseFrom.computedEnv':
    '{0} computes the datasource url in code, which is not run; it reads {1}, so {1} from the environment is used (an assumption: the code may change it).',
  'prisma.databaseFrom.computedFile':
    '{0} computes the datasource url in code, which is not run; it reads {1}, so {1} from {2} is used (an assumption: the code may change it).',
  'prisma.databaseOverrideAmbiguous':
    "The database named by `--database` or `sessionDoctor.databaseUrl` is not used: {0} Prisma apps were found, and it names one database. Point Session Doctor at the app's folder.",
  'live.unknown': 'The session table in {0} could not be checked: {1}',
  'live.notChecked': 'The session table in {0} was not checked: live database checks are off (`--no-live`, or the `sessionDoctor.liveChecks` setting).',
  'runtime.tableMissing': 'A running process reported that table {0} does not exist (seen in {1}: {2} error {3}).',
  'runtime.tableElsewhere':
    'A running process reported that table {0} does not exist (seen in {1}: {2} error {3}), but {4} has it: that process is using another database, or has not reloaded since the table was created.',
  'runtime.tableElsewhere.prisma':
    'Compare the DATABASE_URL the process was started with (a relative `file:` path can name another file when the process runs from another folder), restart it, then run Session Doctor: Check Now. Creating the table again would change nothing.',
  'runtime.tableElsewhere.laravel':
    'Compare the DB_* settings the process was started with (a cached config in bootstrap/cache/config.php wins over .env), restart it, then run Session Doctor: Check Now. Creating the table again would change nothing.',
  'runtime.tableElsewhere.symfony':
    'Compare the DATABASE_URL the process was started with (the environment wins over .env, and .env.local and .env.<APP_ENV> over .env), restart it, then run Session Doctor: Check Now. Creating the table again would change nothing.',

  // Fix titles
  'fix.prisma.migrateDeploy': 'Run `prisma migrate deploy` (applies pending migration {0})',
  'fix.prisma.migrateDeployAll': 'Run `prisma migrate deploy`',
  'fix.prisma.migrateDeploy.detail':
    'Recommended: the migration that creates the table exists but was never applied. Prisma applies it and records it, so no drift remains.',
  'fix.prisma.applyMigration': 'Apply migration {0} to the database directly (and record it as applied)',
  'fix.prisma.applyMigration.detail':
    "Runs the migration's own SQL in one transaction under SQLite's locks, records it in _prisma_migrations exactly as `migrate deploy` does, and changes nothing if any check fails.",
  'fix.prisma.completeMigration': 'Create what is missing ({0}) and record {1} as applied',
  'fix.prisma.completeMigration.detail':
    "Some of the objects these migrations create exist and others do not, so `prisma migrate deploy` would fail. This creates only the missing ones, with the SQL the migrations produce, and records the migrations as `migrate deploy` does, in one transaction under SQLite's locks. It was checked on a copy of the database's schema first.",
  'fix.prisma.recordApplied': 'Record migration {0} as applied (what it creates is all there)',
  'fix.prisma.recordApplied.detail':
    "Resolves the failed attempt and records the migration as `prisma migrate resolve --applied` does, in one transaction under SQLite's locks.",
  'fix.prisma.resolveApplied': 'Run `prisma migrate resolve --applied {0}`',
  'fix.prisma.resolveRolledBack': 'Run `prisma migrate resolve --rolled-back {0}`, then `prisma migrate deploy`',
  'fix.prisma.createTableBaseline': 'Create table {0} and add migration {1} (recorded as applied)',
  'fix.prisma.createTableBaseline.detail':
    'No migration creates the table. This writes one with the exact SQL Prisma would generate, applies it and records it as applied, so `prisma migrate dev` sees no drift.',
  'fix.prisma.createTable': 'Create table {0} in {1}',
  'fix.prisma.createTable.detail':
    "Runs the exact CREATE TABLE Prisma would generate, in one transaction under SQLite's locks. This project has no migrations (db push workflow).",
  'fix.prisma.recreateTable.detail':
    "The migration history says the table was created, but it is gone (dropped by hand?). This recreates it with the exact SQL, in one transaction under SQLite's locks, and leaves the history as it is.",
  'fix.prisma.createTableUnbaselined.detail':
    "The database has tables but no Prisma migration history, so `prisma migrate deploy` would refuse (P3005). This creates only the missing table, with the exact SQL, in one transaction under SQLite's locks. Baseline the history later with `prisma migrate resolve --applied`.",
  'fix.prisma.dbPush': 'Run `prisma db push`',
  'fix.prisma.dbPush.detail': 'Recommended for projects without migrations: Prisma creates the missing tables itself and refuses changes that would lose data.',
  'fix.prisma.migrateDev': 'Run `prisma migrate dev --name add_session`',
  'fix.prisma.migrateDev.detail':
    'Creates and applies a migration. If the database has drifted from the migration history, Prisma asks to reset it: answer no to keep your data.',
  'fix.prisma.addColumns': 'Add {0} to table {1} in {2}',
  'fix.prisma.addColumns.detail':
    "The exact SQL `prisma migrate diff` generates for this change, in one transaction under SQLite's locks. No migration records it: with a migrations folder, the next `prisma migrate dev` sees drift; write the migration too (`prisma migrate dev --create-only`), then `prisma migrate resolve --applied` it.",
  'fix.prisma.addColumns.dbPush.detail':
    "No migrations folder (the `db push` workflow): this runs the exact SQL `prisma migrate diff` generates for this change, in one transaction under SQLite's locks; there is no history to record it in.",
  'fix.prisma.addColumns.recorded.detail':
    "The migration history already adds these columns, but the table lacks them (dropped by hand?). This adds them with the exact SQL `prisma migrate diff` generates, in one transaction under SQLite's locks, and leaves the history as it is.",
  'fix.prisma.addColumnsMigration': 'Add {0} to table {1} with a new migration {2} (recorded as applied)',
  'fix.prisma.addColumnsMigration.detail':
    "No migration adds these columns. This writes one with the exact SQL `prisma migrate diff` generates, applies it in one transaction under SQLite's locks and records it as applied, as `prisma migrate dev` would, so the history matches the database.",
  'fix.prisma.migrateDevCreateOnly': 'Let Prisma write the migration: `prisma migrate dev --create-only --name add_session_columns`',
  'fix.prisma.migrateDevCreateOnly.detail':
    'Writes the migration without applying it, so you can read it first; then `prisma migrate dev` (or `deploy`) applies it. Session Doctor offers no SQL of its own here: {0}.',
  'fix.prisma.regenerateMigrations': 'Start a new migration history for {0}: move {1} to {2}, and let Prisma write the init migration',
  'fix.prisma.regenerateMigrations.detail':
    'The migrations were written for {0}; Prisma cannot apply them to {1}. These commands keep the old folder aside (nothing is deleted), write one migration {2} with `prisma migrate diff --from-empty --to-schema-datamodel … --script`, then record it as applied with `prisma migrate resolve --applied` where the tables already exist, or apply it with `prisma migrate deploy` where they do not. Read the new migration before applying it; `fix --yes` never runs this on its own. `mv` is a POSIX command: on Windows, rename the folder by hand.',
  'fix.prisma.generate': 'Run `prisma generate`',
  'fix.prisma.migrateReset': 'Reset the database with `prisma migrate reset` (DESTROYS ALL DATA)',
  'fix.prisma.migrateReset.detail': 'Last resort: drops the database, recreates it from the migrations and runs the seed. Every row in every table is lost.',
  'fix.laravel.createTable': 'Create table {0} in {1}',
  'fix.laravel.createTable.detail': "Runs exactly the SQL of Laravel's sessions migration in one transaction under SQLite's locks.",
  'fix.laravel.migrate': 'Run `php artisan migrate`',
  'fix.laravel.migrateCreatesDatabase.detail': 'Laravel 11+ offers to create the SQLite file, then runs every migration, the sessions table included.',
  'fix.laravel.migrate.detail': 'A migration that creates the table exists but has not run.',
  'fix.laravel.makeSessionTable': 'Run `php artisan {0}` then `php artisan migrate`',
  'fix.laravel.makeSessionTable.detail': 'No migration creates the table: Laravel writes one, then runs it.',
  'fix.laravel.driverCookie': 'Set SESSION_DRIVER=cookie in .env',
  'fix.laravel.driverCookie.detail': 'Best for a token-authenticated API: no server-side sessions, no table. Needs APP_KEY.',
  'fix.laravel.driverFile': 'Set SESSION_DRIVER=file in .env',
  'fix.laravel.driverFile.detail': 'Sessions in storage/framework/sessions: no table, works for a single server.',
  'fix.laravel.driverBoth': 'Set SESSION_DRIVER={0} in .env and .env.example',
  // The same edits when a cached config would hide them: `php artisan config:clear` runs after, and the title says so.
  'fix.laravel.driverCookie.clearCache': 'Set SESSION_DRIVER=cookie in .env and clear the config cache',
  'fix.laravel.driverFile.clearCache': 'Set SESSION_DRIVER=file in .env and clear the config cache',
  'fix.laravel.driverBoth.clearCache': 'Set SESSION_DRIVER={0} in .env and .env.example, and clear the config cache',
  'fix.laravel.generateAppKey.clearCache': 'Generate APP_KEY in .env and clear the config cache',
  'fix.laravel.nearestDriver.clearCache': 'Change SESSION_DRIVER to "{0}" and clear the config cache',
  'fix.laravel.driverCookieAndKey': 'Set SESSION_DRIVER=cookie and generate APP_KEY in .env (cookie sessions are encrypted with it)',
  'fix.laravel.driverBothAndKey': 'Set SESSION_DRIVER={0} in .env and .env.example, and generate APP_KEY in .env',
  'fix.laravel.driverCookieAndKey.clearCache': 'Set SESSION_DRIVER=cookie and generate APP_KEY in .env, and clear the config cache',
  'fix.laravel.driverBothAndKey.clearCache': 'Set SESSION_DRIVER={0} in .env and .env.example, generate APP_KEY in .env, and clear the config cache',
  'fix.laravel.configClear': 'Run `php artisan config:clear`',
  'fix.laravel.createEnv': 'Create .env from .env.example',
  'fix.laravel.generateAppKey': 'Generate APP_KEY in .env',
  'fix.laravel.keyGenerate': 'Run `php artisan key:generate`',
  'fix.laravel.nearestDriver': 'Change SESSION_DRIVER to "{0}"',
  'fix.symfony.createTable': 'Create table {0} in {1}',
  'fix.symfony.createTable.detail':
    "Runs exactly the SQL of Symfony's `PdoSessionHandler::createTable()` in one transaction under SQLite's locks. `createTable()` records nothing anywhere else, so neither does this fix.",
  'fix.symfony.runCreateTableSql': 'Create table {0} in {1} with {2}',
  'fix.symfony.runCreateTableSql.detail':
    "Runs exactly the SQL of Symfony's `PdoSessionHandler::createTable()` through the database's own client, which asks for the password itself.",
  'fix.symfony.nativeHandler': "Use PHP's own session files instead (`handler_id: null`)",
  'fix.symfony.nativeHandler.detail':
    "A change of intent: sessions leave the database for PHP's files on this server, and are no longer shared between servers. Choose it only if sessions were not meant to live in the database.",
  'fix.showSql': 'Show the session table SQL',
  'sessionColumns.primaryKey':
    'Every request that writes a session fails with "{0}". {1} is the primary key of the table the framework creates, and a primary key is not added to an existing table, so no fix is offered. Sessions are disposable: drop {2} (which logs every user out) and create it again with the framework\'s SQL (`session-doctor sql` prints it).',
  'sessionColumns.rows':
    'Every request that writes a session fails with "{0}". {1}: NOT NULL without a default, and {2} holds rows, so {3} refuses to add it; no fix is offered. Sessions are disposable: emptying the table (`DELETE FROM {2}`, which logs every user out) lets the columns be added; then check again.',
  'sessionColumns.rowsUnknown':
    'Every request that writes a session fails with "{0}". {1}: NOT NULL without a default, which {3} adds only to an empty table, and whether {2} holds rows could not be read, so no fix is offered. If the table is empty, or once it is emptied (`DELETE FROM {2}` logs every user out), check again.',
  'sessionColumns.detail': 'Every request that writes a session fails with "{0}" until the columns exist. The statements that add them:\n```sql\n{1}\n```',
  'laravel.sessionColumnsMissing': "The session table {0} in {1} lacks the column(s) {2} of Laravel's sessions migration.",
  'fix.laravel.addSessionColumns': 'Add {0} to {1} in {2}',
  'fix.laravel.addSessionColumns.detail':
    "Runs exactly what Laravel's `Schema::table()` runs for these columns, in one transaction under SQLite's locks. No migration records it; the migration fix does.",
  'fix.laravel.addSessionColumnsMigration': 'Write a migration that adds {0}, then run `php artisan migrate`',
  'fix.laravel.addSessionColumnsMigration.detail':
    "Writes database/migrations/{0} with the Blueprint calls of Laravel's sessions migration for these columns, then runs `php artisan migrate`: the schema stays reproducible from the migrations.",
  'symfony.sessionColumnsMissing': "The table {0} of Symfony's PdoSessionHandler in {1} lacks the column(s) {2}.",
  'fix.symfony.addSessionColumns': 'Add {0} to {1} in {2}',
  'fix.symfony.addColumns.detail':
    "Symfony has no ALTER helper: these are the column definitions of `createTable()` for this driver, added with ALTER TABLE (in one transaction under SQLite's locks, or through the database's own client, which asks for the password itself).",
  'fix.symfony.runAddColumnsSql': 'Add {0} to {1} in {2} with {3}',
  'connectPgSimple.sessionColumnsMissing': 'The session table {0} of connect-pg-simple in {1} lacks the column(s) {2}.',
  'fix.connectPgSimple.psqlAddColumns': 'Add {0} to {1} with psql',
  'fix.connectPgSimple.psqlAddColumns.detail':
    "Runs ALTER TABLE with the column definitions of the package's table.sql through psql, which asks for the password itself.",
  'django.sessionTableMissing': 'Django keeps sessions in the table {0} (SESSION_ENGINE {1}), but it does not exist in {2}.',
  'django.sessionTableMissing.detail': 'Every request that saves a session fails with "{0}" until the table exists.',
  'django.sessionMigrationRecorded':
    'django_migrations records sessions.0001_initial as applied, yet the table {0} is gone (dropped by hand?): `python3 manage.py migrate` says "No migrations to apply", and `migrate --check` passes. Create the table with the exact SQL of that migration, or un-record it with `migrate sessions zero --fake` and run `migrate sessions` again.',
  'django.sessionColumnsMissing':
    'The table {0} in {1} lacks the column(s) {2} of Django\'s session model: saving or loading a session fails ("no such column").',
  'django.databaseFileMissing': 'The SQLite database {0} does not exist: Django creates it empty on first use, without {1}.',
  'django.settingsUnknown': 'The Django session table cannot be checked from the settings as written: {0}',
  'fix.django.createTable': 'Create {0} in {1} with the SQL of `sqlmigrate sessions 0001`, and record the migration',
  'fix.django.createTable.recorded': 'Create {0} in {1} with the SQL of `sqlmigrate sessions 0001` (the migration is already recorded)',
  'fix.django.createTable.detail':
    "Runs the statements of Django's own sessions migration in one transaction under SQLite's locks, and records it in django_migrations as `migrate` does: no Python, no network, and no pending migration afterwards.",
  'fix.django.migrateSessions': 'Run `python3 manage.py migrate sessions`',
  'fix.django.migrateAll': 'Run `python3 manage.py migrate`',
  'fix.django.showMigrations': 'Run `python3 manage.py showmigrations sessions`',
  'fix.django.refakeSessions': 'Run `python3 manage.py migrate sessions zero --fake`, then `python3 manage.py migrate sessions`',
  'fix.django.refakeSessions.detail':
    'The first command only removes the record of the sessions migration (no table is touched); the second runs the migration again, creating {0}.',
  'fix.django.signedCookies': 'Set SESSION_ENGINE to signed cookies (no table needed)',
  'fix.django.signedCookies.detail':
    'A change of intent, not a repair: session data then lives in a signed (not encrypted) cookie the browser can read, logging out does not revoke it, and current sessions are lost. Choose it only when the app does not need server-side sessions.',
  'runtime.columnMissing': 'A running process reported that column {0} of table {1} does not exist (seen in {2}: {3} error {4}).',
  'runtime.djangoUnapplied': 'Django warned that the migration of its sessions app is not applied (seen in {0}): the table django_session is probably missing.',
  'runtime.tableElsewhere.betterAuth':
    'Compare the database the process was started with (DATABASE_URL, a relative SQLite path opened from another folder), restart it, then run Session Doctor: Check Now. Creating the tables again would change nothing.',
  'runtime.tableElsewhere.django':
    'Compare the settings the process was started with (DJANGO_SETTINGS_MODULE, a relative SQLite NAME opened from another folder), restart it, then run Session Doctor: Check Now. Creating the table again would change nothing.',

  // `session-doctor scan`: advice under each finding, each stack's own (core/stacks/scanHints.ts)
  'hint.prisma.p2021':
    "Prisma's model has no table in this database: apply the migrations (`npx prisma migrate deploy`), and check DATABASE_URL points at the database you migrated.",
  'hint.prisma.shopify':
    "Shopify's Prisma session storage found no table for its model: apply the migrations (`npx prisma migrate deploy`, the template's `npm run setup`), and check the datasource points at the database you migrated.",
  'hint.prisma.p2010': 'A raw Prisma query hit a missing table: create the table through a migration, and check the database the app connects to.',
  'hint.prisma.session':
    'This is the session store: Prisma creates it with a migration for the Session model (`npx prisma migrate dev`), or with `npx prisma db push` in a project without migrations. `session-doctor check` in the app folder names the exact fix.',
  'hint.laravel.mysql':
    'MySQL/MariaDB has no such table in that database: run the migrations (`php artisan migrate`), and check DB_DATABASE (a config cached in bootstrap/cache/config.php wins over .env).',
  'hint.laravel.sqlite':
    'The SQLite file has no such table: run the migrations (`php artisan migrate`), and check that DB_DATABASE names the file you expect (a relative path depends on the folder PHP runs in).',
  'hint.laravel.postgres':
    'PostgreSQL cannot find the relation: run the migrations (`php artisan migrate`), and check DB_DATABASE and the search_path of the connection.',
  'hint.laravel.column':
    "The table lacks a column Laravel writes (a sessions table made by Laravel 5.1 or older has no user_id, ip_address, user_agent): `session-doctor check` in the app folder offers the exact ALTERs, or a migration with the framework's Blueprint calls and `php artisan migrate`.",
  'hint.laravel.session':
    'This is the session store: Laravel creates it with `php artisan make:session-table` (11+; `session:table` before) then `php artisan migrate`. An app that needs no server-side sessions (a token-authenticated API) can set SESSION_DRIVER=cookie or file instead.',
  'betterAuth.sessionTableMissing': "Better Auth's session table {0} does not exist in {1}: sign-in and every session lookup fail.",
  'betterAuth.tablesMissing': "Better Auth's tables {0} do not exist in {1}.",
  'betterAuth.tablesMissing.detail':
    'Better Auth 1.7 checks its schema before any query and stops with "SchemaMismatchError: Database schema mismatch … Missing tables {0}"; older versions fail on the first query instead. Better Auth keeps no migration history: creating the tables is the whole fix.',
  'betterAuth.databaseFileMissing.detail':
    "The SQLite file {0} does not exist yet: Better Auth's driver creates it empty on first open, and `npx auth migrate` creates it with the tables.",
  'betterAuth.columnsMissing': "Better Auth's tables in {0} lack the columns {1}.",
  'betterAuth.columnsMissing.detail':
    'Better Auth 1.7 checks its schema before any query and stops with "SchemaMismatchError: Database schema mismatch \u2026 Missing columns"; `npx auth migrate` adds them (an upgrade of Better Auth adds fields).',
  'betterAuth.sessionColumnsMissing': "Better Auth's session table {0} in {1} lacks the columns {2}.",
  'betterAuth.sessionColumnsMissing.detail':
    'Queries on {0} fail (PostgreSQL 42703, MySQL 1054, SQLite "no such column") until the columns exist; `npx auth migrate` adds them.',
  'betterAuth.sessionColumnsMissing.sqliteRequired':
    'SQLite cannot add a required column without a default to {0}: `npx auth migrate` fails on it too. Back the table up, then recreate it (drop it and run `npx auth migrate`), which signs every user out.',
  'betterAuth.noConfig': 'The database is not known: no `betterAuth({ … })` call could be read in the config file.',
  'betterAuth.noDatabase': 'The config sets no `database`: Better Auth keeps everything in memory, so there is no table to check.',
  'betterAuth.memoryDatabase': 'The database is in memory (`:memory:`): there is no table to check.',
  'betterAuth.databaseComputed': 'The database is not known: the config opens it in code ({0}), which Session Doctor does not run.',
  'betterAuth.namesComputed': 'The table names are not known: the config computes {0} in code, which Session Doctor does not run.',
  'betterAuth.envUnset': "The database is not known: the config reads {0}, which is set neither in the environment nor in the app's .env files.",
  'betterAuth.envUnreadable': 'The database is not known: {0} cannot be read from the .env file: {1}',
  'betterAuth.adapterManaged':
    "The tables belong to the {0} adapter (provider {1}): `npx auth generate` writes them into that ORM's schema, and its own migrations create them.",
  'betterAuth.databaseFrom.env': 'from {0} in the environment',
  'betterAuth.databaseFrom.envFile': 'from {0} in {1}',
  'fix.betterAuth.migrate': 'Run `npx auth migrate` (Better Auth creates its missing tables and columns)',
  'fix.betterAuth.migrate.detail':
    "Better Auth's CLI reads the config, compares it with the database and applies the difference. The `auth` CLI 1.7 needs Node 22.12 or later, and it runs the app's config file.",
  'fix.betterAuth.apply': "Apply the SQL of `auth migrate` to {0} (offline, under SQLite's locks)",
  'fix.betterAuth.apply.detail':
    'The exact statements `npx auth migrate` would run for this config, applied in one transaction while the app may be running. Better Auth keeps no migration history, so nothing else needs recording.',
  'hint.betterAuth.table':
    "Better Auth has not created its tables in this database: `npx auth migrate` (Kysely adapter) creates them; with the Prisma or Drizzle adapter, `npx auth generate` and that ORM's migration.",
  'hint.betterAuth.column': 'Better Auth needs a column this table lacks (an upgrade adds fields): `npx auth migrate` adds it.',
  'app.flavor.shopify': 'Shopify session storage',
  'hint.table.mysql': 'MySQL/MariaDB has no such table in that database: run the migrations, and check the database the app connects to.',
  'hint.table.sqlite':
    'The SQLite file has no such table: run the migrations, and check the app opens the database file you expect (a relative path may point elsewhere).',
  'hint.table.postgres': 'PostgreSQL cannot find the relation: run the migrations, and check the schema / search_path the app uses.',
  'hint.table.session': "This is the session store: create it with your framework's migration. `session-doctor check` in the app folder names the exact fix.",
  'hint.table.column': 'The table exists but lacks this column: apply the migration that adds it, and compare the table with the model.',
  'hint.django.table':
    'Django has no such table in that database: run `python3 manage.py migrate`, and check DATABASES in the settings module DJANGO_SETTINGS_MODULE names (a relative SQLite NAME depends on the folder Django runs in).',
  'hint.django.column':
    "The table lacks a column of Django's model: run `python3 manage.py migrate`, and compare the table with `python3 manage.py sqlmigrate <app> <migration>`.",
  'hint.django.unapplied': 'Django has not applied the migration of the sessions app: `python3 manage.py migrate sessions` creates django_session.',
  'hint.django.session':
    'This is the session store: Django creates django_session with `python3 manage.py migrate sessions`; when that migration is recorded but the table was dropped, `migrate sessions zero --fake` then `migrate sessions`. `session-doctor check` in the app folder names the exact fix.',
  // connect-pg-simple
  'connectPgSimple.sessionTableMissing': 'The connect-pg-simple session table {0} does not exist in {1}.',
  'connectPgSimple.sessionTableMissing.detail':
    'Every request that reads or saves a session fails with `relation "{0}" does not exist`, and the store logs "Failed to prune sessions" every 15 minutes, until the table exists. connect-pg-simple creates it only with `createTableIfMissing: true`.',
  'connectPgSimple.sessionTableMissing.manual':
    'Every request that reads or saves a session fails with `relation "{0}" does not exist` until the table exists. The store options are not a literal Session Doctor can edit exactly: to let the app create the table, add `createTableIfMissing: true` to them yourself.',
  'connectPgSimple.tableCreatedOnFirstQuery':
    'The connect-pg-simple session table {0} does not exist in {1} yet; the store has `createTableIfMissing: true`, so the app creates it on its first session query (its database user needs the right to create tables).',
  'connectPgSimple.noStore':
    "The database is not known: no `connect-pg-simple` store construction (`new (require('connect-pg-simple')(session))(…)` or the like) was found in the app's source.",
  'connectPgSimple.optionsComputed': "The database is not known: the store's options are computed in code ({0}), which Session Doctor does not run.",
  'connectPgSimple.connectionComputed': "The database is not known: the store's {0} is computed in code ({1}), which Session Doctor does not run.",
  'connectPgSimple.connectionDefaults':
    "The database is not known: the store's conObject names no database or user, so pg falls back to PGHOST, PGUSER and the like, which Session Doctor does not resolve.",
  'connectPgSimple.databaseUrlUnset':
    "The database is not known: the store names no conString, conObject or pool, and DATABASE_URL is set neither in the environment nor in the app's .env.",
  'connectPgSimple.envUnset': "The database is not known: the store's connection reads {0}, which is set neither in the environment nor in the app's .env.",
  'connectPgSimple.envUnreadable': 'The database is not known: {0} could not be read from .env: {1}',
  'connectPgSimple.nameComputed': "The session table's name is computed in code ({0}), which Session Doctor does not run, so the table was not looked for.",
  'connectPgSimple.databaseFrom.env': 'Database from {0} in the environment (it wins over .env).',
  'connectPgSimple.databaseFrom.envFile':
    'Database from {0} in {1}: the store reads process.env.{0}, which that file sets only if the app loads it (dotenv, `node --env-file`).',
  'runtime.tableElsewhere.connectPgSimple':
    'Compare the DATABASE_URL or conString the process was started with, restart it, then run Session Doctor: Check Now. Creating the table again would change nothing.',
  'fix.connectPgSimple.psqlFile': "Create table {0} in {1} with psql and the package's table.sql",
  'fix.connectPgSimple.psqlSql': "Create table {0} in {1} with psql (the package's table.sql with this table name)",
  'fix.connectPgSimple.psql.detail':
    "Runs connect-pg-simple's own table.sql in one transaction, now: the running app finds the table on its next request, without a restart.",
  'fix.connectPgSimple.createTableIfMissing': 'Set `createTableIfMissing: true` in the store options ({0})',
  'fix.connectPgSimple.createTableIfMissing.detail':
    "connect-pg-simple then creates the same table from its table.sql on its first query after the app restarts. The app's database user needs the right to create tables.",
} as const;

export type MessageId = keyof typeof MESSAGES;

export function msg(id: MessageId, ...args: (string | number)[]): Message {
  return args.length ? { id, args } : { id };
}

/** Replaces {0}, {1}, ... with the arguments, as vscode.l10n.t does. */
export function formatTemplate(template: string, args: readonly (string | number)[] = []): string {
  return template.replace(/\{(\d+)\}/g, (whole, i: string) => (args[Number(i)] !== undefined ? String(args[Number(i)]) : whole));
}

/** A translation table keyed by the English template (the l10n bundle format). */
export type Bundle = Record<string, string>;

export function englishTemplate(m: Message): string {
  return (MESSAGES as Record<string, string>)[m.id] ?? m.id;
}

export function renderMessage(m: Message, bundle?: Bundle): string {
  const en = englishTemplate(m);
  return formatTemplate(bundle?.[en] ?? en, m.args);
}
