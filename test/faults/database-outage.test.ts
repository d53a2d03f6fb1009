/**
 * The database going away while a round is open, answers arrive and emails go out, under the real server
 * process (its jobs on) sending to a real SMTP server in this process. The case follows the provider:
 * - PostgreSQL: a private cluster (private-postgres.ts, never the shared server) is stopped for a few seconds
 *   and started again mid-traffic.
 * - SQLite: another process holds the database file's write lock (BEGIN EXCLUSIVE) for longer than the busy
 *   timeout mid-traffic.
 * People whose page did not come back press "send" again until it does. Counted: answers acknowledged vs
 * stored (after release), emails expected / sent / duplicated, and what people saw during the outage.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { testContext } from '../helpers/test-app';
import { createTestDatabaseUrl, testProvider } from '../helpers/test-db';
import { startSmtpServer, type TestSmtp } from '../helpers/smtp-server';
import { openDatabase, type Database } from '../../server/db/client';
import type { AppContext } from '../../server/context';
import { buildEmployee, buildOrg, buildTeam } from '../factories';
import { buildSchedule, buildSurvey } from '../factories/surveys';
import { closeAndRelease, openTestRound } from '../rounds/round-helpers';
import { messageIdFor } from '../../server/domain/email/sender.service';
import { startInstance, type Instance } from '../instances/cluster';
import { startPrivatePostgres, type PrivatePostgres } from './private-postgres';
import { tally, until } from './fault-helpers';

const PEOPLE = 120;
const FORM = new URLSearchParams({ q1: '9', q2: '4', q3: '1', q4: '2', q5: 'More focus time' }).toString();
const SQLITE_LOCK_MS = 7_000; // the app's busy timeout is 5 s
const PG_DOWN_MS = 4_000;

interface Fault {
  name: string;
  /** Where the database is; `drop` removes it after the test. */
  database(): Promise<{ url: string; drop: () => Promise<void> }>;
  /** Makes the database unavailable for a while; resolves when it is back, with when it was out of reach. */
  inject(url: string): Promise<{ from: number; to: number }>;
}

let pg: PrivatePostgres | undefined;
const children: ChildProcess[] = [];

/** Holds the SQLite file's write lock from another process for `ms`. */
function lockSqliteFile(url: string, ms: number): Promise<{ from: number; to: number }> {
  const file = url.replace(/^file:/, '');
  const script = `const D=require('better-sqlite3');const d=new D(${JSON.stringify(file)});d.exec('BEGIN EXCLUSIVE');process.stdout.write('locked\\n');setTimeout(()=>{d.exec('COMMIT');d.close();},${ms});`;
  const child = spawn(process.execPath, ['-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  let from = 0;
  child.stdout?.on('data', () => (from ||= Date.now()));
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => (code === 0 && from ? resolve({ from, to: Date.now() }) : reject(new Error(`the lock holder exited with ${code}`))));
  });
}

const cases: Fault[] =
  testProvider() === 'postgresql'
    ? [
        {
          name: `PostgreSQL stopped for ${PG_DOWN_MS / 1000} s and started again`,
          database: async () => {
            pg = await startPrivatePostgres();
            return { url: pg.url, drop: async () => pg?.destroy() };
          },
          inject: async () => {
            const from = Date.now();
            pg?.stop();
            await new Promise((r) => setTimeout(r, PG_DOWN_MS));
            pg?.start();
            return { from, to: Date.now() };
          },
        },
      ]
    : [
        {
          name: `the SQLite file locked by another process for ${SQLITE_LOCK_MS / 1000} s`,
          database: () => createTestDatabaseUrl(),
          inject: (url) => lockSqliteFile(url, SQLITE_LOCK_MS),
        },
      ];

let smtp: TestSmtp;
let database: Database | undefined;
let drop: (() => Promise<void>) | undefined;
let server: Instance | undefined;

beforeEach(async () => {
  smtp = await startSmtpServer();
});
afterEach(async () => {
  if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  await database?.close();
  await smtp.close();
  await drop?.();
});

