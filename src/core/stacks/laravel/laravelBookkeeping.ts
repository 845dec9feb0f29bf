/** The `migrations` row Laravel's migrator writes, as bookkeeping for a direct apply. Pure. */
import type { Bookkeeping } from '../../model';

function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** The row `php artisan migrate` writes for a migration it ran (Laravel's own insert), in `table` (prefixed). */
function recordLaravelMigrationSql(table: string, name: string, batch: number): string {
  return `insert into "${table.replace(/"/g, '""')}" ("migration", "batch") values (${sqlString(name)}, ${batch});\n`;
}

/** That row as apply bookkeeping: recorded exactly once (else `migrate` ran meanwhile), and its undo. */
export function laravelRecordBookkeeping(table: string, name: string, batch: number): Bookkeeping {
  const quoted = `"${table.replace(/"/g, '""')}"`;
  return {
    sql: recordLaravelMigrationSql(table, name, batch),
    checks: [
      {
        expr: `(SELECT count(*) FROM ${quoted} WHERE "migration" = ${sqlString(name)}) = 1`,
        failure: 'conflict',
        message: `migration ${name} is already recorded in ${table}`,
      },
    ],
    undoSql: `delete from ${quoted} where "migration" = ${sqlString(name)} and "batch" = ${batch};`,
  };
}
