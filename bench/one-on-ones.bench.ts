/**
 * Benchmark 8 (one-on-ones): 5,000 pairs (500 managers × 10 reports) with two years of weekly history
 * (~525,000 meetings, ~1 million talking points, ~260,000 action items), on SQLite and PostgreSQL.
 * Measured, each next to hand-written SQL doing the same reads and writes through the raw driver, in the same run:
 *  (a) the 1:1 tick with nothing due (runOneOnOneTick: three indexed look-ups)            target < 20 ms
 *  (b) the tick with 500 reminders due: claim, build the invitations, queue 1,000 emails  target < 2 s
 *  (c) a pair's history page (pairHistory + the page's HTML)                             target < 100 ms
 *  (d) a manager's overview (managerOverview + myPairs + the page's HTML)                target < 100 ms
 *  and, without a target, the history page with a search.
 */
import crypto from 'node:crypto';
import type { Provider } from '../server/db/providers';
import { loadConfig } from '../server/config';
import { createLogger } from '../server/logger';
import { openDatabase } from '../server/db/client';
import { Keyring } from '../server/secrets';
import type { AppContext } from '../server/context';
import { mailboxTransport } from '../server/domain/email/transport';
import { runOneOnOneTick } from '../server/domain/one-on-ones/reminders.service';
import { pairHistory, myPairs } from '../server/domain/one-on-ones/history.service';
import { managerOverview } from '../server/domain/one-on-ones/overview.service';
import { ViewRenderer } from '../server/http/views';
import { seriesChoices, seriesFormValues } from '../server/http/forms/one-on-one-form';
import { createBenchDatabase, pgAvailable } from './lib/databases';
import { openRawSql, type RawSql, type Value } from './lib/raw-sql';
import { seedOneOnOnes, type SeededOneOnOnes } from './lib/seed-one-on-ones';
import { machine, ratio, saveResult, type Figure } from './lib/report';

const MANAGERS = 500;
const PER_MANAGER = 10;
const WEEKS = 104;
const DUE = 500;
const RUNS = 9;
const DUE_RUNS = 3;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const since = (t: bigint) => Math.round(Number(process.hrtime.bigint() - t) / 1e4) / 100;
async function timed(work: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await work();
  return since(t);
}

const renderer = new ViewRenderer();

