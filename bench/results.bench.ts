/**
 * Benchmark 2 (results): an organisation of 10,000 employees in 200 teams (20 departments) with 52 weekly
 * CLOSED rounds (~500,000 responses, each with an eNPS answer and three ratings), on SQLite and PostgreSQL.
 * Server time per page, measured in-process by calling the services the routes call (overviewPage,
 * teamPage, roundPage; Handlebars rendering not included), as an HR admin, three ways: the first-ever view
 * of the seeded history (the seed inserts rounds raw, so no eNPS slice is stored: the page computes them
 * and stores those it computed), the first run after a restart (in-process caches emptied, slices stored by
 * that first view or by the close-rounds job, run to completion in between), and the median of RUNS warm
 * runs. Baseline: hand-written SQL through the raw driver computing the same numbers (company eNPS per round
 * over the period; one team's eNPS per round; one round's eNPS and rating averages per team), run
 * interleaved with Pulse in the same process. Every Pulse score is checked against the baseline's, with
 * computed and with stored slices. Targets: < 200 ms per page and within 2× of the baseline. Env:
 * BENCH_RESULTS_PEOPLE (default 10000), BENCH_RESULTS_ROUNDS (default 52), BENCH_RESULTS_RUNS (default 9).
 */
import crypto from 'node:crypto';
import type { Provider } from '../server/db/providers';
import { loadConfig } from '../server/config';
import { createLogger } from '../server/logger';
import { openDatabase } from '../server/db/client';
import { Keyring } from '../server/secrets';
import { systemClock } from '../server/clock';
import type { AppContext } from '../server/context';
import { mailboxTransport } from '../server/domain/email/transport';
import type { Viewer } from '../server/domain/results/access';
import { overviewPage, periodStart, roundPage, teamPage } from '../server/domain/results/pages.service';
import { forgetCachedRounds } from '../server/domain/results/round-cache';
import { storeMissingSlices } from '../server/domain/results/enps-slice';
import { SLICES_PER_TICK } from '../server/domain/rounds/close-rounds.service';
import { createBenchDatabase, pgAvailable } from './lib/databases';
import { openRawSql, type RawSql } from './lib/raw-sql';
import { seedOrg } from './lib/seed';
import { seedHistory } from './lib/seed-results';
import { machine, ratio, saveResult, type Figure } from './lib/report';

const PEOPLE = Number(process.env.BENCH_RESULTS_PEOPLE ?? 10_000);
const TEAMS = 200;
const DEPARTMENTS = 20;
const ROUNDS = Number(process.env.BENCH_RESULTS_ROUNDS ?? 52);
const RESPONSE_RATE = 0.96;
const RUNS = Number(process.env.BENCH_RESULTS_RUNS ?? 9);
const TARGET_MS = 200;
const TARGET_RATIO = 2;

