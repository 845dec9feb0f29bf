import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fc from 'fast-check';
import { parsePhpReturn, phpArrayGet, phpLiteral, type PhpNode } from '../../../../src/core/stacks/laravel/phpArrayText';
import { fuzzRuns } from '../../../support/fuzzRuns';
import { requireTools } from '../../../support/requiredTools';

function parse(text: string): PhpNode {
  const r = parsePhpReturn(text);
  if ('error' in r) throw new Error(r.error);
  return r.value;
}

/** Real `var_export` output of `value` (given as PHP source), from the php CLI. */
function varExport(phpSource: string): string {
  const run = spawnSync('php', ['-r', `echo '<?php return ' . var_export(${phpSource}, true) . ';' . PHP_EOL;`], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

describe('PHP config text reader', () => {
  it('reads env() calls with and without defaults, casts, helpers and literals', () => {
    const text = `<?php
      use Illuminate\\Support\\Str;
      // a comment with 'quotes' and ] brackets
      return [
        'driver' => env('SESSION_DRIVER', 'database'), # trailing comment
        'lifetime' => (int) env('SESSION_LIFETIME', 120),
        'connection' => env("SESSION_CONNECTION"),
        'files' => storage_path('framework/sessions'),
        'cookie' => env('SESSION_COOKIE', Str::slug(env('APP_NAME', 'laravel'), '_').'_session'),
        'lottery' => [2, 100],
        'secure' => null, 'http_only' => true, 'neg' => -5,
        /* block */ 'x' => 'a' . "b\\n" . 'c\\'d',
      ];`;
    const node = parse(text);
    const driver = phpArrayGet(node, 'driver');
    assert.equal(driver?.kind, 'env');
    if (driver?.kind === 'env') {
      assert.equal(driver.name, 'SESSION_DRIVER');
      assert.equal(phpLiteral(driver.default), 'database');
      const line = text.split('\n')[driver.range.start.line];
      assert.equal(driver.range.start.line, driver.range.end.line);
      assert.equal(line.slice(driver.range.start.character, driver.range.end.character), "env('SESSION_DRIVER', 'database')");
    }
    const lifetime = phpArrayGet(node, 'lifetime');
    assert.ok(lifetime?.kind === 'env' && phpLiteral(lifetime.default) === 120);
    const conn = phpArrayGet(node, 'connection');
    assert.ok(conn?.kind === 'env' && conn.name === 'SESSION_CONNECTION' && conn.default === undefined);
    const files = phpArrayGet(node, 'files');
    assert.ok(files?.kind === 'call' && files.name === 'storage_path');
    assert.equal(phpArrayGet(node, 'cookie')?.kind, 'env');
    assert.deepEqual(phpLiteral(phpArrayGet(node, 'lottery')), [2, 100]);
    assert.equal(phpLiteral(phpArrayGet(node, 'secure')), null);
    assert.equal(phpLiteral(phpArrayGet(node, 'http_only')), true);
    assert.equal(phpLiteral(phpArrayGet(node, 'neg')), -5);
    assert.equal(phpLiteral(phpArrayGet(node, 'x')), "ab\nc'd");
  });

  it('keeps unknown expressions as `other` without losing the keys after them', () => {
    const node = parse(`<?php return [
      'options' => extension_loaded('pdo_mysql') ? array_filter([PDO::MYSQL_ATTR_SSL_CA => env('MYSQL_ATTR_SSL_CA')]) : [],
      'keys' => [...array_filter(explode(',', (string) env('APP_PREVIOUS_KEYS', '')))],
      'obj' => new Foo(1, 2), 'closure' => function () { return 1; },
      'after' => 'ok',
    ];`);
    assert.equal(phpArrayGet(node, 'options')?.kind, 'other');
    assert.equal(phpLiteral(phpArrayGet(node, 'after')), 'ok');
  });

  it('the last of duplicate keys wins, as in PHP; integer keys count up', () => {
    const node = parse(`<?php return ['a' => 1, 'a' => 2, 'x', 5 => 'five', 'six'];`);
    assert.equal(phpLiteral(phpArrayGet(node, 'a')), 2);
    assert.equal(phpLiteral(phpArrayGet(node, '0')), 'x');
    assert.equal(phpLiteral(phpArrayGet(node, '6')), 'six');
  });

  const MALFORMED: Array<[string, string]> = [
    ['no return', '<?php $x = 1;'],
    ['unclosed array', "<?php return ['a' => 1,"],
    ['unclosed string', "<?php return ['a' => 'b];"],
    ['unclosed comment', '<?php /* return [];'],
    ['missing comma', "<?php return ['a' => 1 'b' => 2];"],
    ['empty file', ''],
  ];
  for (const [name, text] of MALFORMED) {
    it(`malformed: ${name} gives a clear error`, () => {
      const r = parsePhpReturn(text);
      assert.ok('error' in r, JSON.stringify(r));
      assert.match(r.error, /^cannot read the PHP: /);
    });
  }

  it('deep nesting is refused, not a stack overflow', () => {
    const r = parsePhpReturn('<?php return ' + '['.repeat(100_000) + ']'.repeat(100_000) + ';');
    assert.ok('error' in r);
  });

  it('never throws on random text (2000 inputs)', () => {
    const unit = fc.constantFrom(
      '[',
      ']',
      '(',
      ')',
      "'",
      '"',
      '\\',
      ',',
      '=>',
      'env',
      'return',
      ' ',
      '\n',
      'a',
      '1',
      '.',
      '/*',
      '*/',
      '//',
      '#',
      '?',
      ':',
      '$x',
      'array',
      '<?php',
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 60 }), (text) => {
        const t0 = performance.now();
        parsePhpReturn(text);
        assert.ok(performance.now() - t0 < 1000);
      }),
      { numRuns: fuzzRuns(2000) },
    );
  });

  it('reads real var_export output from the php CLI, strings with quotes, NULL bytes and unicode included', function () {
    requireTools(this, 'php');
    const source = `['session' => ['driver' => 'database', 'lifetime' => 120, 'encrypt' => false, 'connection' => null, 'lottery' => [2, 100],
      'odd' => "it's a \\\\ back\\\\slash \\0 nul \\n newline é 😀", 'float' => 1.5, 'neg' => -3, 'empty' => []], 'list' => ['a', 'b']]`;
    const text = varExport(source);
    assert.match(text, /^<\?php return array \(/);
    const node = parse(text);
    assert.deepEqual(phpLiteral(node), {
      session: {
        driver: 'database',
        lifetime: 120,
        encrypt: false,
        connection: null,
        lottery: [2, 100],
        odd: "it's a \\ back\\slash \0 nul \n newline é 😀",
        float: 1.5,
        neg: -3,
        empty: [],
      },
      list: ['a', 'b'],
    });
  });
});
