/**
 * A round's whole invitation fan-out, with the sender SIGKILLed twice mid-send and restarted: every invitee
 * receives their own invitation exactly once (per recipient and Message-ID), with their own personal link.
 * The sender is the app's own (drain-child.ts, a child process) sending to a real SMTP server in this process;
 * from a chosen delivery on the server stops answering, so each kill lands with messages in flight.
 */
import type { ChildProcess } from 'node:child_process';
import { testContext } from '../helpers/test-app';
import { createTestDatabase, testProvider, type TestDatabase } from '../helpers/test-db';
import { startSmtpServer, type TestSmtp } from '../helpers/smtp-server';
import type { AppContext } from '../../server/context';
import { buildEmployee, buildTeam } from '../factories';
import { openTestRound } from '../rounds/round-helpers';
import { drainResult, killAll, startSender, tally, until, type SenderChild } from './fault-helpers';

const LEASE_MS = 3000;
const PEOPLE = 400;
/** The server accepts deliveries up to each of these counts, then hangs until the sender is killed. */
const KILLS_AT = [90, 260];

let smtp: TestSmtp;
let database: TestDatabase;
let ctx: AppContext;
const children: ChildProcess[] = [];
/** Deliveries the server is holding without an answer. */
let inFlight = 0;

beforeEach(async () => {
  smtp = await startSmtpServer();
  database = await createTestDatabase();
  ctx = testContext(database);
});
afterEach(async () => {
  killAll(children);
  await smtp.close();
  await database.destroy();
});

/** Waits until the server hangs at `stopAt` deliveries and every accepted one is recorded, then SIGKILLs `sender`. */
async function killMidSend(sender: SenderChild, stopAt: number): Promise<number> {
  await until('the server to hang', () => smtp.received.length === stopAt && inFlight > 0);
  await until('accepted messages to be recorded', async () => (await ctx.db.outboxEmail.count({ where: { status: 'sent' } })) === stopAt);
  const sending = await ctx.db.outboxEmail.count({ where: { status: 'sending' } });
  sender.child.kill('SIGKILL');
  expect((await sender.exited).signal).toBe('SIGKILL');
  return sending;
}

it(`on ${testProvider()}: a round's fan-out to ${PEOPLE} people survives two kill -9 of its sender: each invitation once, none lost`, async () => {
  const team = await buildTeam(ctx.db);
  for (let i = 0; i < PEOPLE; i++) await buildEmployee(ctx.db, { teamId: team.id });
  const { roundId, links } = await openTestRound(ctx);
  const recipients = (await ctx.db.employee.findMany({ where: { active: true }, select: { email: true } })).map((e) => e.email.toLowerCase());
  expect(await ctx.db.outboxEmail.count({ where: { roundId, template: 'survey-invite' } })).toBe(PEOPLE);

  let stopAt = KILLS_AT[0];
  inFlight = 0;
  smtp.behaviour = () => {
    if (smtp.received.length < stopAt) return 'accept';
    inFlight += 1;
    return 'hang';
  };

  let sender = startSender(children, { databaseUrl: database.url, smtpUrl: smtp.url, leaseMs: LEASE_MS });
  for (const [n, at] of KILLS_AT.entries()) {
    const claimedAtKill = await killMidSend(sender, at);
    expect(claimedAtKill).toBeGreaterThan(0);
    // The dead worker's claims hold until their lease ends; then a new process takes them over.
    const claims = await ctx.db.outboxEmail.findMany({ where: { status: 'sending' }, select: { claimedUntil: true } });
    const leaseEnd = Math.max(...claims.map((c) => c.claimedUntil?.getTime() ?? 0));
    await until('the lease to end', () => Date.now() > leaseEnd + 50, LEASE_MS * 3);
    inFlight = 0;
    stopAt = KILLS_AT[n + 1] ?? Number.POSITIVE_INFINITY;
    sender = startSender(children, { databaseUrl: database.url, smtpUrl: smtp.url, leaseMs: LEASE_MS });
  }
  const done = await sender.exited;
  expect(done.stderr).toBe('');
  expect(done.code).toBe(0);
  expect(drainResult(done).sent).toBe(PEOPLE - KILLS_AT[KILLS_AT.length - 1]);

  const t = tally(`round fan-out, sender kill -9 twice and restarted`, smtp.received, recipients);
  expect(t).toEqual({ expected: PEOPLE, sent: PEOPLE, duplicated: 0, lost: 0 });
  // Each person got their own link, once: the links in the emails are exactly the round's links.
  const perRecipient = new Map(smtp.received.map((m) => [m.to[0], /https?:\/\/[^/\s"]+(\/s\/[A-Za-z0-9_-]+)/.exec(m.raw)?.[1]]));
  expect(new Set(perRecipient.values())).toEqual(new Set(links.values()));
  expect(perRecipient.size).toBe(PEOPLE);
  expect(await ctx.db.outboxEmail.count({ where: { roundId, status: 'sent', secretData: null } })).toBe(PEOPLE);
});
