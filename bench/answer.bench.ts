/**
 * Benchmark 1 (answering) and 5 (memory). The real app (`server/main.ts`, a child process) and a bare
 * node:http baseline (answer-baseline-server.ts, another child) both serve a freshly seeded database; a
 * separate load process (load.ts, autocannon) POSTs a 10-question answer through valid personal links, each
 * request a different unspent token, at 50 and 200 connections, on SQLite and PostgreSQL. Every run is then
 * checked against the database: exactly one stored response per 2xx answer. The app's peak RSS (VmHWM) is
 * read from /proc at the end. Env: BENCH_ANSWER_REQUESTS (per run, default 5000), BENCH_ANSWER_RUNS (default 3,
 * interleaved; each figure is the median over the runs), BENCH_CPU_PROF=1 to write
 * a CPU profile of the app child to bench/results/profiles.tmp.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import type { Provider } from '../server/db/providers';
import { createBenchDatabase, pgAvailable } from './lib/databases';
import { openRawSql } from './lib/raw-sql';
import { ANSWER_BODY, seedOrg, seedRound, seedSurvey } from './lib/seed';
import { freePort, peakRssMb, ROOT, runTsForJson, spawnTs, stopChild, waitForHttp } from './lib/processes';
import { machine, ratio, saveResult, RESULTS_DIR, type Figure } from './lib/report';

const PER_RUN = Number(process.env.BENCH_ANSWER_REQUESTS ?? 5000);
const WARMUP = 500;
/** Runs per server and connection count, interleaved; each figure is the median over the runs. */
const RUNS = Number(process.env.BENCH_ANSWER_RUNS ?? 3);
const CONNECTIONS = [50, 200];

interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

async function load(port: number, tokens: string[], connections: number): Promise<LoadResult> {
  const file = path.join(os.tmpdir(), `pulse-bench-tokens-${crypto.randomBytes(4).toString('hex')}.txt`);
  fs.writeFileSync(file, tokens.join('\n'));
  try {
    const opts = { url: `http://127.0.0.1:${port}`, tokensFile: file, connections, amount: tokens.length, body: ANSWER_BODY, maxSeconds: 120 };
    return await runTsForJson<LoadResult>(path.join(__dirname, 'load.ts'), [JSON.stringify(opts)], 150_000);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/**
 * Starts the app the way `npm start` does: the start script's build step, then its node command line, both read
 * from package.json so they cannot drift apart. The node command runs directly (no npm or shell in between) so
 * the child is the app process itself and its VmHWM is the app's.
 */
async function startApp(url: string): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const flags = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.join(RESULTS_DIR, 'profiles.tmp')}`] : [];
  const start = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const [buildStep, run] = start.split('&&').map((s) => s.trim());
  const [node, ...args] = run.split(/\s+/);
  if (node !== 'node' || !buildStep) throw new Error(`unexpected start script: ${start}`);
  execSync(buildStep, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, PATH: `${path.join(ROOT, 'node_modules', '.bin')}${path.delimiter}${process.env.PATH}` } });
  const child = spawn(process.execPath, [...flags, ...args], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: url,
      JOBS_ENABLED: 'false',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      BASE_URL: `http://127.0.0.1:${port}`,
      APP_SECRET: crypto.randomBytes(32).toString('hex'),
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, child);
  return { child, port };
}

async function startBaseline(url: string, commit: 'group' | 'single'): Promise<{ child: ChildProcess; port: number }> {
  const port = await freePort();
  const child = spawnTs(path.join(__dirname, 'answer-baseline-server.ts'), [], { DATABASE_URL: url, PORT: String(port), COMMIT: commit });
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, child);
  return { child, port };
}

