/**
 * Benchmark 10 (Monday morning): the benchmark organisation — 1,000 managers each leading a team of 9 (10,000
 * people, 100 departments), a year of weekly rounds (52, 75 % answering), 12 months of KPI values for every
 * person with monthly team targets, and half a year of weekly 1:1s for every pair — on SQLite and PostgreSQL:
 *  (a) a manager's team page (every panel's services, then the HTML), warm         target < 300 ms
 *  (b) the same after a restart: a new database connection, so every in-process cache is empty   < 1 s
 *  (c) HR's overview (every panel), warm and after a restart                    targets < 300 ms / < 1 s
 *  (d) the weekly digest for 1,000 managers: claimed and queued into the outbox          target < 30 s
 * Each against a baseline measured in the same run: the sum of the underlying service calls made one by one
 * (for the digest: every manager's digest content, without claims or writes). And three reads the pages make
 * against what they made before (department attainment, company cadence facts, a settled round's cube). The ratio shows what assembling
 * the page costs beyond its parts (below 1: the page overlaps or shares work its parts do separately).
 * Env: BENCH_MONDAY_MANAGERS (default 1000), BENCH_MONDAY_ROUNDS (52), BENCH_MONDAY_WEEKS (26, 1:1 history),
 * BENCH_MONDAY_RUNS (7), BENCH_MONDAY_PROVIDERS (sqlite,postgresql).
 */
import crypto from 'node:crypto';
import type { Provider } from '../server/db/providers';
import { loadConfig, type Config } from '../server/config';
import { createLogger } from '../server/logger';
import { openDatabase } from '../server/db/client';
import { Keyring } from '../server/secrets';
import type { AppContext } from '../server/context';
import { mailboxTransport } from '../server/domain/email/transport';
import { ViewRenderer } from '../server/http/views';
import { enableCatalogueKpi } from '../server/domain/kpis/kpi-definitions.service';
import { monthIndexOf, monthStart, todayIn } from '../server/domain/kpis/periods';
import { rebuildTeamTotals } from '../server/domain/kpis/value-store';
import { departmentScorecards, forgetScorecards, scorecard } from '../server/domain/kpis/scorecard.service';
import { kpiViewerOf } from '../server/domain/kpis/viewer.service';
import { managerOverview } from '../server/domain/one-on-ones/overview.service';
import { healthOf, pairFacts } from '../server/domain/one-on-ones/cadence';
import { listResultRounds } from '../server/domain/results/result-rounds.service';
import { roundResults } from '../server/domain/results/round-results.service';
import { loadRoundCube, roundCube } from '../server/domain/results/round-cube';
import { forgetCachedRounds } from '../server/domain/results/round-cache';
import { getThresholds } from '../server/domain/results/settings.service';
import { enpsTrend } from '../server/domain/results/trend.service';
import { membershipsOf, viewerOf } from '../server/domain/results/viewer.service';
import { homeSummary } from '../server/domain/home/home.service';
import { homePeriod } from '../server/domain/home/home-period';
import { gettingStarted } from '../server/domain/home/getting-started';
import { TREND_ROUNDS } from '../server/domain/home/team-enps.panel';
import { queueDueDigests } from '../server/domain/digest/digest.service';
import { digestContent, prepareDigestRun } from '../server/domain/digest/digest-content.service';
import { createBenchDatabase, pgAvailable } from './lib/databases';
import { openRawSql, type RawSql, type Row } from './lib/raw-sql';
import { seedOneOnOnes } from './lib/seed-one-on-ones';
import { seedHistory } from './lib/seed-results';
import { seedRound, seedSurvey, type SeededOrg } from './lib/seed';
import { machine, ratio, saveResult, type Figure } from './lib/report';