type Num = number | string | bigint | null;
interface ScoreRow {
  key: string;
  n: Num;
  promoters: Num;
  detractors: Num;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const elapsed = (t: bigint) => Math.round(Number(process.hrtime.bigint() - t) / 1e4) / 100;
const score = (r: ScoreRow) => Math.sign(Number(r.promoters) - Number(r.detractors)) * Math.round(Math.abs((100 * (Number(r.promoters) - Number(r.detractors))) / Number(r.n))) || 0;

const BANDS = `COUNT(*) AS n, SUM(CASE WHEN a."value" >= 9 THEN 1 ELSE 0 END) AS promoters, SUM(CASE WHEN a."value" <= 6 THEN 1 ELSE 0 END) AS detractors`;

/** Company eNPS per closed round since `from` (the overview's numbers). */
const companySql = (raw: RawSql, from: Date) =>
  raw.query<ScoreRow>(
    `SELECT q."roundId" AS "key", ${BANDS}
     FROM "Round" ro JOIN "RoundQuestion" q ON q."roundId" = ro."id" AND q."kind" = 'enps' JOIN "Answer" a ON a."questionId" = q."id"
     WHERE ro."status" = 'closed' AND ro."openedAt" >= ? AND a."value" IS NOT NULL
     GROUP BY q."roundId"`,
    [from],
  );

/** One team's eNPS per closed round (the team page's numbers). */
const teamSql = (raw: RawSql, teamId: string) =>
  raw.query<ScoreRow>(
    `SELECT r."roundId" AS "key", ${BANDS}
     FROM "Response" r JOIN "Round" ro ON ro."id" = r."roundId" AND ro."status" = 'closed'
     JOIN "Answer" a ON a."responseId" = r."id" JOIN "RoundQuestion" q ON q."id" = a."questionId" AND q."kind" = 'enps'
     WHERE r."teamId" = ? AND a."value" IS NOT NULL
     GROUP BY r."roundId"`,
    [teamId],
  );

/** One round's eNPS bands and rating sums per team and question (the round page's breakdown). */
const roundSql = (raw: RawSql, roundId: string) =>
  raw.query<ScoreRow & { questionId: string; total: Num }>(
    `SELECT r."teamId" AS "key", a."questionId" AS "questionId", SUM(a."value") AS total, ${BANDS}
     FROM "Response" r JOIN "Answer" a ON a."responseId" = r."id"
     WHERE r."roundId" = ? AND a."value" IS NOT NULL
     GROUP BY r."teamId", a."questionId"`,
    [roundId],
  );

function check(label: string, pulse: Map<string, number | null>, baseline: ScoreRow[]): void {
  let compared = 0;
  for (const row of baseline) {
    const mine = pulse.get(row.key);
    if (mine === undefined || mine === null) continue;
    if (mine !== score(row)) throw new Error(`${label}: Pulse says ${mine} for ${row.key}, hand-written SQL ${score(row)}`);
    compared += 1;
  }
  if (compared === 0) throw new Error(`${label}: no score to compare`);
}

interface Timing {
  first: number;
  firstBaseline: number;
  cold: number;
  coldBaseline: number;
  /** What the close-rounds job stored after the first view: rounds, ticks, ms. */
  job: { rounds: number; ticks: number; ms: number };
  warm: number[];
  baseline: number[];
}

/** Runs the close-rounds job's slice step tick after tick until every settled round has its slice stored. */
async function storeAllSlices(ctx: AppContext): Promise<Timing['job']> {
  const t = process.hrtime.bigint();
  let rounds = 0;
  let ticks = 0;
  for (let n = await storeMissingSlices(ctx, SLICES_PER_TICK); n > 0; n = await storeMissingSlices(ctx, SLICES_PER_TICK)) {
    rounds += n;
    ticks += 1;
  }
  return { rounds, ticks, ms: elapsed(t) };
}

/**
 * The first-ever view (nothing stored, caches empty) of Pulse and baseline; the close-rounds job stores what is
 * still missing; a first run after a restart (caches emptied, slices stored) of each; then RUNS interleaved
 * warm runs of each.
 */
async function measure(ctx: AppContext, raw: RawSql, pulse: () => Promise<unknown>, baseline: () => Promise<unknown>): Promise<Timing> {
  await raw.query('UPDATE "Round" SET "enpsSlice" = NULL');
  forgetCachedRounds(ctx);
  let t = process.hrtime.bigint();
  await pulse();
  const first = elapsed(t);
  t = process.hrtime.bigint();
  await baseline();
  const firstBaseline = elapsed(t);
  const job = await storeAllSlices(ctx);
  forgetCachedRounds(ctx);
  t = process.hrtime.bigint();
  await pulse();
  const cold = elapsed(t);
  t = process.hrtime.bigint();
  await baseline();
  const coldBaseline = elapsed(t);
  const timing: Timing = { first, firstBaseline, cold, coldBaseline, job, warm: [], baseline: [] };
  for (let i = 0; i < RUNS; i++) {
    t = process.hrtime.bigint();
    await pulse();
    timing.warm.push(elapsed(t));
    t = process.hrtime.bigint();
    await baseline();
    timing.baseline.push(elapsed(t));
  }
  return timing;
}

function figuresOf(provider: Provider, page: string, timing: Timing, targeted: boolean): Figure[] {
  const warm = median(timing.warm);
  const base = median(timing.baseline);
  const r = ratio(warm, base);
  const coldRatio = ratio(timing.cold, timing.coldBaseline);
  return [
    {
      measure: `${provider}: ${page}, warm (median of ${RUNS})`,
      unit: 'ms',
      value: warm,
      baseline: base,
      ratio: r,
      target: targeted ? `< ${TARGET_MS} ms and ≤ ${TARGET_RATIO}×` : `< ${TARGET_MS} ms (third figure)`,
      met: targeted ? warm < TARGET_MS && r <= TARGET_RATIO : warm < TARGET_MS,
    },
    {
      measure: `${provider}: ${page}, first run after a restart (caches empty, slices stored)`,
      unit: 'ms',
      value: timing.cold,
      baseline: timing.coldBaseline,
      ratio: coldRatio,
      ...(targeted ? { target: `< ${TARGET_MS} ms and ≤ ${TARGET_RATIO}×`, met: timing.cold < TARGET_MS && coldRatio <= TARGET_RATIO } : {}),
    },
    {
      measure: `${provider}: ${page}, first-ever view (nothing stored: computes, stores slices)`,
      unit: 'ms',
      value: timing.first,
      baseline: timing.firstBaseline,
      ratio: ratio(timing.first, timing.firstBaseline),
    },
  ];
}

async function benchProvider(provider: Provider, figures: Figure[], notes: string[]): Promise<void> {
  const bdb = await createBenchDatabase(provider, 'results');
  const raw = await openRawSql(bdb.url);
  let database: Awaited<ReturnType<typeof openDatabase>> | null = null;
  try {
    let t = process.hrtime.bigint();
    const org = await seedOrg(raw, { people: PEOPLE, teams: TEAMS, departments: DEPARTMENTS });
    const history = await seedHistory(raw, org, { rounds: ROUNDS, responseRate: RESPONSE_RATE });
    if (provider === 'postgresql') await raw.query('ANALYZE');
    const seedSeconds = Math.round(elapsed(t) / 100) / 10;
    notes.push(`${provider}: seeded ${PEOPLE} people, ${ROUNDS} rounds, ${history.responses} responses, ${history.answers} answers in ${seedSeconds} s`);
    console.log(notes[notes.length - 1]);

    const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: bdb.url, APP_SECRET: crypto.randomBytes(32).toString('hex'), BASE_URL: 'http://127.0.0.1:3000', LOG_LEVEL: 'warn', MAILBOX_IN_PRODUCTION: 'true' }); // emails, if any, are only queued
    database = await openDatabase(bdb.url, config.DATABASE_POOL_SIZE);
    const ctx: AppContext = { config, db: database.db, provider, logger: createLogger('warn'), keyring: new Keyring(config.APP_SECRET as string), clock: systemClock, mail: mailboxTransport(database.db), kick: () => undefined };
    const hr: Viewer = { id: org.people[0].id, role: 'hr_admin', teamIds: new Set() };
    const teamId = org.teamIds[7];
    const roundId = history.roundIds[history.roundIds.length - 1];
    const from = periodStart(ctx.clock.now(), 12);