/** The hand-written SQL of each measured operation, through the raw driver. */
function baselines(raw: RawSql, provider: Provider) {
  const at = provider === 'sqlite' ? '?' : `(?::timestamptz AT TIME ZONE 'UTC')`;
  const time = (d: Date): Value => (provider === 'sqlite' ? d : d.toISOString());
  const list = (n: number) => Array.from({ length: n }, () => '?').join(', ');
  return {
    async idleTick(now: Date) {
      await raw.query(`SELECT "id" FROM "OneOnOneMeeting" WHERE "status" = 'scheduled' AND "endsAt" <= ${at} LIMIT 500`, [time(now)]);
      await raw.query(`SELECT "id" FROM "OneOnOneSeries" WHERE "status" = 'active' AND "horizon" <= ${at} LIMIT 500`, [time(now)]);
      await raw.query(`SELECT "id" FROM "OneOnOneMeeting" WHERE "remindAt" <= ${at} AND ("remindClaimUntil" IS NULL OR "remindClaimUntil" < ${at}) ORDER BY "remindAt" LIMIT 500`, [time(now), time(now)]);
    },
    /** Claim the due reminders, read what the emails need, queue two emails each, clear the reminders. */
    async dueTick(now: Date) {
      const token = crypto.randomUUID();
      const due = await raw.query<{ id: string }>(`SELECT "id" FROM "OneOnOneMeeting" WHERE "remindAt" <= ${at} AND ("remindClaimUntil" IS NULL OR "remindClaimUntil" < ${at}) ORDER BY "remindAt" LIMIT 500`, [time(now), time(now)]);
      const ids = due.map((d) => d.id);
      await raw.query(`UPDATE "OneOnOneMeeting" SET "remindClaim" = ?, "remindClaimUntil" = ${at} WHERE "id" IN (${list(ids.length)})`, [token, time(new Date(now.getTime() + 120_000)), ...ids]);
      const rows = await raw.query<Record<string, string>>(
        `SELECT m."id", m."startsAt", s."id" AS "seriesId", s."timeZone", s."location", mg."name" AS "mName", mg."email" AS "mEmail", mg."locale" AS "mLocale", r."name" AS "rName", r."email" AS "rEmail", r."locale" AS "rLocale"
           FROM "OneOnOneMeeting" m JOIN "OneOnOneSeries" s ON s."id" = m."seriesId" JOIN "Employee" mg ON mg."id" = s."managerId" JOIN "Employee" r ON r."id" = s."reportId"
          WHERE m."id" IN (${list(ids.length)})`,
        ids,
      );
      await raw.query(`SELECT "seriesId", "slot", "status" FROM "OneOnOneMeeting" WHERE "seriesId" IN (${list(rows.length)}) AND "status" IN ('skipped', 'cancelled')`, rows.map((r) => r.seriesId));
      const emails = rows.flatMap((r) => [
        [r.mEmail, r.mName, r.mLocale, r.rName],
        [r.rEmail, r.rName, r.rLocale, r.mName],
      ].map(([to, name, locale, other]) => ({
        id: crypto.randomUUID(), dedupeKey: `base:${r.id}:${token}:${to}`, template: 'one-on-one-reminder', toAddress: to, toName: name, locale, status: 'pending', attempts: 0,
        data: JSON.stringify({ name, otherName: other, startsAt: r.startsAt, timeZone: r.timeZone, location: r.location, link: `http://127.0.0.1/one-on-ones/meetings/${r.id}`, calendar: { uid: `${r.seriesId}@bench`, method: 'REQUEST' } }),
        nextAttemptAt: time(now), createdAt: time(now),
      })));
      await raw.insertMany('OutboxEmail', emails);
      await raw.query(`UPDATE "OneOnOneMeeting" SET "remindAt" = NULL, "remindClaim" = NULL, "remindClaimUntil" = NULL, "remindedAt" = ${at} WHERE "id" IN (${list(ids.length)}) AND "remindClaim" = ?`, [time(now), ...ids, token]);
      return emails.length;
    },
    async history(seriesId: string) {
      await raw.query(`SELECT s.*, m."name", r."name" FROM "OneOnOneSeries" s JOIN "Employee" m ON m."id" = s."managerId" JOIN "Employee" r ON r."id" = s."reportId" WHERE s."id" = ?`, [seriesId]);
      await raw.query(`SELECT COUNT(*) AS n FROM "OneOnOneMeeting" WHERE "seriesId" = ?`, [seriesId]);
      const page = await raw.query<{ id: string }>(`SELECT "id", "startsAt", "endsAt", "status", "moved", "sharedNotes" FROM "OneOnOneMeeting" WHERE "seriesId" = ? ORDER BY "startsAt" DESC, "id" DESC LIMIT 20`, [seriesId]);
      const ids = page.map((p) => p.id);
      await raw.query(`SELECT "id", "meetingId", "text", "checked", "carried" FROM "OneOnOneAgendaItem" WHERE "meetingId" IN (${list(ids.length)}) ORDER BY "position"`, ids);
      await raw.query(`SELECT "id", "meetingId", "text", "ownerId", "dueDate", "doneAt" FROM "OneOnOneActionItem" WHERE "seriesId" = ? AND "meetingId" IN (${list(ids.length)}) ORDER BY "createdAt"`, [seriesId, ...ids]);
    },
    async overview(managerId: string) {
      await raw.query(`SELECT "id", "name", "email", "teamId" FROM "Employee" WHERE "managerId" = ? AND "active" = ${provider === 'sqlite' ? 1 : 'true'} ORDER BY "name"`, [managerId]);
      const series = await raw.query<{ id: string }>(`SELECT "id", "reportId", "status", "cadence", "createdAt" FROM "OneOnOneSeries" WHERE "managerId" = ? AND "status" IN ('active', 'paused')`, [managerId]);
      const ids = series.map((s) => s.id);
      await raw.query(`SELECT "seriesId", MAX("startsAt") AS last FROM "OneOnOneMeeting" WHERE "seriesId" IN (${list(ids.length)}) AND "status" = 'held' GROUP BY "seriesId"`, ids);
      await raw.query(`SELECT "seriesId", "createdAt" FROM "OneOnOneActionItem" WHERE "seriesId" IN (${list(ids.length)}) AND "doneAt" IS NULL`, ids);
      await raw.query(`SELECT "id", "seriesId", "startsAt", "endsAt" FROM "OneOnOneMeeting" WHERE "seriesId" IN (${list(ids.length)}) AND "status" = 'scheduled' ORDER BY "startsAt"`, ids);
      await raw.query(`SELECT s."id", s."status", m."name", r."name" FROM "OneOnOneSeries" s JOIN "Employee" m ON m."id" = s."managerId" JOIN "Employee" r ON r."id" = s."reportId" WHERE s."managerId" = ? OR s."reportId" = ? ORDER BY s."createdAt" DESC`, [managerId, managerId]);
    },
  };
}

