/**
 * Benchmark 4 (scheduler): one tick with 10,000 schedules of which 100 are due, each for a small audience
 * (one team of 5), on SQLite and PostgreSQL. Measured: (a) finding the due schedules (dueSchedules, Prisma)
 * against the same query in hand-written SQL; (b) the claim: finding them plus the 100 conditional updates
 * (nextRunAt still the slot read → next slot), against the same in hand-written SQL; (c) the full tick
 * (openDueRounds: claim and open 100 small rounds, each in its own transaction). Target: claim < 50 ms.
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
import { dueSchedules, openDueRounds, DUE_PER_TICK } from '../server/domain/rounds/open-round.service';
import { createBenchDatabase, pgAvailable } from './lib/databases';
import { openRawSql, type RawSql } from './lib/raw-sql';
import { seedOrg, seedSurvey } from './lib/seed';
import { machine, ratio, saveResult, type Figure } from './lib/report';

const SCHEDULES = 10_000;
const DUE = 100;
const REPEAT = 5;

async function seedSchedules(raw: RawSql, surveyId: string, teamIds: string[], dueAt: Date): Promise<void> {
  const now = new Date();
  const future = new Date(now.getTime() + 3 * 86_400_000);
  await raw.insertMany(
    'Schedule',
    Array.from({ length: SCHEDULES }, (_, i) => ({
      id: crypto.randomUUID(), surveyId, frequency: 'weekly', weekday: 1, timeOfDay: '09:00', timeZone: 'UTC', windowDays: 5, reminderCount: 2, startDate: '2026-01-05',
      audience: 'teams', audienceIds: JSON.stringify([teamIds[i % teamIds.length]]), paused: false,
      nextRunAt: i < DUE ? new Date(dueAt.getTime() + i) : new Date(future.getTime() + i * 1000), createdAt: now, updatedAt: now,
    })),
  );
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (t: bigint) => Math.round(Number(process.hrtime.bigint() - t) / 1e4) / 100;

async function benchProvider(provider: Provider, figures: Figure[]): Promise<void> {
  const bdb = await createBenchDatabase(provider, 'sched');
  const raw = await openRawSql(bdb.url);
  const org = await seedOrg(raw, { people: 500, teams: 100, departments: 10 });
  const { surveyId } = await seedSurvey(raw);
  const dueAt = new Date(Date.now() - 60_000);
  await seedSchedules(raw, surveyId, org.teamIds, dueAt);
  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: bdb.url, APP_SECRET: crypto.randomBytes(32).toString('hex'), BASE_URL: 'http://127.0.0.1:3000', LOG_LEVEL: 'warn' });
  const database = await openDatabase(bdb.url, config.DATABASE_POOL_SIZE);
  const ctx: AppContext = { config, db: database.db, provider, logger: createLogger('warn'), keyring: new Keyring(config.APP_SECRET as string), clock: systemClock, mail: mailboxTransport(database.db), kick: () => undefined };
  const FIND_SQL = `SELECT * FROM "Schedule" WHERE "paused" = ? AND "nextRunAt" <= ? ORDER BY "nextRunAt" ASC LIMIT ${DUE_PER_TICK}`;
  const CLAIM_SQL = `UPDATE "Schedule" SET "nextRunAt" = ? WHERE "id" = ? AND "paused" = ? AND "nextRunAt" = ?`;
  const resetDue = () => raw.query(`UPDATE "Schedule" SET "nextRunAt" = ? WHERE "id" IN (SELECT "id" FROM "Schedule" ORDER BY "nextRunAt" LIMIT ${DUE})`, [dueAt]);
  try {
    const find: number[] = [];
    const findRaw: number[] = [];
    const claim: number[] = [];
    const claimRaw: number[] = [];
    for (let r = 0; r < REPEAT; r++) {
      const now = new Date();
      let t = process.hrtime.bigint();
      const due = await dueSchedules(ctx, now);
      find.push(ms(t));
      t = process.hrtime.bigint();
      const dueRaw = await raw.query(FIND_SQL, [false, now]);
      findRaw.push(ms(t));
      if (due.length !== DUE || dueRaw.length !== DUE) throw new Error(`${provider}: ${due.length}/${dueRaw.length} due, expected ${DUE}`);
      const next = new Date(now.getTime() + 7 * 86_400_000);
      // The claim as the tick does it: find, then one conditional update per due schedule.
      t = process.hrtime.bigint();
      let claimed = 0;
      for (const s of await dueSchedules(ctx, now)) {
        claimed += (await ctx.db.schedule.updateMany({ where: { id: s.id, paused: false, nextRunAt: s.nextRunAt as Date }, data: { nextRunAt: next } })).count;
      }
      claim.push(ms(t));
      if (claimed !== DUE) throw new Error(`${provider}: claimed ${claimed}`);
      await resetDue();
      t = process.hrtime.bigint();
      let claimedRaw = 0;
      for (const s of await raw.query<{ id: string; nextRunAt: Date | number }>(FIND_SQL, [false, now])) {
        await raw.query(CLAIM_SQL, [next, s.id, false, typeof s.nextRunAt === 'number' ? new Date(s.nextRunAt) : s.nextRunAt]);
        claimedRaw += 1;
      }
      claimRaw.push(ms(t));
      await resetDue();
      if (claimedRaw !== DUE) throw new Error(`${provider}: raw claimed ${claimedRaw}`);
    }
    const t = process.hrtime.bigint();
    const opened = await openDueRounds(ctx);
    const tick = ms(t);
    if (opened.length !== DUE) throw new Error(`${provider}: the tick opened ${opened.length} rounds, expected ${DUE}`);
    const f = median(find);
    const fr = median(findRaw);
    const c = median(claim);
    const cr = median(claimRaw);
    figures.push({ measure: `${provider}: find the ${DUE} due of ${SCHEDULES}`, unit: 'ms', value: f, baseline: fr, ratio: ratio(f, fr) });
    figures.push({ measure: `${provider}: claim (find + ${DUE} conditional updates)`, unit: 'ms', value: c, baseline: cr, ratio: ratio(c, cr), target: '< 50 ms', met: c < 50 });
    figures.push({ measure: `${provider}: full tick (claim + open ${DUE} rounds of 5 people)`, unit: 'ms', value: tick });
  } finally {
    await raw.close();
    await database.close();
    await bdb.drop();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const figures: Figure[] = [];
  const notes = [`median of ${REPEAT} runs for find and claim (raw SQL baseline: the same statements through the driver); the full tick once`];
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
