/**
 * Drains the outbox. Rows are claimed in batches with one conditional update (see outbox-claims.ts), sent
 * `concurrency` at a time and no faster than `ratePerSecond`, then marked sent (secrets wiped), scheduled for
 * a retry after e^min(10, attempt) seconds (SMTP 4xx, network errors), or failed for good (SMTP 5xx, a
 * template that cannot render, or MAX_ATTEMPTS used up), with the reason in `lastError`.
 *
 * Crashes: a row is `sending` only while a live worker holds its lease. If the worker dies, the row is
 * taken over when the lease ends and sent again with the same Message-ID. The only duplicate this can cause
 * is a message the SMTP server accepted in the instant before the worker died (or whose reply was lost);
 * receiving servers can drop it by its Message-ID. A batch is never larger than can be sent well within
 * the lease, and rows not started before the lease runs low are handed back untried. The next batch is claimed
 * while the current one is being sent, and lanes move on to it one by one as the current one runs out (at most
 * three batches held at once: the tail of one, the one being sent, the one claimed ahead); each delivery is
 * recorded on its own, through the raw driver where there is one.
 */
import crypto from 'node:crypto';
import type { AppContext } from '../../context';
import { toLocale } from '../../i18n/i18n';
import { renderEmail, type RenderedEmail } from './templates';
import { SendError, type MailTransport } from './transport';
import { claimDue, DEFAULT_LEASE_MS, failAbandoned, releaseClaims, type Claim } from './outbox-claims';
import { outboxStoreFor, type OutboxStore } from '../../db/raw/outbox-store';

export const MAX_ATTEMPTS = 8;
/** A delivery's record is retried until this long before its claim's lease ends. */
const RECORD_MARGIN_MS = 5_000;

/** Seconds to wait before attempt `attempt + 1`: e^min(10, attempt), as graphile-worker does. */
export function backoffSeconds(attempt: number): number {
  return Math.exp(Math.min(10, attempt));
}

/** The Message-ID of an outbox row: stable across retries and takeovers. */
export function messageIdFor(outboxId: string): string {
  return `<${outboxId}@pulse.invalid>`;
}

export interface DrainOptions {
  workerId?: string;
  batchSize?: number;
  /** Messages in flight at once (default MAIL_POOL_SIZE, the SMTP pool size). */
  concurrency?: number;
  /** Upper bound on messages per second for this worker (default MAIL_RATE_PER_SECOND). */
  ratePerSecond?: number;
  /** How long a claim lasts (default 2 minutes). */
  leaseMs?: number;
  /** Stop after this many messages (tests, benchmarks); default: until nothing is due. */
  limit?: number;
}

export interface DrainResult {
  sent: number;
  retried: number;
  failed: number;
  /** Claimed but handed back untried because the lease was running low. */
  released: number;
}

type OutboxRow = Claim['rows'][number];
interface Sender {
  companyName: string;
  replyTo?: string;
}
type Outcome = 'sent' | 'retried' | 'failed';
type Batch = Claim & { claimedAt: number; fresh: boolean };
/** A batch being sent: `next` is the first row no lane has taken yet. */
type Active = Batch & { next: number; startBy: number };

function render(ctx: AppContext, row: OutboxRow, sender: Sender): RenderedEmail {
  const secret = row.secretData ? (JSON.parse(ctx.keyring.open(row.secretData)) as Record<string, string>) : {};
  const vars = { ...(JSON.parse(row.data) as Record<string, unknown>), ...secret, companyName: sender.companyName };
  return renderEmail(row.template, toLocale(row.locale), vars);
}

function rawStore(ctx: AppContext): OutboxStore | null {
  return outboxStoreFor(ctx.config.DATABASE_URL, ctx.provider, ctx.config.DATABASE_POOL_SIZE);
}

/**
 * Records the end of one attempt, if this claim still holds the row. A delivery (the common case, once per
 * email) goes through the raw driver when there is one (server/db/raw/outbox-store.ts), with the same condition.
 */
