/**
 * Quoting for display and terminals, checked against a real POSIX shell: whatever an argument holds,
 * `sh -c` receives it back as one literal argument and runs nothing of it.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { commandLine, displayCommands, quoteArg } from '../../../../src/core/report/shellQuote';
import { fuzzRuns, fuzzTimeout } from '../../../support/fuzzRuns';

describe('shell quoting', () => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'sd-quote-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  /** What `sh` passes to a program for this command line (one argument per line, NUL-free). */
  function shArgs(line: string): string[] {
    const out = execFileSync('/bin/sh', ['-c', `cd ${quoteArg(tmp)} && printf '%s\\0' ${line}`], { encoding: 'utf8' });
    return out.split('\0').slice(0, -1);
  }

  const nasty = ["it's", '"q"', '$(touch pwned1)', '`touch pwned2`', 'a b', '', '*', '~', '$HOME', 'x;touch pwned3', 'line\nbreak', '\\', '!'];
  for (const arg of nasty) {
    it(`passes ${JSON.stringify(arg)} through literally`, () => {
      assert.deepEqual(shArgs(quoteArg(arg)), [arg]);
    });
  }

  it('never runs anything, for random arguments (property)', function () {
    // 200 real shells: seconds on a quiet machine, more when the other tiers run beside it.
    this.timeout(fuzzTimeout(90000));
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ unit: 'binary' }).map((s) => s.replace(/\0/g, '')),
          { minLength: 1, maxLength: 4 },
        ),
        (args) => {
          assert.deepEqual(shArgs(commandLine(args)), args);
        },
      ),
      { numRuns: fuzzRuns(200) },
    );
    assert.equal(['pwned1', 'pwned2', 'pwned3'].filter((f) => existsSync(path.join(tmp, f))).length, 0);
  });

  it('leaves plain words unquoted', () => {
    assert.equal(commandLine(['npx', 'prisma', 'migrate', 'deploy', '--schema', 'db/app.prisma']), 'npx prisma migrate deploy --schema db/app.prisma');
  });

  it('says which folder a command runs in when it is not the root (monorepo)', () => {
    const root = '/work/repo';
    const cmds = [
      { argv: ['php', 'artisan', 'make:session-table'], cwd: '/work/repo/apps/my api' },
      { argv: ['php', 'artisan', 'migrate'], cwd: '/work/repo/apps/my api' },
    ];
    assert.equal(displayCommands(cmds, 'posix', root), "cd 'apps/my api' && php artisan make:session-table && php artisan migrate");
    assert.equal(displayCommands(cmds, 'posix', '/work/repo/apps/my api'), 'php artisan make:session-table && php artisan migrate');
    assert.equal(displayCommands(cmds), 'php artisan make:session-table && php artisan migrate');
    assert.equal(displayCommands([{ argv: ['ls'], cwd: '/elsewhere' }], 'posix', root), 'cd /elsewhere && ls');
  });

  it('PowerShell: single quotes doubled', () => {
    assert.equal(quoteArg("it's $(x)", 'powershell'), "'it''s $(x)'");
  });
});
