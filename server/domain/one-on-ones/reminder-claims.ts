/**
 * Claims on due 1:1 reminders. A meeting's reminder is due when `remindAt` has come and no live claim holds it;
 * a tick claims up to REMINDERS_PER_BATCH of them with one conditional update (`updateManyAndReturn` on the same
 * condition, as the outbox sender does), so a row another instance claimed first no longer matches and each
 * reminder has one claimant on SQLite and PostgreSQL alike. Queuing the emails clears `remindAt` only while this
 * claim still holds the row (reminders.service.ts); a claim whose instance died lapses after the lease.
 */
import crypto from 'node:crypto';
import type { AppContext } from '../../context';
import { inWriteTurn } from '../rounds/write-turns';

export const REMINDERS_PER_BATCH = 500;
export const REMINDER_LEASE_MS = 2 * 60_000;

function dueAt(now: Date) {
  return { remindAt: { lte: now }, OR: [{ remindClaimUntil: null }, { remindClaimUntil: { lt: now } }] };
}

export interface ReminderClaim {
  token: string;
  meetingIds: string[];
}

/** Claims up to `limit` due reminders for `leaseMs`. */
export async function claimDueReminders(ctx: AppContext, now: Date, limit = REMINDERS_PER_BATCH, leaseMs = REMINDER_LEASE_MS): Promise<ReminderClaim> {
  const token = crypto.randomUUID();
  const candidates = await ctx.db.oneOnOneMeeting.findMany({ where: dueAt(now), select: { id: true }, orderBy: { remindAt: 'asc' }, take: limit });
  if (candidates.length === 0) return { token, meetingIds: [] };
  const rows = await inWriteTurn(ctx, () =>
    ctx.db.oneOnOneMeeting.updateManyAndReturn({
      where: { id: { in: candidates.map((c) => c.id) }, ...dueAt(now) },
      data: { remindClaim: token, remindClaimUntil: new Date(now.getTime() + leaseMs) },
      select: { id: true },
    }),
  );
  return { token, meetingIds: rows.map((r) => r.id) };
}
