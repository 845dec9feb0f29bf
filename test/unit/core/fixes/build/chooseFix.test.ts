/**
 * Choosing a fix by what the user asked (the CLI's fix flags, the MCP tool's fixId), on plain
 * Problem objects: ranked fixes in, one choice out.
 */
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { chooseFix, CREATE_TABLE_FIX_IDS, driverFixId, FixChoice, FixSelection } from '../../../../../src/core/fixes/build/chooseFix';
import type { Fix, Problem } from '../../../../../src/core/model';

function fix(id: string, destructive = false): Fix {
  return { id, kind: 'run-command', title: { id }, destructive, requiresTrust: true, commands: [] };
}

function problem(...fixes: Fix[]): Problem {
  return { code: 'x.sessionTableMissing', severity: 'error', message: { id: 'x' }, app: '/w', fixes };
}

/** The id chosen, `-` for none, `refused:<id>` for a destructive fix not allowed. */
function outcome(c: FixChoice): string {
  return c.kind === 'none' ? '-' : c.kind === 'refused' ? `refused:${c.fix.id}` : c.fix.id;
}

const laravel = problem(
  fix('laravel.driver.cookie'),
  fix('laravel.driver.file'),
  fix('laravel.driver.cookie.withExample'),
  fix('laravel.createTable'),
  fix('laravel.makeSessionTable'),
);
const prismaResetFirst = problem(fix('prisma.migrateReset', true), fix('prisma.migrateDeploy'), fix('prisma.createTableBaseline'));
const onlyDestructive = problem(fix('prisma.migrateReset', true));
const adviceFirst = problem({ ...fix('prisma.regenerateMigrations'), manual: true }, fix('prisma.generate'));

describe('chooseFix', () => {
  const cases: Array<[string, Problem, FixSelection, string]> = [
    ['nothing asked: the best-ranked fix', laravel, {}, 'laravel.driver.cookie'],
    ['nothing asked: the best fix that deletes nothing, even below a destructive one', prismaResetFirst, {}, 'prisma.migrateDeploy'],
    ['nothing asked and only a destructive fix: none', onlyDestructive, {}, '-'],
    ['nothing asked, destructive allowed: still never chosen by default', onlyDestructive, { allowDestructive: true }, '-'],
    ['--session-driver file', laravel, { sessionDriver: 'file' }, 'laravel.driver.file'],
    ['--session-driver cookie --env-example', laravel, { sessionDriver: 'cookie', envExample: true }, 'laravel.driver.cookie.withExample'],
    ['--session-driver file --env-example, not offered: none', laravel, { sessionDriver: 'file', envExample: true }, '-'],
    ['--session-driver on a Prisma problem: none', prismaResetFirst, { sessionDriver: 'cookie' }, '-'],
    ['--create-table (Laravel): the SQL fix, not the artisan commands', laravel, { createTable: true }, 'laravel.createTable'],
    ['--create-table (Prisma)', prismaResetFirst, { createTable: true }, 'prisma.createTableBaseline'],
    ['--create-table, no such fix: none', onlyDestructive, { createTable: true }, '-'],
    ['--fix by id', laravel, { fixId: 'laravel.makeSessionTable' }, 'laravel.makeSessionTable'],
    ['--fix wins over the other flags', laravel, { fixId: 'laravel.driver.file', sessionDriver: 'cookie', createTable: true }, 'laravel.driver.file'],
    ['--fix with an id not offered: none', laravel, { fixId: 'prisma.createTable' }, '-'],
    ['an empty id is an id (the MCP tool): none, not the best fix', laravel, { fixId: '' }, '-'],
    ['a destructive fix by id, not allowed: refused', prismaResetFirst, { fixId: 'prisma.migrateReset' }, 'refused:prisma.migrateReset'],
    ['a destructive fix by id, allowed', prismaResetFirst, { fixId: 'prisma.migrateReset', allowDestructive: true }, 'prisma.migrateReset'],
    ['a problem without fixes: none', problem(), {}, '-'],
    ['nothing asked: advice (manual) is never the best fix', adviceFirst, {}, 'prisma.generate'],
    ['advice only: none', problem({ ...fix('prisma.regenerateMigrations'), manual: true }), {}, '-'],
    ['advice by id', adviceFirst, { fixId: 'prisma.regenerateMigrations' }, 'prisma.regenerateMigrations'],
  ];
  for (const [name, p, selection, want] of cases) it(name, () => assert.equal(outcome(chooseFix(p, selection)), want));

  it('driverFixId names the Laravel driver fixes', () => {
    assert.deepEqual([driverFixId('cookie'), driverFixId('file', true)], ['laravel.driver.cookie', 'laravel.driver.file.withExample']);
  });
});

describe('CREATE_TABLE_FIX_IDS', () => {
  /** Every string literal in the stacks' sources: the ids are written there. */
  function literals(dir: string): Set<string> {
    const out = new Set<string>();
    for (const n of readdirSync(dir)) {
      const p = path.join(dir, n);
      if (statSync(p).isDirectory()) for (const l of literals(p)) out.add(l);
      else if (p.endsWith('.ts')) for (const m of readFileSync(p, 'utf8').matchAll(/'([a-z][A-Za-z]*\.[A-Za-z.]+)'/g)) out.add(m[1]);
    }
    return out;
  }

  it('names fixes a stack builds (a renamed fix fails here, not silently in `fix --create-table`)', () => {
    const ids = literals(path.join(__dirname, '..', '..', '..', '..', '..', 'src', 'core', 'stacks'));
    assert.deepEqual(
      CREATE_TABLE_FIX_IDS.filter((id) => !ids.has(id)),
      [],
    );
  });
});
