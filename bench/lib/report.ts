/** Benchmark results: one JSON file per benchmark in bench/results, and the markdown table of them all. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const RESULTS_DIR = path.resolve(__dirname, '../results');

export interface Machine {
  cores: number;
  cpu: string;
  node: string;
  platform: string;
  memoryGb: number;
}

export function machine(): Machine {
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
  };
}

/** One measured figure, next to the baseline measured in the same run. */
export interface Figure {
  measure: string;
  unit: string;
  value: number;
  baseline?: number;
  /** value ÷ baseline (for times, above 1 means slower than the baseline). */
  ratio?: number;
  target?: string;
  met?: boolean;
}

export interface BenchResult {
  name: string;
  title: string;
  ranAt: string;
  seconds: number;
  machine: Machine;
  figures: Figure[];
  notes: string[];
}

export function ratio(value: number, baseline: number): number {
  return baseline === 0 ? 0 : Math.round((value / baseline) * 100) / 100;
}

/** Prints the figures of `result` and writes bench/results/<name>.json. */
export function saveResult(result: BenchResult): void {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, `${result.name}.json`), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\n${result.title}`);
  for (const f of result.figures) {
    const base = f.baseline === undefined ? '' : `  baseline ${f.baseline} ${f.unit}  ratio ${f.ratio}`;
    const target = f.target ? `  target ${f.target}: ${f.met ? 'met' : 'MISSED'}` : '';
    console.log(`  ${f.measure}: ${f.value} ${f.unit}${base}${target}`);
  }
  for (const n of result.notes) console.log(`  note: ${n}`);
}

export function readResult(name: string): BenchResult | null {
  const file = path.join(RESULTS_DIR, `${name}.json`);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as BenchResult) : null;
}

/** The markdown table of `results`, headed by the machine they ran on. */
export function markdownTable(results: BenchResult[]): string {
  const m = results[0]?.machine ?? machine();
  const lines = [
    `Machine: ${m.cores} cores, ${m.cpu}, ${m.memoryGb} GB, Node ${m.node}, ${m.platform}; load generator on the same machine (127.0.0.1).`,
    '',
    '| Benchmark | Measure | Pulse | Baseline | Ratio | Target | Met |',
    '|---|---|---:|---:|---:|---|---|',
  ];
  for (const r of results) {
    for (const f of r.figures) {
      lines.push(
        `| ${r.name} | ${f.measure} | ${f.value} ${f.unit} | ${f.baseline === undefined ? '–' : `${f.baseline} ${f.unit}`} | ${f.ratio ?? '–'} | ${f.target ?? '–'} | ${f.met === undefined ? '–' : f.met ? 'yes' : '**no**'} |`,
      );
    }
  }
  const notes = results.flatMap((r) => r.notes.map((n) => `- ${r.name}: ${n}`));
  if (notes.length) lines.push('', ...notes);
  const dates = results.map((r) => `${r.name} ${r.ranAt.slice(0, 16).replace('T', ' ')} UTC (${r.seconds} s)`);
  lines.push('', `Ran: ${dates.join('; ')}.`);
  return `${lines.join('\n')}\n`;
}