    // Correctness: Pulse's numbers are the hand-written SQL's, first computed (nothing stored), at the end
    // from the stored slices after a restart.
    const verify = async (how: string) => {
      forgetCachedRounds(ctx);
      const overview = await overviewPage(ctx, hr, 'en', 'UTC', 12);
      const companyPoints = new Map(overview.trend.rows.map((r) => [r.roundId, r.score === null ? null : Number(r.score.replace('−', '-').replace('+', ''))]));
      if (companyPoints.size !== ROUNDS) throw new Error(`overview shows ${companyPoints.size} rounds, expected ${ROUNDS}`);
      check(`${provider} overview (${how})`, companyPoints, await companySql(raw, from));
      const team = await teamPage(ctx, hr, teamId, 'en', 'UTC');
      check(`${provider} team (${how})`, new Map(team.trend.rows.map((r) => [r.roundId, r.score === null ? null : Number(r.score.replace('−', '-').replace('+', ''))])), await teamSql(raw, teamId));
      const round = await roundPage(ctx, hr, roundId, 'en');
      const teamScores = new Map(round.breakdown.filter((b) => b.kind === 'team' && b.enps?.score).map((b) => [b.teamId as string, Number((b.enps?.score as string).replace('−', '-').replace('+', ''))]));
      check(`${provider} round (${how})`, teamScores, (await roundSql(raw, roundId)).filter((r) => r.questionId === history.questionIds[history.questionIds.length - 1][0]));
    };
    const storedCount = async () => Number((await raw.query<{ n: Num }>('SELECT COUNT(*) AS n FROM "Round" WHERE "enpsSlice" IS NOT NULL'))[0].n);
    if ((await storedCount()) !== 0) throw new Error('seeded rounds already have stored slices');
    await verify('computed');

