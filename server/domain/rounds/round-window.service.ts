/**
 * HR changing an open round's window: closing it early, or extending it. Neither tells anyone anything (no
 * email goes out); closing early is the same close as the job's (close-rounds.service.ts: links stop working,
 * waiting emails are cancelled) and the answers are released by the same rule, once the round has settled
 * (release.service.ts). Reminders are computed from the window (reminders.service.ts), so after an extension
 * the ones not yet sent spread over the new window; those already sent stay sent.
 */
import { z } from 'zod';
import type { AppContext } from '../../context';
import { ConflictError, NotFoundError } from '../../errors';
import { closeRound } from './close-rounds.service';
import { inWriteTurn } from './write-turns';
import { audit } from '../audit/audit.service';

const DAY_MS = 86_400_000;
/** A window may be extended by 1 to 14 days at a time. */
export const MAX_EXTEND_DAYS = 14;

export const EXTEND_MESSAGES = { days: `Choose 1 to ${MAX_EXTEND_DAYS} days` } as const;

export const extendSchema = z.object({
  days: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
    z.number({ error: EXTEND_MESSAGES.days }).int(EXTEND_MESSAGES.days).min(1, EXTEND_MESSAGES.days).max(MAX_EXTEND_DAYS, EXTEND_MESSAGES.days),
  ),
});

export type ExtendInput = z.infer<typeof extendSchema>;

const NOT_OPEN = 'This round is no longer open';

async function openRound(ctx: AppContext, roundId: string) {
  const round = await ctx.db.round.findUnique({ where: { id: roundId }, select: { id: true, title: true, status: true, closesAt: true } });
  if (!round) throw new NotFoundError('No such round');
  return round;
}

/** What the confirmation page shows before closing early: the round is open, and when it would close. */
export async function roundToClose(ctx: AppContext, roundId: string) {
  const round = await openRound(ctx, roundId);
  if (round.status !== 'open') throw new ConflictError(NOT_OPEN);
  return round;
}

/** Closes open round `roundId` now, before its window ends. */
export async function closeRoundEarly(ctx: AppContext, roundId: string): Promise<void> {
  await openRound(ctx, roundId);
  if (!(await closeRound(ctx, roundId, { audited: true }))) throw new ConflictError(NOT_OPEN);
}

/**
 * Moves open round `roundId`'s close `days` days later; returns the new close. Refused (ConflictError) when the
 * round closed meanwhile or its window has already ended (the close job is about to close it).
 */
export async function extendRound(ctx: AppContext, roundId: string, input: ExtendInput): Promise<Date> {
  const round = await openRound(ctx, roundId);
  const closesAt = new Date(round.closesAt.getTime() + input.days * DAY_MS);
  const now = ctx.clock.now();
  const extended = await inWriteTurn(ctx, () =>
    ctx.db.$transaction(async (tx) => {
      const { count } = await tx.round.updateMany({ where: { id: roundId, status: 'open', closesAt: round.closesAt, AND: [{ closesAt: { gt: now } }] }, data: { closesAt } });
      if (count === 1) await audit(ctx, tx, { action: 'round.extend', targetKind: 'round', targetId: roundId, detail: { title: round.title, days: input.days } });
      return count === 1;
    }),
  );
  if (!extended) throw new ConflictError(NOT_OPEN);
  return closesAt;
}