async function historyPage(ctx: AppContext, managerId: string, seriesId: string, q?: string) {
  const h = await pairHistory(ctx, managerId, seriesId, { page: 1, q });
  const values = seriesFormValues(h.series);
  return renderer.render('pages/one-on-ones/series', { ...h, values, errors: {}, ...seriesChoices('en', values), isManager: true, live: true, locale: 'en', timeZone: 'UTC' });
}

async function overviewPage(ctx: AppContext, managerId: string) {
  const [overview, pairs] = await Promise.all([managerOverview(ctx, managerId), myPairs(ctx, managerId)]);
  return renderer.render('pages/one-on-ones/overview', { overview, asReport: pairs.filter((p) => p.role === 'report'), ended: [], locale: 'en', timeZone: 'UTC' });
}

async function benchProvider(provider: Provider, figures: Figure[], notes: string[]): Promise<void> {
  const bdb = await createBenchDatabase(provider, 'oneonone');
  const raw = await openRawSql(bdb.url);
  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: bdb.url, APP_SECRET: crypto.randomBytes(32).toString('hex'), BASE_URL: 'http://127.0.0.1:3000', LOG_LEVEL: 'warn', MAILBOX_IN_PRODUCTION: 'true' }); // emails, if any, are only queued
  const keyring = new Keyring(config.APP_SECRET as string);
  const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const started = Date.now();
  const seeded: SeededOneOnOnes = await seedOneOnOnes(raw, { keyring }, now, { managers: MANAGERS, perManager: PER_MANAGER, weeks: WEEKS });
  const [counts] = await raw.query<Record<string, number | string>>(
    `SELECT (SELECT COUNT(*) FROM "OneOnOneMeeting") AS meetings, (SELECT COUNT(*) FROM "OneOnOneAgendaItem") AS points, (SELECT COUNT(*) FROM "OneOnOneActionItem") AS actions, (SELECT COUNT(*) FROM "OneOnOnePrivateNote") AS notes`,
  );
  // As a live database would be: vacuumed and analysed (autovacuum would otherwise start on the new tables mid-run).
  if (provider === 'postgresql') await raw.query('VACUUM ANALYZE');
  notes.push(`${provider}: seeded ${seeded.series.length} pairs, ${counts.meetings} meetings, ${counts.points} talking points, ${counts.actions} action items, ${counts.notes} sealed private notes in ${Math.round((Date.now() - started) / 100) / 10} s`);
  const database = await openDatabase(bdb.url, config.DATABASE_POOL_SIZE);
  const ctx: AppContext = { config, db: database.db, provider, logger: createLogger('warn'), keyring, clock: { now: () => new Date(now) }, mail: mailboxTransport(database.db), kick: () => undefined };
  const base = baselines(raw, provider);
  try {
    // (a) nothing due
    await runOneOnOneTick(ctx);
    const idle: number[] = [];
    const idleBase: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      const t = process.hrtime.bigint();
      const result = await runOneOnOneTick(ctx);
      idle.push(since(t));
      if (result.concluded + result.made + result.reminded + result.dropped !== 0) throw new Error(`${provider}: the idle tick did work: ${JSON.stringify(result)}`);
      idleBase.push(await timed(() => base.idleTick(now)));
    }
    // (b) 500 reminders due, one per pair of the first 500 series; Pulse and the baseline take turns.
    const due = seeded.upcoming.slice(0, DUE);
    const dueIds = due.map((d) => d.id);
    const makeDue = async () => {
      const inList = dueIds.map(() => '?').join(', ');
      await raw.query(`DELETE FROM "OutboxEmail"`);
      await raw.query(`UPDATE "OneOnOneMeeting" SET "remindAt" = ${provider === 'sqlite' ? '?' : `(?::timestamptz AT TIME ZONE 'UTC')`}, "remindedAt" = NULL, "remindClaim" = NULL, "remindClaimUntil" = NULL WHERE "id" IN (${inList})`, [provider === 'sqlite' ? new Date(now.getTime() - 60_000) : new Date(now.getTime() - 60_000).toISOString(), ...dueIds]);
    };
    const dueTimes: number[] = [];
    const dueBase: number[] = [];
    for (let r = 0; r < DUE_RUNS; r++) {
      await makeDue();
      let t = process.hrtime.bigint();
      const result = await runOneOnOneTick(ctx);
      dueTimes.push(since(t));
      if (result.reminded !== DUE) throw new Error(`${provider}: reminded ${result.reminded}, expected ${DUE}`);
      const [queued] = await raw.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM "OutboxEmail" WHERE "template" = 'one-on-one-reminder'`);
      if (Number(queued.n) !== 2 * DUE) throw new Error(`${provider}: ${queued.n} emails queued, expected ${2 * DUE}`);
      await makeDue();
      t = process.hrtime.bigint();
      const n = await base.dueTick(now);
      dueBase.push(since(t));
      if (n !== 2 * DUE) throw new Error(`${provider}: baseline queued ${n}`);
    }
    await raw.query(`DELETE FROM "OutboxEmail"`);
    // (c) history pages and (d) overviews of different pairs and managers, after one warm-up each.
    const pick = (k: number) => seeded.series[(k * 517) % seeded.series.length];
    await historyPage(ctx, pick(0).managerId, pick(0).id);
    await base.history(pick(0).id);
    await overviewPage(ctx, pick(0).managerId);
    await base.overview(pick(0).managerId);
    const hist: number[] = [];
    const histBase: number[] = [];
    const histService: number[] = [];
    const search: number[] = [];
    const over: number[] = [];
    const overBase: number[] = [];
    for (let r = 1; r <= RUNS; r++) {
      const s = pick(r);
      hist.push(await timed(() => historyPage(ctx, s.managerId, s.id)));
      histService.push(await timed(() => pairHistory(ctx, s.managerId, s.id, { page: 1 })));
      histBase.push(await timed(() => base.history(s.id)));
      search.push(await timed(() => historyPage(ctx, s.managerId, s.id, 'pricing')));
      over.push(await timed(() => overviewPage(ctx, s.managerId)));
      overBase.push(await timed(() => base.overview(s.managerId)));
    }
    const add = (measure: string, value: number, baseline: number | undefined, target?: number) =>
      figures.push({ measure: `${provider}: ${measure}`, unit: 'ms', value, ...(baseline !== undefined ? { baseline, ratio: ratio(value, baseline) } : {}), ...(target !== undefined ? { target: `< ${target} ms`, met: value < target } : {}) });
    add('1:1 tick, nothing due (median of 9)', median(idle), median(idleBase), 20);
    add(`1:1 tick, ${DUE} reminders due, ${2 * DUE} emails queued (median of ${DUE_RUNS})`, median(dueTimes), median(dueBase), 2000);
    add('pair history page, newest 20 of 105 meetings, service + HTML (median of 9)', median(hist), median(histBase), 100);
    add('pair history, service call only (median of 9)', median(histService), median(histBase));
    add('pair history page with a search (median of 9)', median(search), undefined);
    add(`manager overview of ${PER_MANAGER} reports, service + HTML (median of 9)`, median(over), median(overBase), 100);
    notes.push(`${provider}: due ticks ${dueTimes.join(' / ')} ms (baseline ${dueBase.join(' / ')} ms)`);
  } finally {
    await raw.close();
    await database.close();
    await bdb.drop();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const figures: Figure[] = [];
  const notes = [
    `${MANAGERS} managers × ${PER_MANAGER} reports, one weekly series each, ${WEEKS} weeks of history; baselines: the same reads and writes as hand-written SQL through the raw driver (the due baseline queues the same 1,000 rows with a smaller invitation description), measured in turn with Pulse in the same process`,
  ];
  // BENCH_PROVIDERS=postgresql (or sqlite) runs one of them only, when re-measuring one database.
  const only = process.env.BENCH_PROVIDERS?.split(',');
  const providers: Provider[] = only?.includes('sqlite') === false ? [] : ['sqlite'];
  if (only?.includes('postgresql') !== false) {
    if (await pgAvailable()) providers.push('postgresql');
    else notes.push('PostgreSQL not reachable: skipped');
  }
  for (const p of providers) await benchProvider(p, figures, notes);
  saveResult({ name: 'one-on-ones', title: `Benchmark 8: one-on-ones, ${MANAGERS * PER_MANAGER} pairs with ${WEEKS} weeks of history`, ranAt: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000), machine: machine(), figures, notes });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
