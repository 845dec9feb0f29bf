<?php
// Test oracle: evaluates an app's real config/session.php and config/database.php with PHP, after
// loading its .env with the real phpdotenv into an immutable repository, and with env() doing
// what Laravel's Env::get does. Framework helpers those files call are stubbed.
// stdin: JSON array of app dirs. stdout: JSON array of resolved settings, or {error}.
namespace Illuminate\Support {
    class Str
    {
        public static function slug($title, $separator = '-')
        {
            return strtolower(trim(preg_replace('/[^A-Za-z0-9]+/', $separator, (string) $title), $separator));
        }
    }
}

namespace {
    require '/usr/share/php/Dotenv/autoload.php';

    use Dotenv\Dotenv;
    use Dotenv\Repository\Adapter\ArrayAdapter;
    use Dotenv\Repository\RepositoryBuilder;

    $GLOBALS['repo'] = null;
    $GLOBALS['base'] = '';

    function env($key, $default = null)
    {
        $value = $GLOBALS['repo']->get($key);
        if ($value === null) {
            return $default instanceof Closure ? $default() : $default;
        }
        switch (strtolower($value)) {
            case 'true': case '(true)': return true;
            case 'false': case '(false)': return false;
            case 'empty': case '(empty)': return '';
            case 'null': case '(null)': return null;
        }
        if (preg_match('/\A([\'"])(.*)\1\z/', $value, $m)) {
            return $m[2];
        }
        return $value;
    }
    function base_path($p = '') { return $GLOBALS['base'] . ($p !== '' ? '/' . $p : ''); }
    function database_path($p = '') { return base_path('database' . ($p !== '' ? '/' . $p : '')); }
    function storage_path($p = '') { return base_path('storage' . ($p !== '' ? '/' . $p : '')); }

    $out = [];
    foreach (json_decode(stream_get_contents(STDIN), true) as $dir) {
        $GLOBALS['base'] = $dir;
        $GLOBALS['repo'] = RepositoryBuilder::createWithNoAdapters()->addAdapter(ArrayAdapter::class)->immutable()->make();
        try {
            if (file_exists("$dir/.env")) {
                Dotenv::create($GLOBALS['repo'], $dir)->load();
            }
            $session = require "$dir/config/session.php";
            $database = require "$dir/config/database.php";
            $name = $session['connection'] ?: $database['default'];
            $out[] = [
                'driver' => $session['driver'], 'table' => $session['table'], 'connection' => $session['connection'],
                'encrypt' => $session['encrypt'], 'name' => $name, 'conn' => $database['connections'][$name] ?? null,
            ];
        } catch (Throwable $e) {
            $out[] = ['error' => get_class($e)];
        }
    }
    echo json_encode($out);
}