const MANAGERS = Number(process.env.BENCH_MONDAY_MANAGERS ?? 1000);
const ROUNDS = Number(process.env.BENCH_MONDAY_ROUNDS ?? 52);
const WEEKS = Number(process.env.BENCH_MONDAY_WEEKS ?? 26);
const RUNS = Number(process.env.BENCH_MONDAY_RUNS ?? 7);
const PROVIDERS = (process.env.BENCH_MONDAY_PROVIDERS ?? 'sqlite,postgresql').split(',') as Provider[];
const MONTHS = 12;
// A Monday 13:00 UTC: Monday morning or later on Monday in every zone the seed uses (Jakarta … New York).
const NOW = new Date('2026-12-07T13:00:00Z');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const elapsed = (t: bigint) => Math.round(Number(process.hrtime.bigint() - t) / 1e4) / 100;
async function timed(work: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await work();
  return elapsed(t);
}

const renderer = new ViewRenderer();
const render = (summary: object, me: { name: string }) => renderer.render('pages/home', { ...summary, user: me, locale: 'en', timeZone: 'UTC', csrfToken: 'x' }, 'layouts/main');

/** 12 months of won value and deals won/lost for everyone, and each team's monthly revenue target. */
async function seedKpis(ctx: AppContext, raw: RawSql, org: SeededOrg, hrId: string): Promise<number> {
  for (const key of ['revenue', 'sales_volume', 'close_rate']) await enableCatalogueKpi(ctx, key);
  const now = new Date();
  const last = monthIndexOf(todayIn(NOW, 'UTC'));
  let seq = 0;
  let total = 0;
  for (let month = 0; month < MONTHS; month++) {
    const mi = last - MONTHS + 1 + month;
    const rows: Row[] = [];
    org.people.forEach((person, p) => {
      const won = (p * 7 + month * 3) % 10;
      for (const [key, value] of [['won_value', 100_000 * (won + 1)], ['deals_won', won], ['deals_lost', 10 - won]] as const) {
        rows.push({ id: `bench-${String(++seq).padStart(9, '0')}`, measureKey: key, ownerKind: 'person', ownerId: person.id, teamId: person.teamId, departmentId: person.departmentId, grain: 'month', periodStart: monthStart(mi), monthIndex: mi, value, createdAt: now, updatedAt: now });
      }
    });
    await raw.insertMany('KpiValue', rows);
    total += rows.length;
  }
  await rebuildTeamTotals(ctx.db);
  const revenue = await ctx.db.kpi.findFirstOrThrow({ where: { key: 'revenue' } });
  const targets = org.teamIds.flatMap((teamId) =>
    Array.from({ length: MONTHS }, (_, m) => ({ kpiId: revenue.id, ownerKind: 'team', ownerId: teamId, periodKind: 'month', periodStart: monthStart(last - m), value: '6000000', goal: 'Grow revenue', createdById: hrId, updatedById: hrId })),
  );
  for (let i = 0; i < targets.length; i += 2000) await ctx.db.kpiTarget.createMany({ data: targets.slice(i, i + 2000) });
  return total;
}

function contextFor(config: Config, provider: Provider, db: Awaited<ReturnType<typeof openDatabase>>['db'], keyring: Keyring): AppContext {
  return { config, db, provider, logger: createLogger('warn'), keyring, clock: { now: () => new Date(NOW) }, mail: mailboxTransport(db), kick: () => undefined };
}

/** The team page's services one by one (what the page calls, without assembling or formatting). */
async function teamParts(ctx: AppContext, me: { id: string; role: string }, teamId: string): Promise<number> {
  let sum = 0;
  const step = async <T>(work: () => Promise<T>): Promise<T> => {
    const t = process.hrtime.bigint();
    const v = await work();
    sum += elapsed(t);
    return v;
  };
  const viewer = await step(() => viewerOf(ctx, me));
  await step(() => kpiViewerOf(ctx, me));
  const hp = await step(() => homePeriod(ctx, undefined, 'en'));
  await step(() => managerOverview(ctx, me.id));
  const { minGroupSize } = await step(() => getThresholds(ctx));
  const rounds = (await step(() => listResultRounds(ctx))).slice(-TREND_ROUNDS);
  const memberships = await step(() => membershipsOf(ctx, viewer, rounds.map((r) => r.id)));
  const points = await step(() => enpsTrend(ctx, rounds, { kind: 'team', teamId }, minGroupSize, memberships));
  for (const p of points.filter((x) => x.enps).slice(-2)) await step(() => roundResults(ctx, p.roundId, viewer));
  await step(() => scorecard(ctx, { kind: 'team', id: teamId }, hp.period, { parts: false }));
  return Math.round(sum * 100) / 100;
}

