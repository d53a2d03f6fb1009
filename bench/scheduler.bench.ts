/**
 * Benchmark 4 (scheduler): one tick with 10,000 schedules of which 100 are due, each for a small audience
 * (one team of 5), on SQLite and PostgreSQL. Measured: (a) the claim: claimDueSchedules, the one statement that
 * leases every due, unclaimed schedule to the tick and returns them, against the same statement through the raw
 * driver; (b) a tick when nothing is due (openDueRounds, whose claim finds nothing), against the same statement
 * through the raw driver; (c) the full tick (openDueRounds: claim, then open 100 small rounds, each in its own
 * transaction), the first in the process and later ones (the same schedules due again). Target: claim < 50 ms.
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
import { openDueRounds, OPEN_PARALLEL } from '../server/domain/rounds/open-round.service';
import { claimDueSchedules, CLAIM_LEASE_MS, DUE_PER_TICK } from '../server/domain/rounds/schedule-claims';
import { createBenchDatabase, pgAvailable } from './lib/databases';
import { openRawSql, type RawSql, type Value } from './lib/raw-sql';
import { seedOrg, seedSurvey } from './lib/seed';
import { machine, ratio, saveResult, type Figure } from './lib/report';

const SCHEDULES = 10_000;
const DUE = 100;
const REPEAT = 5;
const TICKS = 4;

/**
 * Seeds the schedules, the first DUE of them due at `dueAt`; returns those DUE ids. A survey has one schedule:
 * the DUE due ones get a survey with questions each, the others a bare survey (they never open a round here).
 */
