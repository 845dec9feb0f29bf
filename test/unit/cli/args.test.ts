/** The CLI's one argument reader, as every command (scan included) uses it. */
import * as assert from 'node:assert/strict';
import { ArgSpec, listFlag, parseArgs } from '../../../src/cli/args';
import { UsageError } from '../../../src/cli/io';

const FIX: ArgSpec = { valued: ['fix', 'database'], boolean: ['yes', 'dry-run'] };
const SCAN: ArgSpec = {
  valued: ['table'],
  boolean: ['json', 'help'],
  repeatable: ['table'],
  valueNames: { table: 'a table name' },
  short: { h: 'help' },
  quoteUnknown: true,
};

function parse(args: string[], spec: ArgSpec): unknown {
  const p = parseArgs(args, spec);
  return { positional: p.positional, flags: Object.fromEntries(p.flags), tables: listFlag(p, 'table') };
}

function usage(args: string[], spec: ArgSpec): string {
  try {
    parseArgs(args, spec);
  } catch (e) {
    assert.ok(e instanceof UsageError, String(e));
    return e.message;
  }
  return assert.fail(`no usage error for ${JSON.stringify(args)}`);
}

describe('parseArgs', () => {
  it('reads --name value, --name=value, booleans and positionals in any order', () => {
    assert.deepEqual(parse(['app', '--fix', 'laravel.driver.cookie', '--yes', '--database=dev.db'], FIX), {
      positional: ['app'],
      flags: { fix: 'laravel.driver.cookie', yes: true, database: 'dev.db' },
      tables: [],
    });
  });

  it('-- ends the options; - is a positional (stdin)', () => {
    assert.deepEqual(parse(['-', '--', '--json', '-h'], SCAN), { positional: ['-', '--json', '-h'], flags: {}, tables: [] });
  });

  it('keeps every value of a repeatable option, in order', () => {
    assert.deepEqual(parse(['--table', 'a', 'x.log', '--table=b', '--json'], SCAN), {
      positional: ['x.log'],
      flags: { table: 'b', json: true },
      tables: ['a', 'b'],
    });
  });

  it('-h is --help where a command has short options; elsewhere -x is a positional', () => {
    assert.deepEqual(parse(['-h'], SCAN), { positional: [], flags: { help: true }, tables: [] });
    assert.deepEqual(parse(['-x'], FIX), { positional: ['-x'], flags: {}, tables: [] });
  });

  it('an empty value is kept, unless the option names what its value is', () => {
    assert.deepEqual(parse(['--fix='], FIX), { positional: [], flags: { fix: '' }, tables: [] });
    assert.equal(usage(['--table='], SCAN), '--table needs a table name');
    assert.equal(usage(['--table', ''], SCAN), '--table needs a table name');
  });

  const errors: Array<[string, string[], ArgSpec, string]> = [
    ['unknown option (fix, check, sql, mcp)', ['--jsn'], FIX, 'unknown option --jsn'],
    ['unknown option with a value', ['--jsn=1'], FIX, 'unknown option --jsn'],
    ['unknown option (scan: quoted, as typed)', ['--jsn'], SCAN, "unknown option '--jsn'"],
    ['unknown option with a value (scan)', ['--jsn=1'], SCAN, "unknown option '--jsn=1'"],
    ['unknown short option (scan)', ['-x'], SCAN, "unknown option '-x'"],
    ['a missing value', ['--fix'], FIX, '--fix needs a value'],
    ['a missing table name', ['--table'], SCAN, '--table needs a table name'],
    ['a value for a boolean', ['--yes=1'], FIX, '--yes takes no value'],
  ];
  for (const [name, args, spec, message] of errors) it(`usage error: ${name}`, () => assert.equal(usage(args, spec), message));
});
