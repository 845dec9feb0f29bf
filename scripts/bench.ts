/**
 * `npm run bench`: every benchmark in one run, so the ratios compare figures taken under the same
 * machine load. Prints a Markdown summary (the source of BENCHMARKS.md) and writes
 * test-artifacts/bench-results.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { benchApply } from './bench/apply';
import { benchActivation } from './bench/activation';
import { benchHealthCheck } from './bench/healthCheck';
import { benchScan, benchScanProcess } from './bench/scan';

const ROOT = path.join(__dirname, '..');

function bundleSizes(): Record<string, number> {
  execFileSync(process.execPath, ['esbuild.js', '--production'], { cwd: ROOT, stdio: 'ignore' });
  const kb = (f: string) => Math.round((statSync(path.join(ROOT, 'dist', f)).size / 1024) * 10) / 10;
  return {
    extensionKB: kb('extension.js'),
    cliKB: kb('cli.js'),
    prismaAstKB: kb('prisma-ast.js'),
    livePgKB: kb('live-pg.js'),
    liveMysqlKB: kb('live-mysql.js'),
    wasmKB: kb('sql-wasm.wasm'),
  };
}

function table(rows: object[]): string {
  if (rows.length === 0) return '(no rows)';
  const cols = Object.keys(rows[0]);
  const fmt = (v: unknown) => (typeof v === 'number' ? String(Math.round(v * 1000) / 1000) : String(v));
  return [
    `| ${cols.join(' | ')} |`,
    `|${cols.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${cols.map((c) => fmt((r as Record<string, unknown>)[c])).join(' | ')} |`),
  ].join('\n');
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const want = (name: string) => only.length === 0 || only.includes(name);
  const results: Record<string, unknown> = { date: new Date().toISOString(), node: process.version, cpus: os.cpus().length, loadavg: os.loadavg() };
  const out: string[] = [`# Benchmarks (${results.date}, Node ${process.version}, load ${(results.loadavg as number[]).map((x) => x.toFixed(1)).join(' ')})`];

  if (want('bundle')) {
    const b = bundleSizes();
    results.bundle = b;
    out.push(
      '',
      '## Bundle (production build)',
      '',
      table([b]),
      '',
      `Goal: extension JS loaded at activation <= 250 KB -> ${b.extensionKB <= 250 ? 'met' : 'MISSED'}`,
    );
  }
  if (want('scan')) {
    const s = await benchScan();
    const p = await benchScanProcess();
    results.scan = { ...s, process: p.rows };
    const goal = p.rows.find((r) => r.sizeMB === 512);
    out.push(
      '',
      '## Scan throughput and memory',
      '',
      table(s.rows),
      '',
      '### Whole process: `node dist/cli.js scan FILE` against `grep -cE` in the same run',
      '',
      table(p.rows),
    );
    if (goal)
      out.push(
        '',
        `Goal at 512 MB: >= 1,000 MB/s -> ${goal.cliMBps >= 1000 ? 'met' : 'MISSED'} (${goal.cliMBps} MB/s); within 5x of grep -cE -> ${goal.ratioToGrep <= 5 ? 'met' : 'MISSED'} (${goal.ratioToGrep}x)`,
      );
  }
  if (want('health')) {
    const h = await benchHealthCheck();
    results.health = h;
    out.push('', '## SQLite health check', '', table(h.rows), '', 'Ratios:', '', table([h.ratios]));
  }
  if (want('apply')) {
    const a = await benchApply();
    results.apply = a;
    out.push('', '## Locked apply', '', table(a.rows), '', 'Ratios:', '', table(a.ratios));
  }
  if (want('activation')) {
    const act = await benchActivation();
    results.activation = act;
    out.push(
      '',
      '## Activation in a real VS Code (code-server 4.100.3)',
      '',
      table(act.rows),
      '',
      `Goal: <= 30 ms -> ${act.medianMs <= 30 ? 'met' : 'MISSED'} (median ${act.medianMs} ms)`,
    );
  }
  mkdirSync(path.join(ROOT, 'test-artifacts'), { recursive: true });
  writeFileSync(path.join(ROOT, 'test-artifacts', 'bench-results.json'), JSON.stringify(results, null, 2));
  console.log(out.join('\n'));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