async function settle(ctx: AppContext, row: OutboxRow, token: string, outcome: Outcome, error?: string): Promise<void> {
  const store = outcome === 'sent' ? rawStore(ctx) : null;
  if (store) {
    if (!(await store.markSent(row.id, token, ctx.clock.now()))) ctx.logger.warn({ outboxId: row.id, outcome }, 'email claim was taken over before it was settled');
    return;
  }
  const released = { claimedBy: null, claimedUntil: null };
  const data =
    outcome === 'sent'
      ? { ...released, status: 'sent', sentAt: ctx.clock.now(), secretData: null, lastError: null }
      : outcome === 'failed'
        ? { ...released, status: 'failed', secretData: null, lastError: error }
        : { ...released, status: 'pending', lastError: error, nextAttemptAt: new Date(ctx.clock.now().getTime() + backoffSeconds(row.attempts) * 1000) };
  const { count } = await ctx.db.outboxEmail.updateMany({ where: { id: row.id, status: 'sending', claimedBy: token }, data });
  if (count === 0) ctx.logger.warn({ outboxId: row.id, outcome }, 'email claim was taken over before it was settled');
}

interface Attempt {
  outcome: Outcome;
  /** Resolves once a delivery is recorded (or failed to be: logged); never rejects. */
  recorded: Promise<void>;
}
const NOTHING_TO_RECORD = Promise.resolve();

/**
 * Records a delivery, trying again while the database is out of reach (restarting, locked) until `by` (shortly
 * before the claim's lease ends): a delivery recorded late is still recorded once, where giving up at the first
 * error would leave the row to be sent a second time when its lease ends.
 */