    const pages: [string, () => Promise<unknown>, () => Promise<unknown>, boolean][] = [
      ['HR overview /results (12 months)', () => overviewPage(ctx, hr, 'en', 'UTC', 12), () => companySql(raw, from), true],
      ['team page /results/teams/:id', () => teamPage(ctx, hr, teamId, 'en', 'UTC'), () => teamSql(raw, teamId), true],
      ['round page /results/rounds/:id', () => roundPage(ctx, hr, roundId, 'en'), () => roundSql(raw, roundId), false],
    ];
    for (const [page, pulse, baseline, targeted] of pages) {
      t = process.hrtime.bigint();
      const timing = await measure(ctx, raw, pulse, baseline);
      figures.push(...figuresOf(provider, page, timing, targeted));
      if (timing.job.rounds > 0) notes.push(`${provider}: after the first-ever view of the ${page}, the close-rounds job stored the ${timing.job.rounds} missing slices in ${timing.job.ticks} ticks (${SLICES_PER_TICK} a tick), ${timing.job.ms} ms of work in all`);
      console.log(
        `${provider}: ${page}: first-ever ${timing.first} ms, after restart ${timing.cold} ms, warm ${median(timing.warm)} ms; baseline ${timing.firstBaseline} / ${timing.coldBaseline} / ${median(timing.baseline)} ms`,
      );
    }
    if ((await storedCount()) !== ROUNDS) throw new Error(`expected ${ROUNDS} stored slices, found ${await storedCount()}`);
    await verify('stored slices');
  } finally {
    await raw.close();
    await database?.close();
    await bdb.drop();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const figures: Figure[] = [];
  const notes = [
    `${PEOPLE} people, ${TEAMS} teams, ${DEPARTMENTS} departments, ${ROUNDS} weekly closed rounds, ~${Math.round(RESPONSE_RATE * 100)} % response rate; server time of the page's service call as an HR admin (no HTML rendering), warm = median of ${RUNS} runs; first-ever view = no stored slices, caches empty; first run after a restart = in-process caches emptied, slices stored; baseline = hand-written SQL through the raw driver, interleaved in the same process`,
  ];
  const providers: Provider[] = ['sqlite'];
  if (await pgAvailable()) providers.push('postgresql');
  else notes.push('PostgreSQL not reachable: skipped');
  for (const p of providers) await benchProvider(p, figures, notes);
  saveResult({ name: 'results', title: `Benchmark 2: results pages, ${PEOPLE} people, ${ROUNDS} rounds`, ranAt: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000), machine: machine(), figures, notes });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
