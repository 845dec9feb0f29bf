import type { Severity } from '../model';

/**
 * Every problem code the diagnosis can produce, with a short description and its usual severity:
 * the rule catalogue of the SARIF output (`tool.driver.rules`). The codes are stable ids; the
 * descriptions are English templates, translated through the same l10n bundle as the messages.
 */
export const PROBLEM_RULES: Record<string, { description: string; severity: Severity }> = {
  'prisma.sessionTableMissing': { description: 'The Prisma session model has no table in the database', severity: 'error' },
  'prisma.databaseFileMissing': { description: 'The SQLite database file of the Prisma datasource does not exist', severity: 'error' },
  'prisma.schemaInvalid': { description: 'The Prisma schema cannot be read', severity: 'error' },
  'prisma.migrationFailed': { description: 'A Prisma migration failed and was never resolved', severity: 'error' },
  'prisma.migrationLockProviderMismatch': {
    description: 'The Prisma migrations were written for another database provider than the schema names',
    severity: 'error',
  },
  'prisma.sessionColumnsMissing': { description: "The Prisma session model's table lacks columns of the model", severity: 'error' },
  'laravel.sessionTableMissing': { description: 'SESSION_DRIVER is database but the sessions table does not exist', severity: 'error' },
  'laravel.databaseFileMissing': { description: 'The SQLite database file of the Laravel app does not exist', severity: 'error' },
  'laravel.configCached': { description: 'A cached Laravel configuration hides changes to .env', severity: 'warning' },
  'laravel.envInvalid': { description: 'Laravel cannot load .env', severity: 'error' },
  'laravel.envLinesIgnored': { description: 'Laravel silently skips part of .env', severity: 'warning' },
  'laravel.envMissing': { description: 'The Laravel app has no .env file', severity: 'warning' },
  'laravel.appKeyMissing': { description: 'APP_KEY is empty', severity: 'error' },
  'laravel.invalidDriver': { description: 'SESSION_DRIVER is not a driver Laravel knows', severity: 'error' },
  'django.sessionTableMissing': { description: 'Django keeps sessions in django_session, which does not exist', severity: 'error' },
  'django.databaseFileMissing': { description: 'The SQLite database file of the Django app does not exist', severity: 'error' },
  'django.sessionColumnsMissing': { description: "django_session lacks columns of Django's session model", severity: 'error' },
  'runtime.sessionColumnMissing': { description: 'A running process reported a column of the session table missing', severity: 'error' },
  'runtime.djangoUnapplied': { description: 'Django warned that the sessions migration is not applied', severity: 'warning' },
  'betterAuth.sessionTableMissing': { description: "Better Auth's session table does not exist", severity: 'error' },
  'betterAuth.tablesMissing': { description: 'Better Auth tables other than the session table do not exist', severity: 'error' },
  'betterAuth.columnsMissing': { description: 'Better Auth tables other than the session table lack columns of its schema', severity: 'error' },
  'betterAuth.sessionColumnsMissing': { description: "Better Auth's session table lacks columns of its schema", severity: 'error' },
  'symfony.sessionTableMissing': { description: 'The Symfony PdoSessionHandler table does not exist', severity: 'error' },
  'connectPgSimple.sessionTableMissing': { description: 'The connect-pg-simple session table does not exist in PostgreSQL', severity: 'error' },
  'laravel.sessionColumnsMissing': { description: "The sessions table lacks columns of Laravel's sessions migration", severity: 'error' },
  'symfony.sessionColumnsMissing': { description: 'The Symfony PdoSessionHandler table lacks columns createTable() defines', severity: 'error' },
  'connectPgSimple.sessionColumnsMissing': { description: "The connect-pg-simple session table lacks columns of the package's table.sql", severity: 'error' },
  'runtime.sessionTableMissing': { description: 'A running process reported the session table missing', severity: 'error' },
  'runtime.sessionTableElsewhere': { description: 'A running process uses another database than the configured one', severity: 'warning' },
};