async function recordDelivery(ctx: AppContext, row: OutboxRow, token: string, by: number): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await settle(ctx, row, token, 'sent');
    } catch (err) {
      const wait = Math.min(2_000, 100 * 2 ** attempt);
      if (Date.now() + wait > by) throw err;
      if (attempt === 0) ctx.logger.warn({ outboxId: row.id, err }, 'email sent; recording it failed, trying again');
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

async function sendOne(ctx: AppContext, transport: MailTransport, row: OutboxRow, sender: Sender, token: string, recordBy: number): Promise<Attempt> {
  let email: RenderedEmail;
  try {
    email = render(ctx, row, sender);
  } catch (err) {
    const reason = `cannot render: ${String(err).slice(0, 300)}`;
    ctx.logger.error({ outboxId: row.id, template: row.template, err: reason }, 'email failed');
    await settle(ctx, row, token, 'failed', reason);
    return { outcome: 'failed', recorded: NOTHING_TO_RECORD };
  }
  try {
    await transport.send({
      ...email,
      messageId: messageIdFor(row.id),
      from: ctx.config.MAIL_FROM,
      to: row.toAddress,
      toName: row.toName ?? undefined,
      replyTo: sender.replyTo,
      template: row.template,
      roundId: row.roundId,
    });
  } catch (err) {
    const failure = err instanceof SendError ? err : new SendError(String(err), false);
    const giveUp = failure.permanent || row.attempts >= MAX_ATTEMPTS;
    ctx.logger.warn({ outboxId: row.id, attempt: row.attempts, permanent: giveUp, err: failure.message }, 'email not sent');
    await settle(ctx, row, token, giveUp ? 'failed' : 'retried', failure.message);
    return { outcome: giveUp ? 'failed' : 'retried', recorded: NOTHING_TO_RECORD };
  }
  // Delivered: recorded at once, on its own (the caller sends its next message meanwhile), again and again while
  // the database is out of reach. If it still cannot be recorded before the lease ends, the row stays `sending`
  // and is resent after the lease (same Message-ID): never a retry of the send here.
  const recorded = recordDelivery(ctx, row, token, recordBy).catch((err: unknown) => {
    ctx.logger.error({ outboxId: row.id, err }, 'email sent but not recorded; it will be resent when its lease ends');
  });
  return { outcome: 'sent', recorded };
}

/**
 * Spaces starts 1/rate apart (no bursts to catch up after a slow stretch). A start less than a millisecond
 * early goes ahead: timers cannot wait less than ~1 ms, so waiting for it would hold back fast rates (above
 * ~1,000/s) by a timer tick per message, and the slot still moves on by the full gap.
 */
function pacer(ratePerSecond: number): () => Promise<void> {
  const gap = 1000 / ratePerSecond;
  let nextSlot = Date.now();
  return async () => {
    const now = Date.now();
    const slot = Math.max(nextSlot, now);
    nextSlot = slot + gap;
    if (slot - now >= 1) await new Promise((r) => setTimeout(r, slot - now));
  };
}

/** Sends every due email (or `limit` of them), `concurrency` at a time, at most `ratePerSecond`. */
export async function drainOutbox(ctx: AppContext, transport: MailTransport, opts: DrainOptions = {}): Promise<DrainResult> {
  const workerId = opts.workerId ?? `w-${crypto.randomBytes(4).toString('hex')}`;
  const concurrency = opts.concurrency ?? ctx.config.MAIL_POOL_SIZE;
  const rate = opts.ratePerSecond ?? ctx.config.MAIL_RATE_PER_SECOND;
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  // A batch must be sendable in a quarter of the lease at the paced rate; up to 500 rows (fewer claims; at the
  // default 10 emails/s the lease caps a batch at 300 anyway).
  const batchSize = Math.max(1, Math.min(opts.batchSize ?? 500, Math.floor((rate * leaseMs) / 4000)));
  const result: DrainResult = { sent: 0, retried: 0, failed: 0, released: 0 };
  const settings = await ctx.db.orgSettings.findUnique({ where: { id: 1 } });
  const sender: Sender = { companyName: settings?.companyName ?? 'Pulse', replyTo: settings?.replyToEmail ?? undefined };
  const pace = pacer(rate);
  result.failed += await failAbandoned(ctx, MAX_ATTEMPTS);
  let started = 0;
  const roomAfter = (reserved: number) => (opts.limit === undefined ? batchSize : Math.min(batchSize, opts.limit - started - reserved));
  // `fresh`: claimed after the previous batch was done, so "nothing due" really means nothing is left.
  const claim = (room: number, fresh: boolean): Promise<Batch> => {
    const claimedAt = Date.now();
    const claiming = claimDue(ctx, workerId, room, leaseMs).then((c) => ({ ...c, claimedAt, fresh }));
    claiming.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
    return claiming;
  };
  let ahead: Promise<Batch> | null = null;
  // The batch lanes take rows from. Lanes never wait for each other: a lane that finds it used up moves on to
  // the next batch while the others finish their messages of this one.
  let active: Active | null = null;
  let advancing: Promise<void> | null = null;
  let exhausted = false;

  const nextBatch = async (): Promise<Active | null> => {
    for (;;) {
      if (!ahead) {
        if (roomAfter(0) <= 0) return null;
        ahead = claim(roomAfter(0), true);
      }
      const batch = await ahead;
      ahead = null;
      if (batch.seen === 0 && batch.fresh) return null;
      // Nothing due when claimed ahead (or another worker was first): look again now.
      if (batch.rows.length === 0) continue;
      // The next batch is claimed while this one is sent, so no lane waits for a claim between batches.
      if (roomAfter(batch.rows.length) > 0) ahead = claim(roomAfter(batch.rows.length), false);
      // Start no message after half the lease: the rest goes back for another worker (or the next batch).
      return { ...batch, next: 0, startBy: batch.claimedAt + leaseMs / 2 };
    }
  };

  const take = async (): Promise<{ row: OutboxRow; batch: Active } | null> => {
    for (;;) {
      if (active && active.next < active.rows.length) return { row: active.rows[active.next++], batch: active };
      if (exhausted) return null;
      advancing ??= nextBatch().then(
        (batch) => {
          active = batch;
          exhausted = batch === null;
          advancing = null;
        },
        (err: unknown) => {
          exhausted = true;
          advancing = null;
          throw err;
        },
      );
      await advancing;
    }
  };

  const lanes = Array.from({ length: Math.max(1, concurrency) }, async () => {
    // A lane writes the record of its last delivery while it sends the next message (one record pending at most).
    let recording = NOTHING_TO_RECORD;
    try {
      for (let got = await take(); got; got = await take()) {
        const { row, batch } = got;
        if (Date.now() <= batch.startBy) await pace();
        if (Date.now() > batch.startBy) {
          result.released += await releaseClaims(ctx, batch.token, [row.id]);
          continue;
        }
        started += 1;
        const { outcome, recorded } = await sendOne(ctx, transport, row, sender, batch.token, batch.claimedAt + leaseMs - RECORD_MARGIN_MS);
        result[outcome] += 1;
        await recording;
        recording = recorded;
      }
    } finally {
      await recording;
    }
  });
  await Promise.all(lanes);
  return result;
}
