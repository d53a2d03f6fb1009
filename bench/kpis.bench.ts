/**
 * Benchmark 9 (KPIs): 10,000 people in 200 teams (20 departments), 12 base measures per person per month over
 * 24 months (2.88 M values), on SQLite and PostgreSQL, each figure against hand-written SQL run in the same process:
 *  - the company, a department, a team and a person scorecard for a quarter: the scorecard service (every KPI of the
 *    owner and of the parts below it, from the summed base measures, with its target), and the whole page model (also
 *    the trend over 8 quarters, names, leaderboard), each cold (in-process caches emptied before every run) and warm;
 *    baseline = the same sums by hand-written GROUP BY over the raw values, and the owner's targets; targets
 *    < 200 ms and ≤ 2× the baseline. Every Pulse figure is checked against the baseline's numbers;
 *  - a 50,000-row CSV import, checked (dry run) and applied, with the longest event-loop stall measured while it
 *    runs (a 5 ms timer's lateness, and perf_hooks' event-loop delay); baseline = the same upserts by hand-written
 *    multi-row INSERT … ON CONFLICT through the raw driver; targets < 15 s and ≤ 50 ms;
 *  - an API push of 1,000 values (POST /api/v1/kpi-values over HTTP, each run changing every value), median of 5;
 *    baseline = the same upserts through the raw driver; target < 500 ms.
 * Env: BENCH_KPI_PEOPLE (default 10000), BENCH_KPI_RUNS (default 9).
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Provider } from '../server/db/providers';
import { loadConfig } from '../server/config';
import { createLogger } from '../server/logger';
import { openDatabase } from '../server/db/client';
import { Keyring } from '../server/secrets';
import { systemClock } from '../server/clock';
import type { AppContext } from '../server/context';
import { mailboxTransport } from '../server/domain/email/transport';
import { createApp } from '../server/http/app';
import { createApiToken } from '../server/domain/api-tokens/api-tokens.service';
import type { KpiViewer } from '../server/domain/kpis/access';
import { enableCatalogueKpi } from '../server/domain/kpis/kpi-definitions.service';
import { kpiWrite } from '../server/domain/kpis/kpi-settings.service';
import { applyImport, checkImport, createImport, requestApply } from '../server/domain/kpis/imports.service';
import { monthIndexOf, monthStart, parsePeriodKey, periodContaining } from '../server/domain/kpis/periods';
import { toNumber } from '../server/domain/kpis/rational';
import type { Scope } from '../server/domain/kpis/rollup';
import { scorecardPage } from '../server/domain/kpis/scorecard-page.service';
import { forgetScorecards, scorecard } from '../server/domain/kpis/scorecard.service';
import { rebuildTeamTotals } from '../server/domain/kpis/value-store';
import { createBenchDatabase, pgAvailable } from './lib/databases';
import { openRawSql, type RawSql, type Row } from './lib/raw-sql';
import { seedOrg, type SeededOrg } from './lib/seed';
import { machine, ratio, saveResult, type Figure } from './lib/report';

const PEOPLE = Number(process.env.BENCH_KPI_PEOPLE ?? 10_000);
const TEAMS = 200;
const DEPARTMENTS = 20;
const MONTHS = 24;
const FIRST_MONTH = monthIndexOf('2025-01-01');
const RUNS = Number(process.env.BENCH_KPI_RUNS ?? 9);
const IMPORT_ROWS = Math.min(50_000, PEOPLE * 10);
const PUSH_ROWS = 1000;
const KPIS = ['revenue', 'sales_volume', 'average_deal_size', 'average_order_value', 'leads_generated', 'conversion_rate', 'close_rate', 'sales_growth', 'sales_cycle_length', 'lead_response_time', 'gross_margin', 'quota_attainment', 'customer_acquisition_cost'];
const MEASURES: [string, number, number][] = [
  ['won_value', 2, 5_000_000],
  ['deals_won', 0, 12],
  ['deals_lost', 0, 20],
  ['leads', 0, 80],
  ['leads_converted', 0, 30],
  ['orders', 0, 15],
  ['quota', 2, 6_000_000],
  ['cycle_days', 2, 900],
  ['response_hours', 2, 300],
  ['leads_responded', 0, 75],
  ['new_customers', 0, 8],
  ['cogs', 2, 3_000_000],
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const elapsed = (t: bigint) => Math.round(Number(process.hrtime.bigint() - t) / 1e4) / 100;
type Num = number | string | bigint | null;

/** A deterministic value for (person, measure, month). */
function valueOf(p: number, m: number, month: number): number {
  const [, decimals, scale] = MEASURES[m];
  const x = Math.sin(p * 12.9898 + m * 78.233 + month * 37.719) * 43758.5453;
  return Math.round((x - Math.floor(x)) * scale * 10 ** decimals);
}

