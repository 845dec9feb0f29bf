/**
 * The framework's own defaults for the settings we read, written as the PHP Laravel ships
 * (vendor/laravel/framework/config/*.php in 11+, the skeleton's config files up to 10), so they
 * go through the same reader as an app's config files. Used when an app's config file or key is
 * missing: from Laravel 11 the app's config files are optional and merged over these.
 */
import { parsePhpReturn, type PhpNode } from './phpArrayText';

const SESSION_11 = `<?php return [
  'driver' => env('SESSION_DRIVER', 'database'),
  'connection' => env('SESSION_CONNECTION'),
  'table' => env('SESSION_TABLE', 'sessions'),
  'encrypt' => env('SESSION_ENCRYPT', false),
];`;

const SESSION_10 = `<?php return [
  'driver' => env('SESSION_DRIVER', 'file'),
  'connection' => env('SESSION_CONNECTION'),
  'table' => 'sessions',
  'encrypt' => false,
];`;

const DATABASE_11 = `<?php return [
  'default' => env('DB_CONNECTION', 'sqlite'),
  'connections' => [
    'sqlite' => ['driver' => 'sqlite', 'url' => env('DB_URL'), 'database' => env('DB_DATABASE', database_path('database.sqlite')), 'prefix' => ''],
    'mysql' => ['driver' => 'mysql', 'url' => env('DB_URL'), 'host' => env('DB_HOST', '127.0.0.1'), 'port' => env('DB_PORT', '3306'),
      'database' => env('DB_DATABASE', 'laravel'), 'username' => env('DB_USERNAME', 'root'), 'password' => env('DB_PASSWORD', ''),
      'charset' => env('DB_CHARSET', 'utf8mb4'), 'collation' => env('DB_COLLATION', 'utf8mb4_unicode_ci'), 'prefix' => ''],
    'mariadb' => ['driver' => 'mariadb', 'url' => env('DB_URL'), 'host' => env('DB_HOST', '127.0.0.1'), 'port' => env('DB_PORT', '3306'),
      'database' => env('DB_DATABASE', 'laravel'), 'username' => env('DB_USERNAME', 'root'), 'password' => env('DB_PASSWORD', ''),
      'charset' => env('DB_CHARSET', 'utf8mb4'), 'collation' => env('DB_COLLATION', 'utf8mb4_unicode_ci'), 'prefix' => ''],
    'pgsql' => ['driver' => 'pgsql', 'url' => env('DB_URL'), 'host' => env('DB_HOST', '127.0.0.1'), 'port' => env('DB_PORT', '5432'),
      'database' => env('DB_DATABASE', 'laravel'), 'username' => env('DB_USERNAME', 'root'), 'password' => env('DB_PASSWORD', ''),
      'charset' => env('DB_CHARSET', 'utf8'), 'prefix' => ''],
    'sqlsrv' => ['driver' => 'sqlsrv', 'url' => env('DB_URL'), 'host' => env('DB_HOST', 'localhost'), 'port' => env('DB_PORT', '1433'),
      'database' => env('DB_DATABASE', 'laravel'), 'username' => env('DB_USERNAME', 'root'), 'password' => env('DB_PASSWORD', ''), 'prefix' => ''],
  ],
];`;

const DATABASE_10 = `<?php return [
  'default' => env('DB_CONNECTION', 'mysql'),
  'connections' => [
    'sqlite' => ['driver' => 'sqlite', 'url' => env('DATABASE_URL'), 'database' => env('DB_DATABASE', database_path('database.sqlite')), 'prefix' => ''],
    'mysql' => ['driver' => 'mysql', 'url' => env('DATABASE_URL'), 'host' => env('DB_HOST', '127.0.0.1'), 'port' => env('DB_PORT', '3306'),
      'database' => env('DB_DATABASE', 'forge'), 'username' => env('DB_USERNAME', 'forge'), 'password' => env('DB_PASSWORD', ''),
      'charset' => 'utf8mb4', 'collation' => 'utf8mb4_unicode_ci', 'prefix' => ''],
    'pgsql' => ['driver' => 'pgsql', 'url' => env('DATABASE_URL'), 'host' => env('DB_HOST', '127.0.0.1'), 'port' => env('DB_PORT', '5432'),
      'database' => env('DB_DATABASE', 'forge'), 'username' => env('DB_USERNAME', 'forge'), 'password' => env('DB_PASSWORD', ''),
      'charset' => 'utf8', 'prefix' => ''],
  ],
];`;

const APP = `<?php return ['key' => env('APP_KEY')];`;

function parsed(text: string): PhpNode {
  const r = parsePhpReturn(text);
  if ('error' in r) throw new Error(`built-in Laravel defaults do not parse: ${r.error}`);
  return r.value;
}

/** The framework default config array for `name`, by major version (unknown: the current one). */
export function frameworkConfig(name: 'session' | 'database' | 'app', majorVersion: number | undefined): PhpNode {
  const old = majorVersion !== undefined && majorVersion <= 10;
  if (name === 'app') return parsed(APP);
  if (name === 'session') return parsed(old ? SESSION_10 : SESSION_11);
  return parsed(old ? DATABASE_10 : DATABASE_11);
}