/** HR's overview's services one by one. */
async function hrParts(ctx: AppContext, me: { id: string; role: string }): Promise<number> {
  const t = process.hrtime.bigint();
  const viewer = await viewerOf(ctx, me);
  const hp = await homePeriod(ctx, undefined, 'en');
  const { minGroupSize } = await getThresholds(ctx);
  const rounds = (await listResultRounds(ctx)).slice(-TREND_ROUNDS);
  const memberships = await membershipsOf(ctx, viewer, rounds.map((r) => r.id));
  await enpsTrend(ctx, rounds, { kind: 'company' }, minGroupSize, memberships);
  const departments = await ctx.db.department.findMany({ select: { id: true } });
  for (const d of departments) await enpsTrend(ctx, rounds.slice(-2), { kind: 'department', departmentId: d.id }, minGroupSize, memberships);
  await departmentScorecards(ctx, departments.map((d) => d.id), hp.period);
  healthOf(await pairFacts(ctx));
  await gettingStarted(ctx);
  await ctx.db.round.findMany({ where: { status: 'open' } });
  await ctx.db.schedule.findMany({ where: { paused: false, nextRunAt: { not: null } }, take: 5 });
  await ctx.db.outboxEmail.groupBy({ by: ['template'], where: { status: 'failed' }, _count: { _all: true } });
  return elapsed(t);
}

