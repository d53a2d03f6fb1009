/**
 * Benchmark 3 (round fan-out): opening a round for 10,000 employees (one transaction: round, questions,
 * invitations, outbox rows) and delivering every invitation through the outbox sender (drainOutbox, pooled
 * nodemailer) to an SMTP server in a child process on 127.0.0.1 that counts messages by Message-ID.
 * Baseline: the same nodemailer pool sending the same, pre-rendered messages directly, as many in flight.
 * Asserts every email delivered exactly once. Env: BENCH_FANOUT_PEOPLE (default 10000).
 */
import crypto from 'node:crypto';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { Provider } from '../server/db/providers';
import { loadConfig } from '../server/config';
import { createLogger } from '../server/logger';
import { openDatabase } from '../server/db/client';
import { Keyring } from '../server/secrets';
import { systemClock } from '../server/clock';
import type { AppContext } from '../server/context';
import { smtpTransport, type Envelope } from '../server/domain/email/transport';
import { renderEmail } from '../server/domain/email/templates';
import { drainOutbox } from '../server/domain/email/sender.service';
import { openRoundNow } from '../server/domain/rounds/open-round.service';
import { createBenchDatabase, pgAvailable } from './lib/databases';
import { openRawSql } from './lib/raw-sql';
import { seedOrg, seedSurvey } from './lib/seed';
import { spawnTs } from './lib/processes';
import { machine, ratio, saveResult, type Figure } from './lib/report';

const PEOPLE = Number(process.env.BENCH_FANOUT_PEOPLE ?? 10_000);
const POOL = 5;
/** Interleaved repetitions (direct, then Pulse); each figure is the median of its runs. */
const RUNS = Number(process.env.BENCH_FANOUT_RUNS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Stats {
  total: number;
  unique: number;
  duplicates: number;
}

function ask<T>(child: ChildProcess, msg: string): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as T));
    child.send(msg);
  });
}

async function startSink(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawnTs(path.join(__dirname, 'smtp-sink.ts'), []);
  const { port } = await new Promise<{ port: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('SMTP sink did not start')), 30_000);
    child.once('message', (m) => {
      clearTimeout(timer);
      resolve(m as { port: number });
    });
  });
  return { child, url: `smtp://127.0.0.1:${port}` };
}

/** `work` on `n` items, `lanes` at a time. */
async function inLanes(n: number, lanes: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: lanes }, async () => {
    while (next < n) await work(next++);
  }));
}

function expectOnce(stats: Stats, what: string): void {
  if (stats.total !== PEOPLE || stats.unique !== PEOPLE || stats.duplicates !== 0) {
    throw new Error(`${what}: ${stats.total} messages received, ${stats.unique} distinct, ${stats.duplicates} duplicated; expected ${PEOPLE} once each`);
  }
}

