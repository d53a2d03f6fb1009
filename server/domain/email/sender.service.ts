/**
 * Drains the outbox. Each row is claimed with a conditional update (pending, or sending with an expired
 * claim → sending, claimed by this worker until a lease ends), sent, then marked sent (its secrets wiped)
 * or scheduled for a retry with exponential backoff, or failed for good.
 *
 * Unknown outcomes: a claim whose worker died is taken over when its lease ends and the message is sent
 * again with the same Message-ID. The only duplicate this can cause is a message the SMTP server accepted
 * in the instant before the worker died; it carries the same Message-ID, which receiving servers use to
 * drop duplicates. Any other failure is known and handled once.
 */
import crypto from 'node:crypto';
import type { AppContext } from '../../context';
import { toLocale } from '../../i18n/i18n';
import { renderEmail } from './templates';
import { SendError, type MailTransport } from './transport';

export const MAX_ATTEMPTS = 8;
const LEASE_MS = 2 * 60_000;

/** Seconds to wait before attempt `attempt + 1`: e^min(10, attempt), as graphile-worker does. */
export function backoffSeconds(attempt: number): number {
  return Math.exp(Math.min(10, attempt));
}

export interface DrainOptions {
  workerId?: string;
  batchSize?: number;
  /** Messages in flight at once (match the SMTP pool size). */
  concurrency?: number;
  /** Upper bound on messages per second for this worker. */
  ratePerSecond?: number;
  /** Stop after this many messages (tests, benchmarks); default: until nothing is due. */
  limit?: number;
}

export interface DrainResult {
  sent: number;
  retried: number;
  failed: number;
}

async function claimBatch(ctx: AppContext, workerId: string, size: number): Promise<string[]> {
  const now = ctx.clock.now();
  const due = { OR: [{ status: 'pending', nextAttemptAt: { lte: now } }, { status: 'sending', claimedUntil: { lt: now } }] };
  const candidates = await ctx.db.outboxEmail.findMany({
    where: due,
    select: { id: true },
    orderBy: { nextAttemptAt: 'asc' },
    take: size,
  });
  const claimed: string[] = [];
  for (const { id } of candidates) {
    const { count } = await ctx.db.outboxEmail.updateMany({
      where: { id, ...due },
      data: { status: 'sending', claimedBy: workerId, claimedUntil: new Date(now.getTime() + LEASE_MS), attempts: { increment: 1 } },
    });
    if (count === 1) claimed.push(id);
  }
  return claimed;
}

type OutboxRow = Awaited<ReturnType<AppContext['db']['outboxEmail']['findUniqueOrThrow']>>;
interface Sender {
  companyName: string;
  replyTo?: string;
}

async function sendOne(ctx: AppContext, transport: MailTransport, row: OutboxRow, sender: Sender, workerId: string): Promise<keyof DrainResult> {
  const id = row.id;
  const mine = { id, status: 'sending', claimedBy: workerId };
  try {
    const secret = row.secretData ? (JSON.parse(ctx.keyring.open(row.secretData)) as Record<string, string>) : {};
    const vars = { ...(JSON.parse(row.data) as Record<string, unknown>), ...secret, companyName: sender.companyName };
    const rendered = renderEmail(row.template, toLocale(row.locale), vars);
    await transport.send({
      ...rendered,
      messageId: `<${row.id}@pulse.invalid>`,
      from: ctx.config.MAIL_FROM,
      to: row.toAddress,
      toName: row.toName ?? undefined,
      replyTo: sender.replyTo,
    });
    await ctx.db.outboxEmail.updateMany({
      where: mine,
      data: { status: 'sent', sentAt: ctx.clock.now(), secretData: null, claimedBy: null, claimedUntil: null, lastError: null },
    });
    return 'sent';
  } catch (err) {
    const failure = err instanceof SendError ? err : new SendError(String(err), false);
    const giveUp = failure.permanent || row.attempts >= MAX_ATTEMPTS;
    const next = new Date(ctx.clock.now().getTime() + backoffSeconds(row.attempts) * 1000);
    await ctx.db.outboxEmail.updateMany({
      where: mine,
      data: giveUp
        ? { status: 'failed', lastError: failure.message, secretData: null, claimedBy: null, claimedUntil: null }
        : { status: 'pending', lastError: failure.message, nextAttemptAt: next, claimedBy: null, claimedUntil: null },
    });
    ctx.logger.warn({ outboxId: id, attempt: row.attempts, permanent: giveUp, err: failure.message }, 'email not sent');
    return giveUp ? 'failed' : 'retried';
  }
}

/** Sends every due email (or `limit` of them), `concurrency` at a time, at most `ratePerSecond`. */
export async function drainOutbox(ctx: AppContext, transport: MailTransport, opts: DrainOptions = {}): Promise<DrainResult> {
  const workerId = opts.workerId ?? `w-${crypto.randomBytes(4).toString('hex')}`;
  const concurrency = opts.concurrency ?? ctx.config.MAIL_POOL_SIZE;
  const rate = opts.ratePerSecond ?? ctx.config.MAIL_RATE_PER_SECOND;
  const result: DrainResult = { sent: 0, retried: 0, failed: 0 };
  const started = Date.now();
  let done = 0;
  const settings = await ctx.db.orgSettings.findUnique({ where: { id: 1 } });
  const sender: Sender = { companyName: settings?.companyName ?? 'Pulse', replyTo: settings?.replyToEmail ?? undefined };
  for (;;) {
    const room = opts.limit === undefined ? (opts.batchSize ?? 100) : Math.min(opts.batchSize ?? 100, opts.limit - done);
    if (room <= 0) break;
    const ids = await claimBatch(ctx, workerId, room);
    if (ids.length === 0) break;
    const rows = await ctx.db.outboxEmail.findMany({ where: { id: { in: ids } } });
    let next = 0;
    const workers = Array.from({ length: Math.min(concurrency, rows.length) }, async () => {
      while (next < rows.length) {
        const row = rows[next++];
        // Pace: message number `done` may not start before done / rate seconds after the start.
        const wait = started + (done / rate) * 1000 - Date.now();
        done += 1;
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        result[await sendOne(ctx, transport, row, sender, workerId)] += 1;
      }
    });
    await Promise.all(workers);
  }
  return result;
}
