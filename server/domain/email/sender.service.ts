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
 * the lease, and rows not started before the lease runs low are handed back untried.
 */
import crypto from 'node:crypto';
import type { AppContext } from '../../context';
import { toLocale } from '../../i18n/i18n';
import { renderEmail, type RenderedEmail } from './templates';
import { SendError, type MailTransport } from './transport';
import { claimDue, DEFAULT_LEASE_MS, failAbandoned, releaseClaims, type Claim } from './outbox-claims';

export const MAX_ATTEMPTS = 8;

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

function render(ctx: AppContext, row: OutboxRow, sender: Sender): RenderedEmail {
  const secret = row.secretData ? (JSON.parse(ctx.keyring.open(row.secretData)) as Record<string, string>) : {};
  const vars = { ...(JSON.parse(row.data) as Record<string, unknown>), ...secret, companyName: sender.companyName };
  return renderEmail(row.template, toLocale(row.locale), vars);
}

/** Records the end of one attempt, if this claim still holds the row. */
async function settle(ctx: AppContext, row: OutboxRow, token: string, outcome: Outcome, error?: string): Promise<void> {
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

async function sendOne(ctx: AppContext, transport: MailTransport, row: OutboxRow, sender: Sender, token: string): Promise<Outcome> {
  let email: RenderedEmail;
  try {
    email = render(ctx, row, sender);
  } catch (err) {
    const reason = `cannot render: ${String(err).slice(0, 300)}`;
    ctx.logger.error({ outboxId: row.id, template: row.template, err: reason }, 'email failed');
    await settle(ctx, row, token, 'failed', reason);
    return 'failed';
  }
  try {
    await transport.send({
      ...email,
      messageId: messageIdFor(row.id),
      from: ctx.config.MAIL_FROM,
      to: row.toAddress,
      toName: row.toName ?? undefined,
      replyTo: sender.replyTo,
    });
  } catch (err) {
    const failure = err instanceof SendError ? err : new SendError(String(err), false);
    const giveUp = failure.permanent || row.attempts >= MAX_ATTEMPTS;
    ctx.logger.warn({ outboxId: row.id, attempt: row.attempts, permanent: giveUp, err: failure.message }, 'email not sent');
    await settle(ctx, row, token, giveUp ? 'failed' : 'retried', failure.message);
    return giveUp ? 'failed' : 'retried';
  }
  // Delivered. If recording that fails, the row stays `sending` and is resent after the lease (same
  // Message-ID): never turn a delivered message into a retry here.
  try {
    await settle(ctx, row, token, 'sent');
  } catch (err) {
    ctx.logger.error({ outboxId: row.id, err }, 'email sent but not recorded; it will be resent when its lease ends');
  }
  return 'sent';
}

/** Spaces starts 1/rate apart (no bursts to catch up after a slow stretch). */
function pacer(ratePerSecond: number): () => Promise<void> {
  const gap = 1000 / ratePerSecond;
  let nextSlot = Date.now();
  return async () => {
    const now = Date.now();
    const slot = Math.max(nextSlot, now);
    nextSlot = slot + gap;
    if (slot > now) await new Promise((r) => setTimeout(r, slot - now));
  };
}

/** Sends every due email (or `limit` of them), `concurrency` at a time, at most `ratePerSecond`. */
export async function drainOutbox(ctx: AppContext, transport: MailTransport, opts: DrainOptions = {}): Promise<DrainResult> {
  const workerId = opts.workerId ?? `w-${crypto.randomBytes(4).toString('hex')}`;
  const concurrency = opts.concurrency ?? ctx.config.MAIL_POOL_SIZE;
  const rate = opts.ratePerSecond ?? ctx.config.MAIL_RATE_PER_SECOND;
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  // A batch must be sendable in a quarter of the lease at the paced rate.
  const batchSize = Math.max(1, Math.min(opts.batchSize ?? 100, Math.floor((rate * leaseMs) / 4000)));
  const result: DrainResult = { sent: 0, retried: 0, failed: 0, released: 0 };
  const settings = await ctx.db.orgSettings.findUnique({ where: { id: 1 } });
  const sender: Sender = { companyName: settings?.companyName ?? 'Pulse', replyTo: settings?.replyToEmail ?? undefined };
  const pace = pacer(rate);
  result.failed += await failAbandoned(ctx, MAX_ATTEMPTS);
  let started = 0;
  for (;;) {
    const room = opts.limit === undefined ? batchSize : Math.min(batchSize, opts.limit - started);
    if (room <= 0) break;
    const claimedAt = Date.now();
    const { token, rows, seen } = await claimDue(ctx, workerId, room, leaseMs);
    if (seen === 0) break;
    if (rows.length === 0) continue; // another worker claimed them first: look again
    // Start no message after half the lease: the rest goes back for another worker (or the next batch).
    const startBy = claimedAt + leaseMs / 2;
    const untried: string[] = [];
    let next = 0;
    const lanes = Array.from({ length: Math.min(concurrency, rows.length) }, async () => {
      while (next < rows.length) {
        const row = rows[next++];
        if (Date.now() <= startBy) await pace();
        if (Date.now() > startBy) {
          untried.push(row.id);
          continue;
        }
        started += 1;
        result[await sendOne(ctx, transport, row, sender, token)] += 1;
      }
    });
    await Promise.all(lanes);
    result.released += await releaseClaims(ctx, token, untried);
  }
  return result;
}