async function benchProvider(provider: Provider, sinkChild: ChildProcess, sinkUrl: string, figures: Figure[], notes: string[]): Promise<void> {
  const bdb = await createBenchDatabase(provider, 'fanout');
  const raw = await openRawSql(bdb.url);
  await seedOrg(raw, { people: PEOPLE, teams: 200, departments: 20 });
  const { surveyId } = await seedSurvey(raw);
  await raw.close();
  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: bdb.url, APP_SECRET: crypto.randomBytes(32).toString('hex'), BASE_URL: 'http://127.0.0.1:3000', SMTP_URL: sinkUrl, MAIL_POOL_SIZE: String(POOL), LOG_LEVEL: 'warn' });
  const database = await openDatabase(bdb.url, config.DATABASE_POOL_SIZE);
  const mail = smtpTransport(sinkUrl, POOL);
  const ctx: AppContext = { config, db: database.db, provider, logger: createLogger('warn'), keyring: new Keyring(config.APP_SECRET as string), clock: systemClock, mail, kick: () => undefined };
  const directRuns: number[] = [];
  const openRuns: number[] = [];
  const drainRuns: number[] = [];
  try {
    for (let r = 0; r < RUNS; r++) {
      // Baseline: the same pool sending the same messages, rendered beforehand.
      await ask(sinkChild, 'reset');
      const vars = { title: 'Weekly pulse', closesAt: new Date().toISOString(), timeZone: 'UTC', companyName: 'Bench Co' };
      const envelopes: Envelope[] = Array.from({ length: PEOPLE }, (_, i) => ({
        ...renderEmail('survey-invite', 'en', { ...vars, name: `Person ${i + 1}`, link: `http://127.0.0.1:3000/s/${crypto.randomBytes(32).toString('base64url')}` }),
        messageId: `<direct-${i}-${crypto.randomUUID()}@bench.invalid>`,
        from: config.MAIL_FROM,
        to: `person${i + 1}@bench.test`,
        toName: `Person ${i + 1}`,
      }));
      const direct = smtpTransport(sinkUrl, POOL);
      const d0 = Date.now();
      await inLanes(PEOPLE, POOL, (i) => direct.send(envelopes[i]));
      const directMs = Date.now() - d0;
      direct.close();
      expectOnce(await ask<Stats>(sinkChild, 'stats'), `${provider} direct`);

      await ask(sinkChild, 'reset');
      const t0 = Date.now();
      const round = await openRoundNow(ctx, surveyId, { audience: { kind: 'company', ids: [] }, windowDays: 5, reminderCount: 2 });
      const openMs = Date.now() - t0;
      const t1 = Date.now();
      const drained = await drainOutbox(ctx, mail, { concurrency: POOL, ratePerSecond: 1_000_000, limit: PEOPLE + 10 });
      const drainMs = Date.now() - t1;
      const stats = await ask<Stats>(sinkChild, 'stats');
      if (round.invitedCount !== PEOPLE || drained.sent !== PEOPLE) throw new Error(`${provider}: invited ${round.invitedCount}, sent ${drained.sent} of ${PEOPLE}`);
      expectOnce(stats, `${provider} outbox`);
      directRuns.push(directMs);
      openRuns.push(openMs);
      drainRuns.push(drainMs);
      console.log(`  ${provider} run ${r + 1}: direct ${directMs} ms, open ${openMs} ms, deliver ${drainMs} ms`);
    }
    const directMs = median(directRuns);
    const openMs = median(openRuns);
    const drainMs = median(drainRuns);
    const rates = (runs: number[]) => runs.map((ms) => Math.round((PEOPLE / ms) * 1000)).join(' / ');
    notes.push(`${provider}: direct ${rates(directRuns)} emails/s, Pulse ${rates(drainRuns)} emails/s, opening ${openRuns.join(' / ')} ms over ${RUNS} runs`);
    const directRate = Math.round((PEOPLE / directMs) * 1000);
    const drainRate = Math.round((PEOPLE / drainMs) * 1000);
    const totalRate = Math.round((PEOPLE / (openMs + drainMs)) * 1000);
    figures.push({ measure: `${provider}: open a round for ${PEOPLE}`, unit: 'ms', value: openMs });
    figures.push({ measure: `${provider}: outbox delivery rate`, unit: 'emails/s', value: drainRate, baseline: directRate, ratio: ratio(drainRate, directRate), target: '≥ 0.8× direct', met: drainRate >= 0.8 * directRate });
    figures.push({ measure: `${provider}: open + deliver all, total`, unit: 'ms', value: openMs + drainMs, baseline: directMs, ratio: ratio(openMs + drainMs, directMs) });
    figures.push({ measure: `${provider}: end-to-end rate (open + deliver)`, unit: 'emails/s', value: totalRate, baseline: directRate, ratio: ratio(totalRate, directRate) });
    notes.push(`${provider}: every run, ${PEOPLE} distinct Message-IDs received for ${PEOPLE} invitations, none twice (direct baseline likewise)`);
  } finally {
    mail.close();
    await database.close();
    await bdb.drop();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const figures: Figure[] = [];
  const notes: string[] = [
    `SMTP pool of ${POOL} connections (100 messages each), ${POOL} messages in flight on both sides; the sender's rate limit lifted (ratePerSecond 1e6) to measure its machinery; ${RUNS} interleaved runs, each figure the median`,
  ];
  const sink = await startSink();
  try {
    const providers: Provider[] = ['sqlite'];
    if (await pgAvailable()) providers.push('postgresql');
    else notes.push('PostgreSQL not reachable: skipped');
    for (const p of providers) await benchProvider(p, sink.child, sink.url, figures, notes);
  } finally {
    sink.child.disconnect();
  }
  saveResult({ name: 'fanout', title: `Benchmark 3: round fan-out to ${PEOPLE} people over SMTP on loopback (baseline: nodemailer direct, same pool)`, ranAt: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000), machine: machine(), figures, notes });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
