/**
 * Kill the sender mid-send and restart it: every email arrives exactly once.
 * The sender runs in a child process (drain-child.ts) against a real SMTP server in this process, which
 * hangs from message K on, so the SIGKILL lands while messages are in flight.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { testContext } from '../helpers/test-app';
import { createTestDatabase, testProvider, type TestDatabase } from '../helpers/test-db';
import { startSmtpServer, type TestSmtp } from '../helpers/smtp-server';
import { messageIdFor } from '../../server/domain/email/sender.service';
import type { AppContext } from '../../server/context';
import { countByMessageId, queueLoginLinks } from '../factories/email';

const ROOT = path.resolve(__dirname, '../..');
const LEASE_MS = 3000;
const TOTAL = 200;
const K = 73;

let smtp: TestSmtp;
let database: TestDatabase;
let ctx: AppContext;
const children: ChildProcess[] = [];

function startSender(url: string): { child: ChildProcess; exited: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/faults/drain-child.ts')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      APP_SECRET: process.env.APP_SECRET,
      DATABASE_URL: url,
      SMTP_URL: smtp.url,
      MAIL_RATE_PER_SECOND: '1000',
      MAIL_POOL_SIZE: '5',
      FAULT_LEASE_MS: String(LEASE_MS),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, exited };
}

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeEach(async () => {
  smtp = await startSmtpServer();
  database = await createTestDatabase();
  ctx = testContext(database);
});
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
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

  const first = startSender(database.url);
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

  const second = startSender(database.url);
  const done = await second.exited;
  expect(done.stderr).toBe('');
  expect(done.code).toBe(0);
  const result = JSON.parse(done.stdout.trim().split('\n').pop() as string) as { sent: number };
  expect(result.sent).toBe(TOTAL - K);

  expect(smtp.received).toHaveLength(TOTAL);
  const counts = countByMessageId(smtp.received.map((m) => m.messageId));
  expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
  expect(new Set(counts.keys())).toEqual(new Set(ids.map(messageIdFor)));
  expect(await ctx.db.outboxEmail.count({ where: { status: 'sent', secretData: null } })).toBe(TOTAL);
  // The messages that were in flight when the worker died were attempted twice.
  expect(await ctx.db.outboxEmail.count({ where: { attempts: 2 } })).toBeGreaterThanOrEqual(hung);
});
