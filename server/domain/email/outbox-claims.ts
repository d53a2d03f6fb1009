/**
 * Claims on outbox rows. A row is due when it is pending and its next attempt time has come, or when it is
 * `sending` under a claim whose lease ended (its worker died or stalled). Claiming is one conditional
 * `UPDATE … WHERE <due> … RETURNING` (Prisma's `updateManyAndReturn`, on SQLite and PostgreSQL alike): a row
 * another worker claimed first no longer matches the condition, so each row goes to exactly one claimant.
 */
import crypto from 'node:crypto';
import type { AppContext } from '../../context';

/** How long a claim keeps other workers off a row. */
export const DEFAULT_LEASE_MS = 2 * 60_000;

function dueAt(now: Date) {
  return { OR: [{ status: 'pending', nextAttemptAt: { lte: now } }, { status: 'sending', claimedUntil: { lt: now } }] };
}

export interface Claim {
  /** Unique per claim, so a worker whose lease was taken over can no longer mark the row. */
  token: string;
  rows: Awaited<ReturnType<AppContext['db']['outboxEmail']['updateManyAndReturn']>>;
  /** Due rows seen; more than `rows.length` when other workers claimed some first. */
  seen: number;
}

/** Claims up to `size` due rows for `leaseMs` (2 queries, whatever the size); counts the attempt. */
export async function claimDue(ctx: AppContext, workerId: string, size: number, leaseMs: number): Promise<Claim> {
  const now = ctx.clock.now();
  const token = `${workerId}:${crypto.randomBytes(6).toString('hex')}`;
  const candidates = await ctx.db.outboxEmail.findMany({
    where: dueAt(now),
    select: { id: true },
    orderBy: { nextAttemptAt: 'asc' },
    take: size,
  });
  if (candidates.length === 0) return { token, rows: [], seen: 0 };
  const rows = await ctx.db.outboxEmail.updateManyAndReturn({
    where: { id: { in: candidates.map((c) => c.id) }, ...dueAt(now) },
    data: { status: 'sending', claimedBy: token, claimedUntil: new Date(now.getTime() + leaseMs), attempts: { increment: 1 } },
  });
  return { token, rows, seen: candidates.length };
}

/** Hands back claimed rows that were not tried (the lease was running out): pending again, attempt not counted. */
export async function releaseClaims(ctx: AppContext, token: string, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const { count } = await ctx.db.outboxEmail.updateMany({
    where: { id: { in: ids }, status: 'sending', claimedBy: token },
    data: { status: 'pending', claimedBy: null, claimedUntil: null, attempts: { decrement: 1 } },
  });
  return count;
}

/**
 * Gives up on rows whose worker died while sending them on their last allowed attempt (a message that
 * crashes or hangs every worker would otherwise be retried for ever). Their outcome is unknown; secrets wiped.
 */
export async function failAbandoned(ctx: AppContext, maxAttempts: number): Promise<number> {
  const { count } = await ctx.db.outboxEmail.updateMany({
    where: { status: 'sending', claimedUntil: { lt: ctx.clock.now() }, attempts: { gte: maxAttempts } },
    data: {
      status: 'failed',
      lastError: `outcome unknown: the worker stopped during attempt ${maxAttempts}; giving up`,
      secretData: null,
      claimedBy: null,
      claimedUntil: null,
    },
  });
  return count;
}
