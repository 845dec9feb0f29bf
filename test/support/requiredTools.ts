/**
 * The external tools some tests run (php, phpdotenv, Laravel's session handler, sqlite3, Django
 * with its PostgreSQL and MySQL drivers).
 * scripts/setup.sh installs every one of them, so a missing tool means a broken setup: the test
 * fails and says what to install. A tool is skipped only when it is missing on purpose, named in
 * SESSION_DOCTOR_MISSING_ON_PURPOSE (comma-separated, e.g. `php,illuminate`), and the skipped
 * test's title then says so.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export type ToolName =
  'php' | 'phpdotenv' | 'sqlite3' | 'illuminate' | 'symfony-http-foundation' | 'pdo_sqlite' | 'pdo_mysql' | 'pdo_pgsql' | 'django' | 'psycopg2' | 'mysqldb';

/** The Python that has Debian's Django: SESSION_DOCTOR_PYTHON, else Debian's own, else `python3` on PATH. */
export function djangoPython(): string {
  const given = process.env.SESSION_DOCTOR_PYTHON;
  if (given) return given;
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

function pythonImports(module: string): boolean {
  return spawnSync(djangoPython(), ['-c', `import ${module}`]).status === 0;
}

function phpRuns(code: string): boolean {
  return spawnSync('php', ['-r', code]).status === 0;
}

/** Why `tool` cannot be used here, or undefined when it can. */
export function toolMissing(tool: ToolName): string | undefined {
  switch (tool) {
    case 'sqlite3':
      return spawnSync('sqlite3', ['-version']).status === 0 ? undefined : 'the sqlite3 CLI is not installed (Debian package sqlite3)';
    case 'php':
      return spawnSync('php', ['-v']).status === 0 ? undefined : 'php is not installed (Debian package php-cli)';
    case 'phpdotenv':
      return (
        toolMissing('php') ??
        (existsSync('/usr/share/php/Dotenv/autoload.php') ? undefined : 'phpdotenv is not installed (Debian package php-vlucas-phpdotenv)')
      );
    case 'illuminate':
      return (
        toolMissing('php') ??
        (existsSync('/usr/share/php/Illuminate/Session/autoload.php') && existsSync('/usr/share/php/Illuminate/Database/autoload.php')
          ? undefined
          : "Laravel's session and database components are not installed (php-illuminate-session, php-illuminate-database)")
      );
    case 'symfony-http-foundation':
      return (
        toolMissing('php') ??
        (existsSync('/usr/share/php/Symfony/Component/HttpFoundation/autoload.php')
          ? undefined
          : "Symfony's HttpFoundation (PdoSessionHandler) is not installed (Debian package php-symfony-http-foundation)")
      );
    case 'pdo_sqlite':
    case 'pdo_mysql':
    case 'pdo_pgsql': {
      const driver = tool.slice('pdo_'.length);
      const pkg = { sqlite: 'php-sqlite3', mysql: 'php-mysql', pgsql: 'php-pgsql' }[driver];
      return (
        toolMissing('php') ??
        (phpRuns(`exit(in_array('${driver}', PDO::getAvailableDrivers()) ? 0 : 3);`) ? undefined : `PHP's ${tool} is not installed (Debian package ${pkg})`)
      );
    }
    case 'django':
      return pythonImports('django') ? undefined : `Django is not importable by ${djangoPython()} (Debian package python3-django)`;
    case 'psycopg2':
      return (
        toolMissing('django') ?? (pythonImports('psycopg2') ? undefined : `psycopg2 is not importable by ${djangoPython()} (Debian package python3-psycopg2)`)
      );
    case 'mysqldb':
      return (
        toolMissing('django') ?? (pythonImports('MySQLdb') ? undefined : `MySQLdb is not importable by ${djangoPython()} (Debian package python3-mysqldb)`)
      );
  }
}

function missingOnPurpose(tool: ToolName): boolean {
  return (process.env.SESSION_DOCTOR_MISSING_ON_PURPOSE ?? '')
    .split(',')
    .map((s) => s.trim())
    .includes(tool);
}

/**
 * Call first in a test (or a `before` hook) that runs `tools`: returns when all are there, skips
 * (saying so) when one is missing on purpose, and fails otherwise.
 */
export function requireTools(ctx: Mocha.Context, ...tools: ToolName[]): void {
  for (const tool of tools) {
    const why = toolMissing(tool);
    if (why === undefined) continue;
    if (!missingOnPurpose(tool)) throw new Error(`${why}. Run scripts/setup.sh; to skip on purpose, set SESSION_DOCTOR_MISSING_ON_PURPOSE=${tool}`);
    const test = ctx.currentTest ?? ctx.test;
    if (test) test.title += ` (skipped on purpose: SESSION_DOCTOR_MISSING_ON_PURPOSE names ${tool}; ${why})`;
    ctx.skip();
  }
}

/**
 * For an extra cross-check inside a test that does not need the tool otherwise: true when it is
 * there, false when it is missing on purpose, and a failure when it is missing by accident.
 */
export function hasTool(tool: ToolName): boolean {
  const why = toolMissing(tool);
  if (why === undefined) return true;
  if (missingOnPurpose(tool)) return false;
  throw new Error(`${why}. Run scripts/setup.sh; to skip on purpose, set SESSION_DOCTOR_MISSING_ON_PURPOSE=${tool}`);
}
