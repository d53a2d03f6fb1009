/**
 * Kill the sender mid-send and restart it: every email arrives exactly once.
 * The sender runs in a child process (drain-child.ts) against a real SMTP server in this process, which
 * hangs from message K on, so the SIGKILL lands while messages are in flight.
 */
import type { ChildProcess } from 'node:child_process';
import { testContext } from '../helpers/test-app';
import { createTestDatabase, testProvider, type TestDatabase } from '../helpers/test-db';
import { startSmtpServer, type TestSmtp } from '../helpers/smtp-server';
import { messageIdFor } from '../../server/domain/email/sender.service';
import type { AppContext } from '../../server/context';
import { countByMessageId, queueLoginLinks } from '../factories/email';
import { drainResult, killAll, startSender, tally, until } from './fault-helpers';

const LEASE_MS = 3000;
const TOTAL = 200;
const K = 73;

let smtp: TestSmtp;
let database: TestDatabase;
let ctx: AppContext;
const children: ChildProcess[] = [];

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

it(`on ${testProvider()}: a sender killed mid-send and restarted delivers each of ${TOTAL} emails exactly once`, async () => {
  const ids = await queueLoginLinks(ctx, TOTAL);
  let hung = 0;
  smtp.behaviour = (_mail, index) => {
    if (index < K) return 'accept';
    hung += 1;
    return 'hang';
  };

  const first = startSender(children, { databaseUrl: database.url, smtpUrl: smtp.url, leaseMs: LEASE_MS });
  // Every accepted message is recorded as sent, and the next ones hang in flight: now kill.
  await until('the server to hang', () => hung > 0);
  await until('accepted messages to be recorded', async () => (await ctx.db.outboxEmail.count({ where: { status: 'sent' } })) === smtp.received.length);
  expect(smtp.received).toHaveLength(K);
  const inFlight = await ctx.db.outboxEmail.count({ where: { status: 'sending' } });
  expect(inFlight).toBeGreaterThanOrEqual(hung);
  first.child.kill('SIGKILL');
  expect((await first.exited).signal).toBe('SIGKILL');

  smtp.behaviour = () => 'accept';
  // The dead worker's claims hold until their lease ends.
  const claims = await ctx.db.outboxEmail.findMany({ where: { status: 'sending' }, select: { claimedUntil: true } });
  const leaseEnd = Math.max(...claims.map((c) => c.claimedUntil?.getTime() ?? 0));
  await until('the lease to end', () => Date.now() > leaseEnd + 50, LEASE_MS * 2);

  const second = startSender(children, { databaseUrl: database.url, smtpUrl: smtp.url, leaseMs: LEASE_MS });
  const done = await second.exited;
  expect(done.stderr).toBe('');
  expect(done.code).toBe(0);
  expect(drainResult(done).sent).toBe(TOTAL - K);

  expect(tally('sender killed mid-send, restarted', smtp.received, ids.map((_, i) => `person-${i}@example.com`))).toEqual({ expected: TOTAL, sent: TOTAL, duplicated: 0, lost: 0 });
  expect(smtp.received).toHaveLength(TOTAL);
  const counts = countByMessageId(smtp.received.map((m) => m.messageId));
  expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
  expect(new Set(counts.keys())).toEqual(new Set(ids.map(messageIdFor)));
  expect(await ctx.db.outboxEmail.count({ where: { status: 'sent', secretData: null } })).toBe(TOTAL);
  // The messages that were in flight when the worker died were attempted twice.
  expect(await ctx.db.outboxEmail.count({ where: { attempts: 2 } })).toBeGreaterThanOrEqual(hung);
});