async function benchProvider(provider: Provider, figures: Figure[], notes: string[]): Promise<void> {
  const bdb = await createBenchDatabase(provider, 'monday');
  const raw = await openRawSql(bdb.url);
  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: bdb.url, APP_SECRET: crypto.randomBytes(32).toString('hex'), BASE_URL: 'http://127.0.0.1:3000', LOG_LEVEL: 'warn', SMTP_URL: 'smtp://127.0.0.1:1' }); // emails are only queued here
  const keyring = new Keyring(config.APP_SECRET as string);
  const databases: Awaited<ReturnType<typeof openDatabase>>[] = [];
  const fresh = async () => {
    const d = await openDatabase(bdb.url, config.DATABASE_POOL_SIZE);
    databases.push(d);
    return contextFor(config, provider, d.db, keyring);
  };
  /** Closes the databases opened since the last call but the first (a cold run's pool would otherwise stay open to the end). */
  const closeSpent = async () => {
    for (const d of databases.splice(1)) await d.close();
  };
  try {
    let t = process.hrtime.bigint();
    const seeded = await seedOneOnOnes(raw, { keyring }, NOW, { managers: MANAGERS, perManager: 9, weeks: WEEKS });
    const ctx = await fresh();
    const people = await ctx.db.employee.findMany({ select: { id: true, email: true, name: true, teamId: true, team: { select: { departmentId: true } } } });
    const org: SeededOrg = {
      departmentIds: [...new Set(people.map((p) => p.team?.departmentId as string))],
      teamIds: [...new Set(people.map((p) => p.teamId as string))],
      people: people.map((p) => ({ id: p.id, email: p.email, name: p.name, teamId: p.teamId as string, departmentId: p.team?.departmentId as string })),
    };
    const history = await seedHistory(raw, org, { rounds: ROUNDS, responseRate: 0.75, now: NOW });
    const { surveyId } = await seedSurvey(raw, 'Open pulse');
    await seedRound(raw, surveyId, org.people, { openedAt: new Date(NOW.getTime() - 86_400_000), closesAt: new Date(NOW.getTime() + 4 * 86_400_000) });
    const hr = await ctx.db.employee.create({ data: { email: 'hr@bench.test', name: 'HR Admin', role: 'hr_admin' } });
    const values = await seedKpis(ctx, raw, org, hr.id);
    if (provider === 'postgresql') await raw.query('VACUUM ANALYZE');
    notes.push(`${provider}: seeded ${org.people.length} people in ${org.teamIds.length} teams, ${ROUNDS} closed rounds (${history.responses} responses) and an open one, ${values} KPI values, ${seeded.series.length} 1:1 pairs with ${WEEKS} weeks of history in ${Math.round(elapsed(t) / 100) / 10} s`);
    console.log(notes[notes.length - 1]);

    const managerRow = await ctx.db.employee.findUniqueOrThrow({ where: { id: seeded.managerIds[0] } });
    const manager = { id: managerRow.id, role: managerRow.role, timeZone: managerRow.timeZone, name: managerRow.name };
    const teamId = managerRow.teamId as string;
    const hrMe = { id: hr.id, role: 'hr_admin', timeZone: 'UTC', name: hr.name };
    const page = (c: AppContext, me: typeof manager) => homeSummary(c, me, {}, 'en').then((s) => render(s, me));

    const measure = async (label: string, me: typeof manager, parts: (c: AppContext) => Promise<number>) => {
      // After a restart: a new connection, so every in-process cache (keyed by the database) is empty.
      const coldRuns: number[] = [];
      const coldBase: number[] = [];
      for (let r = 0; r < Math.max(3, Math.floor(RUNS / 2)); r++) {
        coldRuns.push(await timed(async () => page(await fresh(), me)));
        coldBase.push(await parts(await fresh()));
        await closeSpent();
      }
      const warmCtx = await fresh();
      await page(warmCtx, me);
      await parts(warmCtx);
      const warm: number[] = [];
      const warmBase: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        warm.push(await timed(() => page(warmCtx, me)));
        warmBase.push(await parts(warmCtx));
      }
      const w = median(warm);
      const wb = median(warmBase);
      const c = median(coldRuns);
      const cb = median(coldBase);
      console.log(`${provider}: ${label}: warm ${w} ms (parts ${wb} ms), after a restart ${c} ms (parts ${cb} ms)`);
      await closeSpent();
      figures.push({ measure: `${provider}: ${label}, warm`, unit: 'ms', value: w, baseline: wb, ratio: ratio(w, wb), target: '< 300 ms', met: w < 300 });
      figures.push({ measure: `${provider}: ${label}, after a restart`, unit: 'ms', value: c, baseline: cb, ratio: ratio(c, cb), target: '< 1000 ms', met: c < 1000 });
    };
    // What the pages read now against what they read before, each cold (caches emptied), medians of RUNS:
    //  - department KPI attainment: all departments from the company's parts against 100 department scorecards;
    //  - company cadence facts: the live-series queries against Prisma's relation-filter groupBy;
    //  - a settled round's cube after a restart: its stored cube against adding up its answers.
    const changeCtx = await fresh();
    const hp = await homePeriod(changeCtx, undefined, 'en');
    const departmentIds = (await changeCtx.db.department.findMany({ select: { id: true } })).map((d) => d.id);
    const cold = async (work: () => Promise<unknown>) => {
      const xs: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        forgetScorecards(changeCtx);
        forgetCachedRounds(changeCtx);
        xs.push(await timed(work));
      }
      return median(xs);
    };
    const change = (measure: string, value: number, baseline: number) => figures.push({ measure: `${provider}: ${measure}`, unit: 'ms', value, baseline, ratio: ratio(value, baseline) });
    change('department KPI attainment, cold: one pass over the company\'s parts (baseline: a scorecard per department)', await cold(() => departmentScorecards(changeCtx, departmentIds, hp.period)), await cold(async () => {
      for (const id of departmentIds) await scorecard(changeCtx, { kind: 'department', id }, hp.period, { parts: false });
    }));
    const live = { series: { status: { in: ['active', 'paused'] } } };
    change('company 1:1 cadence facts: the live-series queries (baseline: the Prisma queries before, relation filters)', await cold(() => pairFacts(changeCtx)), await cold(() =>
      Promise.all([
        changeCtx.db.oneOnOneSeries.findMany({ where: { status: { in: ['active', 'paused'] } }, select: { id: true, managerId: true, reportId: true, status: true, cadence: true, createdAt: true } }),
        changeCtx.db.oneOnOneMeeting.groupBy({ by: ['seriesId'], where: { ...live, status: 'held' }, _max: { startsAt: true } }),
        changeCtx.db.oneOnOneActionItem.findMany({ where: { ...live, doneAt: null }, select: { seriesId: true, createdAt: true } }),
      ])));
    const settledRound = await changeCtx.db.round.findFirstOrThrow({ where: { status: 'closed', releasedAt: { not: null } }, orderBy: { openedAt: 'desc' }, select: { id: true, status: true, releasedAt: true } });
    await roundCube(changeCtx, settledRound); // stores it, as the close-rounds job does once a round settles
    change('a settled round\'s cube after a restart: the stored cube (baseline: adding up its answers)', await cold(() => roundCube(changeCtx, settledRound)), await cold(() => loadRoundCube(changeCtx, settledRound.id)));

    await measure('team page (all panels + HTML)', manager, (c) => teamParts(c, manager, teamId));
    await measure('HR overview (all panels + HTML)', hrMe, (c) => hrParts(c, hrMe));

    // (d) the digest: every manager due at once (13:00 UTC on a Monday).
    const digestCtx = await fresh();
    t = process.hrtime.bigint();
    const tick = await queueDueDigests(digestCtx);
    const digest = elapsed(t);
    const queued = await ctx.db.outboxEmail.count({ where: { template: 'weekly-digest' } });
    if (tick.queued + tick.quiet !== MANAGERS || queued !== tick.queued) throw new Error(`${provider}: digest claimed ${tick.queued}+${tick.quiet} of ${MANAGERS}, ${queued} queued`);
    const again = await queueDueDigests(await fresh());
    if (again.queued + again.quiet !== 0) throw new Error(`${provider}: a second tick queued ${again.queued}`);
    const baseCtx = await fresh();
    const managers = await baseCtx.db.employee.findMany({ where: { role: 'manager' }, select: { id: true, role: true } });
    t = process.hrtime.bigint();
    const run = await prepareDigestRun(baseCtx, managers.map((m) => m.id));
    for (const m of managers) await digestContent(baseCtx, m, 'en', run);
    const digestBase = elapsed(t);
    figures.push({ measure: `${provider}: weekly digest for ${MANAGERS} managers queued (${tick.queued} emails, ${tick.quiet} quiet weeks)`, unit: 'ms', value: digest, baseline: digestBase, ratio: ratio(digest, digestBase), target: '< 30000 ms', met: digest < 30_000 });
  } finally {
    for (const d of databases) await d.close();
    await raw.close();
    await bdb.drop();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const figures: Figure[] = [];
  const notes: string[] = [];
  for (const provider of PROVIDERS) {
    if (provider === 'postgresql' && !(await pgAvailable())) {
      notes.push('postgresql: not reachable; skipped');
      continue;
    }
    await benchProvider(provider, figures, notes);
  }
  notes.push('Baselines: the same services called one by one in the same run (team page: viewers, period, 1:1 overview, thresholds, rounds, memberships, the team trend, the two latest round results, the team scorecard; HR: the company and department trends, all department scorecards at once, cadence health, checklist counts, open rounds, sends, failures; digest: every manager\'s digest content without claims or writes).');
  saveResult({ name: 'monday', title: 'Benchmark 10: Monday morning (team page, HR overview, weekly digest)', ranAt: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000), machine: machine(), figures, notes });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