async function seedSchedules(raw: RawSql, teamIds: string[], dueAt: Date): Promise<string[]> {
  const now = new Date();
  const surveyIds: string[] = [];
  for (let i = 0; i < DUE; i++) surveyIds.push((await seedSurvey(raw, `Pulse ${i}`)).surveyId);
  const idle = Array.from({ length: SCHEDULES - DUE }, () => crypto.randomUUID());
  await raw.insertMany('Survey', idle.map((id, i) => ({ id, title: `Idle pulse ${i}`, intro: '', archived: false, createdAt: now, updatedAt: now })));
  surveyIds.push(...idle);
  const future = new Date(now.getTime() + 3 * 86_400_000);
  const ids = Array.from({ length: SCHEDULES }, () => crypto.randomUUID());
  await raw.insertMany(
    'Schedule',
    Array.from({ length: SCHEDULES }, (_, i) => ({
      id: ids[i], surveyId: surveyIds[i], frequency: 'weekly', weekday: 1, timeOfDay: '09:00', timeZone: 'UTC', windowDays: 5, reminderCount: 2, startDate: '2026-01-05',
      audience: 'teams', audienceIds: JSON.stringify([teamIds[i % teamIds.length]]), paused: false,
      nextRunAt: i < DUE ? new Date(dueAt.getTime() + i) : new Date(future.getTime() + i * 1000), createdAt: now, updatedAt: now,
    })),
  );
  return ids.slice(0, DUE);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (t: bigint) => Math.round(Number(process.hrtime.bigint() - t) / 1e4) / 100;

/**
 * A time parameter for the raw driver (`?` placeholders). SQLite's DateTime columns hold epoch milliseconds (the
 * driver wrapper converts Dates); PostgreSQL's timestamp(3) columns hold UTC: times go in as ISO strings, cast, so
 * the process's zone never matters.
 */
const timeParam = (provider: Provider) => (provider === 'sqlite' ? '?' : `(?::timestamptz AT TIME ZONE 'UTC')`);
const timeValue = (provider: Provider, d: Date): Value => (provider === 'sqlite' ? d : d.toISOString());

/** The claim statement as claimDueSchedules sends it, for the raw driver. */
function claimSql(provider: Provider): string {
  const at = timeParam(provider);
  return `UPDATE "Schedule" SET "claimToken" = ?, "claimExpiresAt" = ${at}
     WHERE "id" IN (
       SELECT "id" FROM "Schedule"
        WHERE "paused" = false AND "nextRunAt" <= ${at} AND ("claimExpiresAt" IS NULL OR "claimExpiresAt" < ${at})
        ORDER BY "nextRunAt" LIMIT ?${provider === 'sqlite' ? '' : ' FOR UPDATE SKIP LOCKED'})
    RETURNING "id", "surveyId", "frequency", "weekday", "dayOfMonth", "timeOfDay", "timeZone", "startDate", "endDate",
              "windowDays", "reminderCount", "audience", "audienceIds", "nextRunAt"`;
}

async function benchProvider(provider: Provider, figures: Figure[]): Promise<void> {
  const bdb = await createBenchDatabase(provider, 'sched');
  const raw = await openRawSql(bdb.url);
  const org = await seedOrg(raw, { people: 500, teams: 100, departments: 10 });
  const dueAt = new Date(Date.now() - 60_000);
  const dueIds = await seedSchedules(raw, org.teamIds, dueAt);
  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: bdb.url, APP_SECRET: crypto.randomBytes(32).toString('hex'), BASE_URL: 'http://127.0.0.1:3000', LOG_LEVEL: 'warn', MAILBOX_IN_PRODUCTION: 'true' }); // emails, if any, are only queued
  const database = await openDatabase(bdb.url, config.DATABASE_POOL_SIZE);
  const ctx: AppContext = { config, db: database.db, provider, logger: createLogger('warn'), keyring: new Keyring(config.APP_SECRET as string), clock: systemClock, mail: mailboxTransport(database.db), kick: () => undefined };
  // An hour before the first due slot: nothing is due.
  const early = new Date(dueAt.getTime() - 3_600_000);
  const quietCtx: AppContext = { ...ctx, clock: { now: () => new Date(early) } };
  const CLAIM_SQL = claimSql(provider);
  const at = timeParam(provider);
  const time = (d: Date) => timeValue(provider, d);
  const rawClaim = (now: Date) => raw.query(CLAIM_SQL, [crypto.randomUUID(), time(new Date(now.getTime() + CLAIM_LEASE_MS)), time(now), time(now), DUE_PER_TICK]);
  const releaseAll = () => raw.query(`UPDATE "Schedule" SET "claimToken" = NULL, "claimExpiresAt" = NULL WHERE "claimToken" IS NOT NULL`);
  try {
    const claim: number[] = [];
    const claimRaw: number[] = [];
    const idle: number[] = [];
    const idleRaw: number[] = [];
    for (let r = 0; r < REPEAT; r++) {
      const now = new Date();
      let t = process.hrtime.bigint();
      const claimed = await claimDueSchedules(ctx, now);
      claim.push(ms(t));
      if (claimed.schedules.length !== DUE) throw new Error(`${provider}: claimed ${claimed.schedules.length}, expected ${DUE}`);
      // A second claim while the first holds: nothing left to claim.
      if ((await claimDueSchedules(ctx, now)).schedules.length !== 0) throw new Error(`${provider}: claimed slots were claimed again`);
      await releaseAll();
      t = process.hrtime.bigint();
      const claimedRaw = await rawClaim(now);
      claimRaw.push(ms(t));
      if (claimedRaw.length !== DUE) throw new Error(`${provider}: raw claimed ${claimedRaw.length}, expected ${DUE}`);
      await releaseAll();
      t = process.hrtime.bigint();
      const none = await openDueRounds(quietCtx);
      idle.push(ms(t));
      if (none.length !== 0) throw new Error(`${provider}: a tick with nothing due opened ${none.length} rounds`);
      t = process.hrtime.bigint();
      const noneRaw = await rawClaim(early);
      idleRaw.push(ms(t));
      if (noneRaw.length !== 0) throw new Error(`${provider}: raw claim with nothing due returned ${noneRaw.length}`);
    }
    // Full ticks: the first in the process, then TICKS - 1 more after making the same schedules due again (a
    // new slot each time, a second later), as a long-running instance's later ticks would find them.
    const ticks: number[] = [];
    for (let r = 0; r < TICKS; r++) {
      if (r > 0) {
        const slot = new Date(dueAt.getTime() + r * 1000);
        await raw.query(`UPDATE "Schedule" SET "nextRunAt" = ${at} WHERE "id" IN (${dueIds.map(() => '?').join(', ')})`, [time(slot), ...dueIds]);
      }
      const t = process.hrtime.bigint();
      const opened = await openDueRounds(ctx);
      ticks.push(ms(t));
      if (opened.length !== DUE) throw new Error(`${provider}: tick ${r + 1} opened ${opened.length} rounds, expected ${DUE}`);
      const [left] = await raw.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM "Schedule" WHERE "claimToken" IS NOT NULL OR "nextRunAt" <= ${at}`, [time(new Date(Date.now() + 60_000))]);
      if (Number(left.n) !== 0) throw new Error(`${provider}: ${left.n} schedules still claimed or due after tick ${r + 1}`);
    }
    const [rounds] = await raw.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM "Round"`);
    if (Number(rounds.n) !== DUE * TICKS) throw new Error(`${provider}: ${rounds.n} rounds after ${TICKS} ticks, expected ${DUE * TICKS}`);
    const c = median(claim);
    const cr = median(claimRaw);
    const i = median(idle);
    const ir = median(idleRaw);
    figures.push({ measure: `${provider}: claim the ${DUE} due of ${SCHEDULES} (one statement)`, unit: 'ms', value: c, baseline: cr, ratio: ratio(c, cr), target: '< 50 ms', met: c < 50 });
    figures.push({ measure: `${provider}: tick with nothing due`, unit: 'ms', value: i, baseline: ir, ratio: ratio(i, ir) });
    figures.push({ measure: `${provider}: full tick (claim + open ${DUE} rounds of 5 people), first in the process`, unit: 'ms', value: ticks[0] });
    figures.push({ measure: `${provider}: full tick (claim + open ${DUE} rounds of 5 people), later ticks (median of ${TICKS - 1})`, unit: 'ms', value: median(ticks.slice(1)) });
  } finally {
    await raw.close();
    await database.close();
    await bdb.drop();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const figures: Figure[] = [];
  const notes = [`median of ${REPEAT} runs for the claim and the idle tick (baseline: the same claim statement through the raw driver); full ticks: the first in the process, and the median of the ${TICKS - 1} after it (the same 100 schedules due again); PostgreSQL opens ${OPEN_PARALLEL} rounds at a time, SQLite one`];
  const providers: Provider[] = ['sqlite'];
  if (await pgAvailable()) providers.push('postgresql');
  else notes.push('PostgreSQL not reachable: skipped');
  for (const p of providers) await benchProvider(p, figures);
  saveResult({ name: 'scheduler', title: `Benchmark 4: scheduler tick, ${SCHEDULES} schedules, ${DUE} due`, ranAt: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000), machine: machine(), figures, notes });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