/** The KpiValue indexes besides the primary key, as the migration made them (dropped for the bulk load, then rebuilt). */
async function secondaryIndexes(raw: RawSql): Promise<{ name: string; sql: string }[]> {
  if (raw.provider === 'sqlite') return raw.query<{ name: string; sql: string }>(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'KpiValue' AND sql IS NOT NULL`);
  return raw.query<{ name: string; sql: string }>(`SELECT indexname AS name, indexdef AS sql FROM pg_indexes WHERE tablename = 'KpiValue' AND indexname <> 'KpiValue_pkey'`);
}

async function seedValues(raw: RawSql, org: SeededOrg): Promise<number> {
  const now = new Date();
  let total = 0;
  let seq = 0;
  const indexes = await secondaryIndexes(raw);
  for (const i of indexes) await raw.query(`DROP INDEX "${i.name}"`);
  for (let month = 0; month < MONTHS; month++) {
    const mi = FIRST_MONTH + month;
    const rows: Row[] = [];
    org.people.forEach((person, p) => {
      MEASURES.forEach(([key], m) => {
        rows.push({ id: `bench-${String(++seq).padStart(9, '0')}`, measureKey: key, ownerKind: 'person', ownerId: person.id, teamId: person.teamId, departmentId: person.departmentId, grain: 'month', periodStart: monthStart(mi), monthIndex: mi, value: valueOf(p, m, month), createdAt: now, updatedAt: now });
      });
    });
    await raw.insertMany('KpiValue', rows);
    total += rows.length;
  }
  for (const i of indexes) await raw.query(i.sql);
  return total;
}

/** The hand-written baseline: the sums a scorecard needs (the quarter and the one before), by part and measure. */
function baselineSql(raw: RawSql, scope: Scope, from: number, to: number) {
  const [child, where, params] =
    scope.kind === 'company'
      ? ['"departmentId"', '1 = 1', []]
      : scope.kind === 'department'
        ? ['"teamId"', '"departmentId" = ?', [scope.id]]
        : scope.kind === 'team'
          ? ['"ownerId"', '"teamId" = ?', [scope.id]]
          : ['"ownerId"', '"ownerKind" = \'person\' AND "ownerId" = ?', [scope.id]];
  return raw.query<{ child: string; measureKey: string; monthIndex: Num; total: Num; n: Num }>(
    `SELECT ${child} AS "child", "measureKey" AS "measureKey", "monthIndex" AS "monthIndex", SUM("value") AS "total", COUNT("value") AS "n"
     FROM "KpiValue" WHERE ${where} AND "monthIndex" BETWEEN ? AND ? GROUP BY ${child}, "measureKey", "monthIndex"`,
    [...params, from, to],
  );
}

/** The baseline's close rate and revenue (major units) of the quarter [from, to], over all parts. */
function baselineFigures(rows: Awaited<ReturnType<typeof baselineSql>>, from: number, to: number) {
  const sum = (key: string) => rows.filter((r) => r.measureKey === key && Number(r.monthIndex) >= from && Number(r.monthIndex) <= to).reduce((s, r) => s + Number(r.total), 0);
  return { revenue: sum('won_value') / 100, closeRate: sum('deals_won') / (sum('deals_won') + sum('deals_lost')) };
}

interface Timing {
  pulse: number[];
  base: number[];
}
async function interleave(pulse: () => Promise<unknown>, base: () => Promise<unknown>): Promise<Timing> {
  await pulse();
  await base();
  const t: Timing = { pulse: [], base: [] };
  for (let i = 0; i < RUNS; i++) {
    let s = process.hrtime.bigint();
    await pulse();
    t.pulse.push(elapsed(s));
    s = process.hrtime.bigint();
    await base();
    t.base.push(elapsed(s));
  }
  return t;
}

/**
 * Measures the longest event-loop stall while `work` runs: a 5 ms timer's lateness (wall clock, which on a shared
 * machine also counts time the process was not scheduled), the same counting only gaps during which this process
 * used at least 60 % of a core (its own work: JavaScript, synchronous SQLite, GC), and perf_hooks' event-loop delay.
 */
async function withStallMonitor<T>(work: () => Promise<T>): Promise<{ result: T; timerStall: number; ownStall: number; histogramMax: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  let last = performance.now();
  let cpu = process.cpuUsage();
  let worst = 0;
  let own = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    const used = process.cpuUsage(cpu);
    const gap = now - last - 5;
    worst = Math.max(worst, gap);
    if ((used.user + used.system) / 1000 >= 0.6 * (now - last)) own = Math.max(own, gap);
    last = now;
    cpu = process.cpuUsage();
  }, 5);
  try {
    const result = await work();
    return { result, timerStall: Math.round(worst * 10) / 10, ownStall: Math.round(own * 10) / 10, histogramMax: Math.round(histogram.max / 1e5) / 10 };
  } finally {
    clearInterval(timer);
    histogram.disable();
  }
}

/** The same upserts as an import, by hand: multi-row INSERT … ON CONFLICT in one transaction. */
async function rawUpsert(raw: RawSql, rows: Row[]): Promise<void> {
  const cols = Object.keys(rows[0]);
  const per = 1000;
  await raw.query('BEGIN');
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const tuples = chunk.map(() => `(${cols.map(() => '?').join(', ')})`).join(', ');
    await raw.query(
      `INSERT INTO "KpiValue" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples} ON CONFLICT ("measureKey", "ownerKind", "ownerId", "periodStart") DO UPDATE SET "value" = excluded."value", "updatedAt" = excluded."updatedAt"`,
      chunk.flatMap((r) => cols.map((c) => r[c])),
    );
  }
  await raw.query('COMMIT');
}

async function benchProvider(provider: Provider, figures: Figure[], notes: string[]): Promise<void> {
  const bdb = await createBenchDatabase(provider, 'kpis');
  const raw = await openRawSql(bdb.url);
  let database: Awaited<ReturnType<typeof openDatabase>> | null = null;
  let server: http.Server | null = null;
  try {
    const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: bdb.url, APP_SECRET: crypto.randomBytes(32).toString('hex'), BASE_URL: 'http://127.0.0.1:3000', LOG_LEVEL: 'warn', MAILBOX_IN_PRODUCTION: 'true' }); // emails, if any, are only queued
    database = await openDatabase(bdb.url, config.DATABASE_POOL_SIZE);
    const ctx: AppContext = { config, db: database.db, provider, logger: createLogger('warn'), keyring: new Keyring(config.APP_SECRET as string), clock: systemClock, mail: mailboxTransport(database.db), kick: () => undefined };

    let t = process.hrtime.bigint();
    const org = await seedOrg(raw, { people: PEOPLE, teams: TEAMS, departments: DEPARTMENTS });
    await raw.query(`UPDATE "Employee" SET "role" = 'hr_admin' WHERE "id" = ?`, [org.people[0].id]);
    for (const key of KPIS) await enableCatalogueKpi(ctx, key);
    const values = await seedValues(raw, org);
    await rebuildTeamTotals(ctx.db);
    if (provider === 'postgresql') await raw.query('ANALYZE');
    notes.push(`${provider}: seeded ${PEOPLE} people, ${values} values (${MEASURES.length} measures × ${MONTHS} months) and their team totals in ${Math.round(elapsed(t) / 100) / 10} s`);
    console.log(notes[notes.length - 1]);

    // Scorecards for the quarter of the 19th-21st months (2026-Q3), with the quarter before (sales growth).
    const quarter = parsePeriodKey('2026-Q3', 1)!;
    const hr: KpiViewer = { id: org.people[0].id, role: 'hr_admin', people: new Set(), teams: new Set(), departments: new Set() };
    const scopes: [string, Scope][] = [
      ['company', { kind: 'company' }],
      ['department', { kind: 'department', id: org.departmentIds[3] }],
      ['team', { kind: 'team', id: org.teamIds[7] }],
      ['person', { kind: 'person', id: org.people[123].id }],
    ];
    const from = quarter.firstMonth - 3;
    const revenueKpi = await ctx.db.kpi.findUniqueOrThrow({ where: { key: 'revenue' } });
    for (const [, scope] of scopes) {
      const owner = scope.kind === 'company' ? { ownerKind: 'company', ownerId: '' } : { ownerKind: scope.kind, ownerId: scope.id };
      await kpiWrite(ctx, (tx) => tx.kpiTarget.create({ data: { kpiId: revenueKpi.id, ...owner, periodKind: 'quarter', periodStart: quarter.start, value: '1000000', goal: 'Grow revenue', createdById: hr.id, updatedById: hr.id } }));
    }
    const targetsSql = (scope: Scope) =>
      raw.query(`SELECT "id", "kpiId", "value", "goal" FROM "KpiTarget" WHERE "ownerKind" = ? AND "ownerId" = ? AND "periodKind" = ? AND "periodStart" = ?`, [
        scope.kind,
        'id' in scope ? scope.id : '',
        quarter.kind,
        quarter.start,
      ]);
    for (const [name, scope] of scopes) {
      // Correctness first: Pulse's numbers are the hand-written SQL's.
      const card = await scorecard(ctx, scope, quarter);
      const base = baselineFigures(await baselineSql(raw, scope, from, quarter.lastMonth), quarter.firstMonth, quarter.lastMonth);
      const pulseRevenue = toNumber(card.rows.find((r) => r.kpi.key === 'revenue')!.figure.value!);
      const pulseClose = toNumber(card.rows.find((r) => r.kpi.key === 'close_rate')!.figure.value!);
      if (Math.abs(pulseRevenue - base.revenue) > 0.005 || Math.abs(pulseClose - base.closeRate) > 1e-12) throw new Error(`${provider} ${name}: Pulse ${pulseRevenue} / ${pulseClose}, SQL ${base.revenue} / ${base.closeRate}`);
      if (!card.rows.find((r) => r.kpi.key === 'revenue')!.target) throw new Error(`${provider} ${name}: the target is missing`);
      const baseline = async () => {
        await baselineSql(raw, scope, from, quarter.lastMonth);
        await targetsSql(scope);
      };
      const trendFrom = quarter.firstMonth - 8 * 3;
      const pageBaseline = async () => {
        await baseline();
        await baselineSql(raw, scope, trendFrom, quarter.lastMonth);
      };
      const service = () => scorecard(ctx, scope, quarter);
      const page = () => scorecardPage(ctx, hr, scope, { period: quarter.key }, 'en');
      const cold = (f: () => Promise<unknown>) => () => {
        forgetScorecards(ctx);
        return f();
      };
      const runs: [string, Timing, string][] = [
        ['scorecard service (every KPI of the owner and its parts)', await interleave(cold(service), baseline), 'cold: nothing kept in-process'],
        ['scorecard service', await interleave(service, baseline), 'warm: computed figures kept since the last write'],
        ['page model (also the trend over 8 quarters, names, leaderboard)', await interleave(cold(page), pageBaseline), 'cold'],
        ['page model', await interleave(page, pageBaseline), 'warm'],
      ];
      for (const [what, timing, how] of runs) {
        const value = median(timing.pulse);
        const baseMs = median(timing.base);
        const r = ratio(value, baseMs);
        const page = what.startsWith('page');
        figures.push({
          measure: `${provider}: ${name} scorecard for a quarter, ${what}, ${how}, median of ${RUNS}`,
          unit: 'ms',
          value,
          baseline: baseMs,
          ratio: r,
          target: page ? '< 200 ms' : '< 200 ms and ≤ 2×',
          met: page ? value < 200 : value < 200 && r <= 2,
        });
      }
      console.log(`${provider}: ${name}: ${runs.map(([what, tm, how]) => `${what.split(' (')[0]} ${how.split(':')[0]} ${median(tm.pulse)} ms (SQL ${median(tm.base)})`).join('; ')}`);
    }

    // CSV import: 50,000 values of a new month (5,000 people × 10 measures), checked then applied.
    const importMonth = FIRST_MONTH + MONTHS;
    const importPeriod = periodContaining('month', monthStart(importMonth), 1).key;
    const lines = ['email,measure,period,value'];
    const importRows: Row[] = [];
    const now = new Date();
    for (let p = 0; lines.length <= IMPORT_ROWS; p++) {
      for (let m = 0; m < 10 && lines.length <= IMPORT_ROWS; m++) {
        const v = valueOf(p, m, MONTHS);
        const [, decimals] = MEASURES[m];
        lines.push(`${org.people[p].email},${MEASURES[m][0]},${importPeriod},${decimals ? (v / 100).toFixed(2) : v}`);
        importRows.push({ id: crypto.randomUUID(), measureKey: MEASURES[m][0], ownerKind: 'person', ownerId: org.people[p].id, teamId: org.people[p].teamId, departmentId: org.people[p].departmentId, grain: 'month', periodStart: monthStart(importMonth + 1), monthIndex: importMonth + 1, value: v, createdAt: now, updatedAt: now });
      }
    }
    const csv = `${lines.join('\n')}\n`;
    const { result: imported, timerStall, ownStall, histogramMax } = await withStallMonitor(async () => {
      const started = process.hrtime.bigint();
      const { id } = await createImport(ctx, hr, csv, 'bench.csv');
      await checkImport(ctx, id);
      const checkedMs = elapsed(started);
      await requestApply(ctx, hr, id);
      await applyImport(ctx, id);
      const row = await ctx.db.kpiImport.findUniqueOrThrow({ where: { id } });
      if (row.status !== 'applied') throw new Error(`${provider}: import ended ${row.status}: ${row.summary.slice(0, 300)}`);
      return { checkedMs, totalMs: elapsed(started), id };
    });
    const stored = Number((await raw.query<{ n: Num }>(`SELECT COUNT(*) AS n FROM "KpiValue" WHERE "monthIndex" = ?`, [importMonth]))[0].n);
    if (stored !== IMPORT_ROWS) throw new Error(`${provider}: ${stored} values stored by the import, expected ${IMPORT_ROWS}`);
    t = process.hrtime.bigint();
    await rawUpsert(raw, importRows);
    const rawImportMs = elapsed(t);
    figures.push(
      { measure: `${provider}: CSV import of ${IMPORT_ROWS} rows, preview (dry run) + apply`, unit: 'ms', value: imported.totalMs, baseline: rawImportMs, ratio: ratio(imported.totalMs, rawImportMs), target: '< 15 s', met: imported.totalMs < 15_000 },
      { measure: `${provider}: CSV import, of which the preview`, unit: 'ms', value: imported.checkedMs },
      { measure: `${provider}: CSV import, longest event-loop stall (5 ms timer lateness, wall clock)`, unit: 'ms', value: timerStall, target: '≤ 50 ms', met: timerStall <= 50 },
      { measure: `${provider}: CSV import, longest stall of this process's own work (gaps with ≥ 60 % CPU)`, unit: 'ms', value: ownStall, target: '≤ 50 ms', met: ownStall <= 50 },
      { measure: `${provider}: CSV import, event-loop delay max (perf_hooks)`, unit: 'ms', value: histogramMax },
    );
    console.log(`${provider}: import ${imported.totalMs} ms (preview ${imported.checkedMs}), stall ${timerStall} ms wall / ${ownStall} ms own / ${histogramMax} ms histogram; raw upsert ${rawImportMs} ms`);

    // API push of 1,000 values over HTTP, each run with new numbers for the same keys (every value changes).
    const { token } = await createApiToken(ctx, { name: 'bench' }, org.people[0].id);
    server = http.createServer(createApp(ctx));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const pushMonth = FIRST_MONTH + MONTHS - 1;
    const body = (run: number) =>
      JSON.stringify({
        values: Array.from({ length: PUSH_ROWS }, (_, i) => ({ email: org.people[i % 100].email, measure: MEASURES[Math.floor(i / 100)][0], period: monthStart(pushMonth).slice(0, 7), value: String(run * 7 + i) })),
      });
    const rawPush = (run: number): Row[] =>
      Array.from({ length: PUSH_ROWS }, (_, i) => ({ id: crypto.randomUUID(), measureKey: MEASURES[Math.floor(i / 100)][0], ownerKind: 'person', ownerId: org.people[i % 100].id, teamId: org.people[i % 100].teamId, departmentId: org.people[i % 100].departmentId, grain: 'month', periodStart: monthStart(pushMonth), monthIndex: pushMonth, value: run * 7 + i + 1, createdAt: now, updatedAt: now }));
    const push = async (run: number) => {
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/kpi-values`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: body(run) });
      const json = (await res.json()) as { updated?: number; created?: number };
      if (res.status !== 200 || (json.updated ?? 0) + (json.created ?? 0) !== PUSH_ROWS) throw new Error(`${provider}: push ${res.status} ${JSON.stringify(json).slice(0, 300)}`);
    };
    await push(0);
    const pushTimes: number[] = [];
    const rawTimes: number[] = [];
    for (let run = 1; run <= 5; run++) {
      t = process.hrtime.bigint();
      await push(run);
      pushTimes.push(elapsed(t));
      t = process.hrtime.bigint();
      await rawUpsert(raw, rawPush(run));
      rawTimes.push(elapsed(t));
    }
    const pushMs = median(pushTimes);
    figures.push({ measure: `${provider}: API push of ${PUSH_ROWS} values (HTTP, every value changed), median of 5`, unit: 'ms', value: pushMs, baseline: median(rawTimes), ratio: ratio(pushMs, median(rawTimes)), target: '< 500 ms', met: pushMs < 500 });
    console.log(`${provider}: API push ${pushTimes.join(' / ')} ms; raw ${rawTimes.join(' / ')} ms`);
  } finally {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await raw.close();
    await database?.close();
    await bdb.drop();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const figures: Figure[] = [];
  const notes = [
    `${PEOPLE} people, ${TEAMS} teams, ${DEPARTMENTS} departments, ${MEASURES.length} monthly base measures × ${MONTHS} months; ${KPIS.length} KPIs switched on; scorecards of 2026-Q3 as an HR admin, in-process service calls (no HTML rendering); baseline = hand-written SQL over the raw values through the raw driver, interleaved in the same process; every scorecard's revenue and close rate checked against the baseline's`,
  ];
  const providers: Provider[] = ['sqlite'];
  if (await pgAvailable()) providers.push('postgresql');
  else notes.push('PostgreSQL not reachable: skipped');
  for (const p of providers) await benchProvider(p, figures, notes);
  saveResult({ name: 'kpis', title: `Benchmark 9: KPIs, ${PEOPLE} people, ${MONTHS} months of ${MEASURES.length} measures`, ranAt: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000), machine: machine(), figures, notes });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