async function benchProvider(provider: Provider, figures: Figure[], memory: Figure[], notes: string[]): Promise<void> {
  const db = await createBenchDatabase(provider, 'answer');
  let raw = await openRawSql(db.url);
  try {
    const seedStart = Date.now();
    const org = await seedOrg(raw, { people: PER_RUN + WARMUP, teams: 50, departments: 5 });
    const { surveyId } = await seedSurvey(raw);
    // On SQLite a second baseline commits each answer alone (the app and the main baseline group commits).
    const targets = provider === 'sqlite' ? (['app', 'baseline', 'single'] as const) : (['app', 'baseline'] as const);
    const rounds = new Map<string, Awaited<ReturnType<typeof seedRound>>>();
    for (const c of CONNECTIONS) for (let r = 0; r < RUNS; r++) for (const who of targets) rounds.set(`${who}:${c}:${r}`, await seedRound(raw, surveyId, org.people));
    notes.push(`${provider}: seeded ${org.people.length} people and ${rounds.size} rounds of ${org.people.length} invitations in ${Date.now() - seedStart} ms`);
    // The app migrates at start, and on SQLite the migrator fails while another process holds a connection.
    await raw.close();
    const app = await startApp(db.url);
    const baseline = await startBaseline(db.url, 'group');
    const single = provider === 'sqlite' ? await startBaseline(db.url, 'single') : null;
    const servers = { app, baseline, single };
    raw = await openRawSql(db.url);
    try {
      for (const connections of CONNECTIONS) {
        const runs: Record<string, LoadResult[]> = {};
        for (let r = 0; r < RUNS; r++) for (const who of targets) {
          const target = servers[who] as { port: number };
          const round = rounds.get(`${who}:${connections}:${r}`)!;
          await load(target.port, round.tokens.slice(0, WARMUP), Math.min(connections, 50));
          const result = await load(target.port, round.tokens.slice(WARMUP), connections);
          const [{ n }] = await raw.query<{ n: number | string }>(`SELECT count(*) AS n FROM "SealedResponse" WHERE "roundId" = ?`, [round.roundId]);
          const ok = result.requests - result.non2xx;
          if (result.non2xx > 0 || result.errors > 0 || Number(n) !== ok + WARMUP) {
            throw new Error(`${provider} ${who} c${connections}: ${result.non2xx} non-2xx, ${result.errors} errors, ${n} responses stored for ${ok + WARMUP} answers`);
          }
          (runs[who] ??= []).push(result);
          console.log(`  ${provider} ${who} c${connections} run ${r + 1}: ${JSON.stringify(result)}`);
        }
        const measured: Record<string, LoadResult> = {};
        for (const who of targets) {
          // Each figure is the median of its runs, taken on its own (an occasional run with a long tail
          // should not decide the throughput, nor one slow run the p99).
          const med = (f: (x: LoadResult) => number) => runs[who].map(f).sort((x, y) => x - y)[Math.floor(runs[who].length / 2)];
          measured[who] = { ...runs[who][0], rps: med((x) => x.rps), p50: med((x) => x.p50), p99: med((x) => x.p99) };
          const p99s = runs[who].map((x) => x.p99);
          notes.push(`${provider} ${who} c${connections}: ${runs[who].map((x) => x.rps).join(' / ')} req/s, p99 ${p99s.join(' / ')} ms over ${RUNS} runs`);
        }
        const a = measured.app;
        const b = measured.baseline;
        const label = `${provider}, ${connections} conn.`;
        figures.push({ measure: `${label} throughput`, unit: 'req/s', value: a.rps, baseline: b.rps, ratio: ratio(a.rps, b.rps), target: '≥ 0.5× baseline', met: a.rps >= 0.5 * b.rps });
        figures.push({ measure: `${label} p50`, unit: 'ms', value: a.p50, baseline: b.p50, ratio: ratio(a.p50, b.p50) });
        figures.push({
          measure: `${label} p99`, unit: 'ms', value: a.p99, baseline: b.p99, ratio: ratio(a.p99, b.p99),
          ...(connections === 200 ? { target: '< 100 ms', met: a.p99 < 100 } : {}),
        });
        const s = measured.single;
        if (s) {
          figures.push({ measure: `${label} throughput vs one commit per answer`, unit: 'req/s', value: a.rps, baseline: s.rps, ratio: ratio(a.rps, s.rps) });
          figures.push({ measure: `${label} p99 vs one commit per answer`, unit: 'ms', value: a.p99, baseline: s.p99, ratio: ratio(a.p99, s.p99) });
        }
      }
      const appPeak = peakRssMb(app.child.pid as number) ?? -1;
      const basePeak = peakRssMb(baseline.child.pid as number) ?? -1;
      memory.push({ measure: `${provider}: app peak RSS during benchmark 1`, unit: 'MB', value: appPeak, baseline: basePeak, ratio: ratio(appPeak, basePeak), target: '< 300 MB', met: appPeak > 0 && appPeak < 300 });
    } finally {
      await stopChild(app.child);
      await stopChild(baseline.child);
      if (single) await stopChild(single.child);
    }
  } finally {
    await raw.close();
    await db.drop();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const figures: Figure[] = [];
  const memory: Figure[] = [];
  const notes: string[] = [
    `${PER_RUN} measured POSTs per run after ${WARMUP} warm-up, ${RUNS} runs per server interleaved, each figure the median of its runs; each POST a different unspent link; every run checked: one stored (sealed) response per 2xx answer`,
    'baseline: bare node:http + the raw answer store (group commit on SQLite, like the app); "vs one commit per answer": the same bare handler committing each answer alone',
  ];
  const providers: Provider[] = ['sqlite'];
  if (await pgAvailable()) providers.push('postgresql');
  else notes.push('PostgreSQL not reachable at BENCH_PG_URL: PostgreSQL runs skipped');
  for (const provider of providers) await benchProvider(provider, figures, memory, notes);
  const seconds = Math.round((Date.now() - started) / 1000);
  const ranAt = new Date().toISOString();
  saveResult({ name: 'answer', title: 'Benchmark 1: answering POST /s/:token (app vs bare node:http + raw driver)', ranAt, seconds, machine: machine(), figures, notes });
  saveResult({ name: 'memory', title: 'Benchmark 5: peak RSS of the app child during benchmark 1 (baseline: the bare node:http child)', ranAt, seconds, machine: machine(), figures: memory, notes: ['VmHWM from /proc/<pid>/status of the app process itself, started as `npm start` starts it (compiled dist/, plain node with the start script\'s flags; no npm or shell wrapper)'] });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