for (const fault of cases) {
  it(`on ${testProvider()}: ${fault.name} while a round is open, answers arrive and emails go out: nothing lost, nothing twice`, async () => {
    const created = await fault.database();
    drop = created.drop;
    const url = created.url;
    // The server migrates the database at start (a fresh one for PostgreSQL), before this test connects.
    server = await startInstance(0, { DATABASE_URL: url, BASE_URL: 'http://pulse.test', SMTP_URL: smtp.url, MAIL_RATE_PER_SECOND: '25', JOBS_ENABLED: 'true', DATABASE_POOL_SIZE: '5' });
    const base = `http://127.0.0.1:${server.port}`;
    database = await openDatabase(url, 3);
    const ctx: AppContext = testContext({ ...database, url, destroy: async () => undefined });

    await buildOrg(ctx.db);
    const team = await buildTeam(ctx.db);
    for (let i = 0; i < PEOPLE; i++) await buildEmployee(ctx.db, { teamId: team.id });
    const everyone = (await ctx.db.employee.findMany({ where: { active: true }, select: { email: true } })).map((e) => e.email.toLowerCase());
    const { roundId, links } = await openTestRound(ctx);
    const survey = await buildSurvey(ctx.db, { title: 'Weekly pulse' });
    const schedule = await buildSchedule(ctx.db, survey.id, { nextRunAt: new Date(Date.now() + 2_000) });
    const kick = () => ['send-emails', 'open-rounds'].forEach((job) => server?.kick(job));
    kick();

    // Answers arrive two at a time; whoever gets no page back tries again half a second later.
    const outage: Record<string, number> = {};
    const acknowledged: string[] = [];
    const ackedAt: number[] = [];
    const toldAnswered: string[] = [];
    let unavailable: { page: string; retryAfter: string | null } | undefined;
    const queue = [...links.values()];
    const answerers = Array.from({ length: 2 }, async () => {
      for (let link = queue.shift(); link; link = queue.shift()) {
        for (let tries = 0; ; tries++) {
          let status: number | string;
          try {
            const res = await fetch(`${base}${link}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: FORM, signal: AbortSignal.timeout(20_000) });
            const page = await res.text();
            status = res.status;
            if (status === 503) unavailable ??= { page, retryAfter: res.headers.get('retry-after') };
          } catch (err) {
            status = (err as Error).name;
          }
          if (status === 200) {
            acknowledged.push(link);
            ackedAt.push(Date.now());
          }
          if (status === 409) toldAnswered.push(link);
          if (status === 200 || status === 409) break;
          outage[status] = (outage[status] ?? 0) + 1;
          if (tries > 120) throw new Error(`${link} never answered: ${status}`);
          await new Promise((r) => setTimeout(r, 500));
        }
        await new Promise((r) => setTimeout(r, 40));
      }
    });

    // Mid-traffic: some answers stored and some invitations sent, the rest still to come.
    await until('traffic under way', async () => acknowledged.length >= 15 && smtp.received.length >= 15, 60_000, 50);
    const before = { answers: acknowledged.length, emails: smtp.received.length };
    const { from: faultStart, to: faultEnd } = await fault.inject(url);
    const after = { answers: acknowledged.length, emails: smtp.received.length };
    const kicking = setInterval(kick, 2_000);
    try {
      await Promise.all(answerers);
      await until('the scheduled round to open', async () => (await ctx.db.round.count({ where: { scheduleId: schedule.id } })) === 1, 90_000, 250);
      await until('the outbox to drain', async () => (await ctx.db.outboxEmail.count({ where: { status: { in: ['pending', 'sending'] } } })) === 0, 200_000, 500);
    } finally {
      clearInterval(kicking);
    }
    expect(before.answers).toBeLessThan(PEOPLE);
    expect(before.emails).toBeLessThan(everyone.length);

    // Every email once: the open round's invitations and those of the round the schedule opened after the outage.
    const rows = await ctx.db.outboxEmail.findMany({ select: { id: true, roundId: true, status: true } });
    const ofRound = (id: string) => new Set(rows.filter((r) => r.roundId === id).map((r) => messageIdFor(r.id)));
    const [scheduled] = await ctx.db.round.findMany({ where: { scheduleId: schedule.id } });
    const once = { expected: everyone.length, sent: everyone.length, duplicated: 0, lost: 0 };
    expect(tally(`${fault.name}: open round's invitations`, smtp.received.filter((m) => ofRound(roundId).has(m.messageId)), everyone)).toEqual(once);
    expect(tally(`${fault.name}: scheduled round's invitations`, smtp.received.filter((m) => ofRound(scheduled.id).has(m.messageId)), everyone)).toEqual(once);
    expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
    expect(smtp.received).toHaveLength(rows.length);

    // Answers: every link answered once; everything acknowledged is stored; released whole.
    const answered = await ctx.db.invitation.count({ where: { roundId, answered: true } });
    expect(answered).toBe(PEOPLE + 1);
    expect(acknowledged.length + toldAnswered.length).toBe(PEOPLE + 1);
    expect(new Set([...acknowledged, ...toldAnswered]).size).toBe(PEOPLE + 1);
    expect(await closeAndRelease(ctx, roundId)).toBe(PEOPLE + 1);
    const perResponse = await ctx.db.answer.groupBy({ by: ['responseId'], where: { response: { roundId } }, _count: { _all: true } });
    expect(perResponse).toHaveLength(PEOPLE + 1);
    expect(perResponse.filter((r) => r._count._all !== 5)).toEqual([]);
    // The fault bit: no answer was acknowledged for most of the time it lasted.
    const times = [faultStart, ...ackedAt.filter((at) => at > faultStart && at < faultEnd), faultEnd].sort((a, b) => a - b);
    const stall = Math.max(...times.slice(1).map((at, i) => at - times[i]));
    expect(stall).toBeGreaterThan((faultEnd - faultStart) / 2);
    const recovered = Math.min(...ackedAt.filter((at) => at >= faultEnd)) - faultEnd;
    const seen = Object.entries(outage).map(([s, n]) => `${n}× ${s}`).join(', ') || 'nothing';
    process.stdout.write(
      `[faults] ${fault.name}: answers acknowledged ${acknowledged.length} + told already answered ${toldAnswered.length} / stored ${answered} / released ${perResponse.length}; ` +
        `during the outage people saw ${seen}; ${before.answers}→${after.answers} answers and ${before.emails}→${after.emails} emails across it, out of reach ${faultEnd - faultStart} ms, longest stall ${stall} ms, first answer ${recovered} ms after the database was back\n`,
    );
    // A database outage is answered as "try again" (503), never as a server error page (500).
    expect(Object.keys(outage).filter((s) => s === '500')).toEqual([]);
    if (unavailable) {
      expect(unavailable.page).toContain('Pulse cannot reach its database just now');
      expect(unavailable.retryAfter).toBe('5');
    }
    if (testProvider() === 'postgresql') expect(outage['503']).toBeGreaterThan(0);
  }, 240_000);
}
