/** The session drivers Laravel's SessionManager knows (`create<Name>Driver`). */
export const VALID_SESSION_DRIVERS: readonly string[] = ['file', 'cookie', 'database', 'apc', 'memcached', 'redis', 'dynamodb', 'array'];

/**
 * The form SessionManager compares: it calls `create{Str::studly($driver)}Driver`, and PHP method
 * names are case-insensitive, so `Database`, `DATABASE` and even `data_base` all reach the
 * database driver.
 */
function managerForm(value: string): string {
  return value.replace(/[-_\s]/g, '').toLowerCase();
}

/** The canonical driver `value` selects, or undefined when SessionManager would reject it. */
export function canonicalSessionDriver(value: string): string | undefined {
  const form = managerForm(value);
  return VALID_SESSION_DRIVERS.find((d) => d === form);
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The valid driver a mistyped value most likely meant (`databse` -> `database`), or undefined
 * when none is close: at most one edit per three characters of the longer word.
 */
export function nearestDriver(value: string): string | undefined {
  const form = managerForm(value);
  if (form.length === 0 || form.length > 64) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const driver of VALID_SESSION_DRIVERS) {
    const distance = editDistance(form, driver);
    const allowed = Math.max(1, Math.floor(Math.max(form.length, driver.length) / 3));
    if (distance <= allowed && distance < bestDistance) {
      best = driver;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * The artisan command that writes a sessions migration: `make:session-table` from Laravel 11
 * (where `session:table` remains an alias), `session:table` up to 10. Unknown version: the name
 * that works everywhere.
 */
export function sessionTableCommand(majorVersion: number | undefined): string[] {
  return majorVersion !== undefined && majorVersion >= 11 ? ['php', 'artisan', 'make:session-table'] : ['php', 'artisan', 'session:table'];
}
