/**
 * `npm run bench` runs every benchmark, each in its own process, then prints the markdown table of
 * bench/results/*.json (also written to bench/results/latest.md) with the machine it ran on.
 * `npm run bench -- answer scheduler` runs only those. Benchmarks: answer (1, and 5: memory), fanout (3),
 * scheduler (4), results (2), csv (6: the CSV import's event-loop stalls), release (7), one-on-ones (8), kpis (9), monday (10: team page, HR overview, weekly digest).
 * Each run is bounded in time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnTs } from './lib/processes';
import { markdownTable, readResult, RESULTS_DIR, type BenchResult } from './lib/report';

/** Benchmark → its script, the result files it writes, and a time bound. */
const BENCHMARKS: Record<string, { script: string; writes: string[]; timeoutMs: number }> = {
  answer: { script: 'answer.bench.ts', writes: ['answer', 'memory'], timeoutMs: 6 * 60_000 },
  fanout: { script: 'fanout.bench.ts', writes: ['fanout'], timeoutMs: 4 * 60_000 },
  scheduler: { script: 'scheduler.bench.ts', writes: ['scheduler'], timeoutMs: 2 * 60_000 },
  results: { script: 'results.bench.ts', writes: ['results'], timeoutMs: 6 * 60_000 },
  csv: { script: 'csv-import.bench.ts', writes: ['csv'], timeoutMs: 3 * 60_000 },
  release: { script: 'release.bench.ts', writes: ['release'], timeoutMs: 4 * 60_000 },
  'one-on-ones': { script: 'one-on-ones.bench.ts', writes: ['one-on-ones'], timeoutMs: 8 * 60_000 },
  kpis: { script: 'kpis.bench.ts', writes: ['kpis'], timeoutMs: 15 * 60_000 },
  monday: { script: 'monday.bench.ts', writes: ['monday'], timeoutMs: 20 * 60_000 },
};
const ORDER = ['answer', 'fanout', 'scheduler', 'results', 'csv', 'release', 'one-on-ones', 'kpis', 'monday'];

async function runOne(name: string): Promise<boolean> {
  const bench = BENCHMARKS[name];
  if (!fs.existsSync(path.join(__dirname, bench.script))) {
    console.log(`\n${name}: ${bench.script} is not there yet; skipped`);
    return false;
  }
  console.log(`\n=== ${name} ===`);
  const child = spawnTs(path.join(__dirname, bench.script), []);
  child.stdout?.pipe(process.stdout);
  child.stderr?.pipe(process.stderr);
  const timer = setTimeout(() => {
    console.error(`${name}: still running after ${bench.timeoutMs / 1000} s; stopped`);
    child.kill('SIGKILL');
  }, bench.timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  if (code !== 0) console.error(`${name}: failed (exit ${code})`);
  return code === 0;
}

async function main(): Promise<void> {
  const asked = process.argv.slice(2);
  const unknown = asked.filter((n) => !BENCHMARKS[n]);
  if (unknown.length) throw new Error(`unknown benchmark(s): ${unknown.join(', ')}; choose from ${ORDER.join(', ')}`);
  const names = asked.length ? ORDER.filter((n) => asked.includes(n)) : ORDER;
  const started = Date.now();
  const failed: string[] = [];
  for (const name of names) if (!(await runOne(name))) failed.push(name);
  // The table shows the latest result of every benchmark, including those not run this time.
  const results = ORDER.flatMap((n) => BENCHMARKS[n].writes).map(readResult).filter((r): r is BenchResult => r !== null);
  const table = markdownTable(results);
  fs.writeFileSync(path.join(RESULTS_DIR, 'latest.md'), table);
  console.log(`\n${table}`);
  console.log(`npm run bench: ${Math.round((Date.now() - started) / 1000)} s${failed.length ? `; failed or skipped: ${failed.join(', ')}` : ''}`);
  if (failed.length) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
