/**
 * Fuzzing the schema reader with damaged real databases: flipped bytes, truncations and damaged
 * -wal files. Every input must give a result (never a throw or hang) within a time bound, and
 * whenever both our reader and the sqlite3 CLI list a schema they must agree.
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { readSqliteSchema, type SchemaReadResult } from '../../../../src/core/read/sqlite/schemaReader';
import { cliSchema, generateDb, makeTempDir } from '../../../support/sqliteCli';
import { fuzzRuns, fuzzTimeout } from '../../../support/fuzzRuns';

const PER_INPUT_LIMIT_MS = 2000;

async function boundedRead(path: string): Promise<{ r: SchemaReadResult; ms: number }> {
  const t0 = performance.now();
  const r = await readSqliteSchema(path);
  return { r, ms: performance.now() - t0 };
}

function checkShape(r: SchemaReadResult): void {
  assert.ok(r.status === 'ok' || r.status === 'unknown' || r.status === 'error', JSON.stringify(r));
  if (r.status !== 'ok') assert.equal(typeof r.reason, 'string');
}

describe('readSqliteSchema fuzzing (fast-check)', function () {
  this.timeout(fuzzTimeout(300000));
  const tmp = makeTempDir('fuzz');
  after(() => tmp.cleanup());
  const seeds: { label: string; bytes: Buffer }[] = [];
  let tried = 0;
  let agreedWithCli = 0;

  before(() => {
    const specs = [
      { label: '512-byte pages, interior + overflow', o: { tables: 40, pageSize: 512, longSqlBytes: 3000 } },
      { label: '4096-byte pages', o: { tables: 10, pageSize: 4096, longSqlBytes: 9000 } },
      { label: 'UTF-16le, reserved bytes', o: { tables: 20, pageSize: 1024, encoding: 'UTF-16le' as const, reserveBytes: 20, longSqlBytes: 2000 } },
    ];
    for (const [i, s] of specs.entries()) {
      const p = join(tmp.dir, `seed${i}.db`);
      generateDb(p, s.o);
      seeds.push({ label: s.label, bytes: readFileSync(p) });
    }
  });

  after(() => {
    console.log(`      fuzz inputs tried: ${tried}; agreed with the sqlite3 CLI where both listed a schema: ${agreedWithCli}`);
  });

  it('flipped bytes (biased to the schema pages) never throw or hang; agree with the CLI when both succeed', async () => {
    const target = join(tmp.dir, 'flip.db');
    let cliChecks = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: seeds.length - 1 }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        async (seedIdx, flips, checkCli) => {
          const bytes = Buffer.from(seeds[seedIdx].bytes);
          for (const [pos, xor] of flips) {
            // Most flips land in the first 8 KB (header, page 1 and the schema pages); some anywhere.
            const span = pos < 0.8 ? Math.min(bytes.length, 8192) : bytes.length;
            const at = Math.floor((pos < 0.8 ? pos / 0.8 : (pos - 0.8) / 0.2) * span) % bytes.length;
            bytes[at] ^= xor;
          }
          writeFileSync(target, bytes);
          const { r, ms } = await boundedRead(target);
          tried++;
          checkShape(r);
          assert.ok(ms < PER_INPUT_LIMIT_MS, `took ${ms} ms`);
          if (checkCli && r.status === 'ok' && cliChecks < 400) {
            cliChecks++;
            let cli;
            try {
              cli = cliSchema(target);
            } catch {
              return; // the CLI refuses the damaged file; our answer is about the schema pages only
            }
            assert.deepEqual(r.entries, cli);
            agreedWithCli++;
          }
        },
      ),
      { numRuns: fuzzRuns(3000), seed: 20261122 },
    );
  });

  it('truncations at any length never throw or hang', async () => {
    const target = join(tmp.dir, 'trunc.db');
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: seeds.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), async (seedIdx, frac) => {
        const src = seeds[seedIdx].bytes;
        writeFileSync(target, src.subarray(0, Math.floor(frac * src.length)));
        const { r, ms } = await boundedRead(target);
        tried++;
        checkShape(r);
        assert.ok(ms < PER_INPUT_LIMIT_MS);
        const len = Math.floor(frac * src.length);
        if (len > 0 && len < src.length) assert.notEqual(r.status, 'ok', 'a truncated file cannot be read as whole');
      }),
      { numRuns: fuzzRuns(600), seed: 7 },
    );
  });

  it('damaged -wal files never throw or hang, and never give an answer the CLI contradicts', async () => {
    const src = join(tmp.dir, 'walsrc.db');
    generateDb(src, { tables: 5, pageSize: 1024 });
    const conn = new Database(src);
    conn.pragma('journal_mode=WAL');
    conn.pragma('wal_autocheckpoint=0');
    for (let i = 0; i < 12; i++) conn.exec(`CREATE TABLE w${i} (a, b); INSERT INTO w${i} VALUES (${i}, randomblob(300));`);
    const main = readFileSync(src);
    const wal = readFileSync(`${src}-wal`);
    conn.close();
    const target = join(tmp.dir, 'walfuzz.db');
    let cliChecks = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 0, maxLength: 4 }),
        fc.option(fc.nat(), { nil: undefined }),
        async (flips, cut) => {
          let w = Buffer.from(wal);
          for (const [at, xor] of flips) w[at % w.length] ^= xor;
          if (cut !== undefined) w = w.subarray(0, cut % (w.length + 1));
          writeFileSync(target, main);
          writeFileSync(`${target}-wal`, w);
          rmSync(`${target}-shm`, { force: true });
          const { r, ms } = await boundedRead(target);
          tried++;
          checkShape(r);
          assert.ok(ms < PER_INPUT_LIMIT_MS);
          if (r.status === 'ok' && cliChecks < 150) {
            cliChecks++;
            let cli;
            try {
              cli = cliSchema(target); // the CLI runs WAL recovery on this copy
            } catch {
              return;
            }
            assert.deepEqual(r.entries, cli);
            agreedWithCli++;
          }
        },
      ),
      { numRuns: fuzzRuns(500), seed: 99 },
    );
  });
});
