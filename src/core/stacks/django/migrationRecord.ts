/**
 * Django's migration bookkeeping on SQLite: the `django_migrations` table and the row `migrate`
 * writes when it applies a migration (`MigrationRecorder.record_applied`), exactly as Django writes
 * them, so that a table we create leaves `showmigrations` / `migrate --check` as `migrate` would.
 *
 * The `applied` value is what Django's SQLite backend stores for `timezone.now()`: Python's
 * `str(datetime)` (`YYYY-MM-DD HH:MM:SS[.ffffff]`, the fraction left out when it is zero), in UTC
 * when USE_TZ is on (or in the database's own TIME_ZONE option), and in the local time of
 * settings.TIME_ZONE when it is off (Django sets the process's TZ to it). Captured in
 * test/fixtures/stacks/django/captures/django-migrations-row.sqlite.txt.
 */
import type { Bookkeeping } from '../../model';

/** What Django's schema editor creates for `MigrationRecorder.Migration` on SQLite (sqlite_master keeps this text). */
export const SQLITE_DJANGO_MIGRATIONS_DDL =
  'CREATE TABLE IF NOT EXISTS "django_migrations" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "app" varchar(255) NOT NULL, "name" varchar(255) NOT NULL, "applied" datetime NOT NULL);';

/** The migration that creates `django_session`. */
export const SESSIONS_MIGRATION = { app: 'sessions', name: '0001_initial' } as const;

function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/**
 * `now` as Django stores it in `applied` on SQLite. `zone` is `UTC` (USE_TZ on) or an IANA zone
 * (settings.TIME_ZONE with USE_TZ off). Throws a RangeError for a zone the runtime does not know.
 */
export function djangoAppliedValue(now: Date, zone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(now);
  const p = (type: string): string => parts.find((x) => x.type === type)?.value ?? '';
  const year = p('year').padStart(4, '0');
  const base = `${year}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')}:${p('second')}`;
  const micro = now.getUTCMilliseconds() * 1000;
  return micro === 0 ? base : `${base}.${String(micro).padStart(6, '0')}`;
}

/** The zone `applied` is written in, from the settings (undefined USE_TZ: the Django version's default, given). */
export function djangoAppliedZone(settings: { useTz: boolean; timeZone: string; databaseTimeZone?: string }): string {
  if (settings.useTz) return settings.databaseTimeZone ?? 'UTC';
  return settings.timeZone;
}

/** Whether rows read from `django_migrations` record `app`.`name` as applied. */
export function isDjangoMigrationRecorded(rows: ReadonlyArray<Record<string, unknown>>, app: string, name: string): boolean {
  return rows.some((r) => r['app'] === app && r['name'] === name);
}

/**
 * Bookkeeping for the direct apply: the table `django_migrations` when the database has none
 * (`migrate` creates it first too), the row for `app`.`name`, a check that it ends up recorded
 * exactly once (another `migrate` recording it meanwhile is a conflict), and the undo (which
 * drops `django_migrations` again when it created it).
 */
export function djangoRecordBookkeeping(input: { app: string; name: string; applied: string; createTable: boolean }): Bookkeeping {
  const { app, name, applied } = input;
  const insert = `INSERT INTO "django_migrations" ("app", "name", "applied") VALUES (${sqlString(app)}, ${sqlString(name)}, ${sqlString(applied)});`;
  const where = `"app" = ${sqlString(app)} AND "name" = ${sqlString(name)}`;
  return {
    sql: input.createTable ? `${SQLITE_DJANGO_MIGRATIONS_DDL}\n${insert}\n` : `${insert}\n`,
    checks: [
      {
        expr: `(SELECT count(*) FROM "django_migrations" WHERE ${where}) = 1`,
        failure: 'conflict',
        message: `migration ${app}.${name} is already recorded in django_migrations`,
      },
    ],
    // A django_migrations we created goes again (its sqlite_sequence row with it).
    undoSql: `DELETE FROM "django_migrations" WHERE ${where} AND "applied" = ${sqlString(applied)};${input.createTable ? '\nDROP TABLE IF EXISTS "django_migrations";' : ''}`,
  };
}
