<?php
// Test oracle: loads each .env text with the real phpdotenv (Debian's php-vlucas-phpdotenv) the
// way Laravel does (immutable repository) and prints what it loaded, or its error.
// stdin: JSON array of base64 texts. stdout: JSON array of {ok, vars} | {ok:false, error}.
require '/usr/share/php/Dotenv/autoload.php';

$inputs = json_decode(stream_get_contents(STDIN), true);
$dir = sys_get_temp_dir() . '/phpdotenv-oracle-' . getmypid();
@mkdir($dir);
$out = [];
foreach ($inputs as $b64) {
    file_put_contents("$dir/.env", base64_decode($b64));
    $repo = Dotenv\Repository\RepositoryBuilder::createWithNoAdapters()
        ->addAdapter(Dotenv\Repository\Adapter\ArrayAdapter::class)->immutable()->make();
    try {
        $loaded = Dotenv\Dotenv::create($repo, $dir)->load();
        $vars = new stdClass();
        foreach (array_keys($loaded) as $name) {
            $vars->$name = $repo->get($name);
        }
        $out[] = ['ok' => true, 'vars' => $vars];
    } catch (Throwable $e) {
        $out[] = ['ok' => false, 'error' => get_class($e)];
    }
}
@unlink("$dir/.env");
@rmdir($dir);
echo json_encode($out);
