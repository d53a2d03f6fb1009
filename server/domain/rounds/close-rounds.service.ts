/**
 * Closing rounds when their window ends: the round becomes closed, the sealed tokens are wiped (links stop
 * working and can no longer be recovered), invitation or reminder emails still waiting in the outbox are
 * cancelled, the round's copies in the local mailbox (personal links) and its reminder opt-outs are deleted. The same job then
 * releases the answers of rounds that have settled and reduces their per-person traces to counts
 * (release.service.ts), deletes sign-in links in the mailbox once they have expired, and stores the eNPS
 * slices and result cubes of released rounds (results/enps-slice.ts, results/round-cube.ts).
 */
import type { AppContext } from '../../context';
import { storeMissingSlices } from '../results/enps-slice';
import { storeMissingCubes } from '../results/round-cube';
import { purgeExpiredLoginLinks } from '../email/mailbox.service';
import { releaseSettledRounds } from './release.service';
import { inWriteTurn } from './write-turns';
import { audit } from '../audit/audit.service';
import { forEachIsolated } from '../shared/isolated';

export const ROUND_CLOSED = 'round closed';
/** Settled rounds whose eNPS slice one tick stores at most (a history stored after an upgrade: a batch a minute). */
export const SLICES_PER_TICK = 12;
/** Settled rounds whose result cube one tick stores at most (each adds up a whole round's answers: ~0.25 s at 10,000 people). */
export const CUBES_PER_TICK = 2;

/**
 * Closes round `roundId` if it is open (and, with `onlyIfDue`, if its window has ended: a window HR extended
 * after the job read it stays open); returns whether this call closed it.
 */
export async function closeRound(ctx: AppContext, roundId: string, opts: { onlyIfDue?: boolean; audited?: boolean } = {}): Promise<boolean> {
  const now = ctx.clock.now();
  return inWriteTurn(ctx, () => ctx.db.$transaction(async (tx) => {
    const where = { id: roundId, status: 'open', ...(opts.onlyIfDue ? { closesAt: { lte: now } } : {}) };
    const { count } = await tx.round.updateMany({ where, data: { status: 'closed', closedAt: now } });
    if (count !== 1) return false;
    await tx.invitation.updateMany({ where: { roundId, tokenCipher: { not: null } }, data: { tokenCipher: null } });
    await tx.outboxEmail.updateMany({
      where: { roundId, status: 'pending' },
      data: { status: 'failed', lastError: ROUND_CLOSED, secretData: null },
    });
    await tx.mailboxMessage.deleteMany({ where: { roundId } });
    await tx.reminderOptOut.deleteMany({ where: { roundId } });
    // HR closing early is an admin action (the job closing a due round is not).
    if (opts.audited) await audit(ctx, tx, { action: 'round.close', targetKind: 'round', targetId: roundId, detail: { early: true } });
    return true;
  }));
}

/**
 * Closes every open round whose window has ended, releases the answers of rounds that have settled, then stores
 * the slices of up to SLICES_PER_TICK and the cubes of up to CUBES_PER_TICK released rounds that have none;
 * returns the ids this instance closed. A
 * round that fails is logged and the others go on.
 */
export async function closeDueRounds(ctx: AppContext): Promise<string[]> {
  const due = await ctx.db.round.findMany({ where: { status: 'open', closesAt: { lte: ctx.clock.now() } }, select: { id: true } });
  const closed: string[] = [];
  await forEachIsolated(ctx.logger, 'close-rounds', due, ({ id }) => ({ roundId: id }), async ({ id }) => {
    if (await closeRound(ctx, id, { onlyIfDue: true })) {
      closed.push(id);
      ctx.logger.info({ event: 'round_closed', roundId: id }, 'round closed');
    }
  });
  await releaseSettledRounds(ctx);
  await purgeExpiredLoginLinks(ctx).catch((err: unknown) => ctx.logger.warn({ event: 'mailbox_purge_failed', err }, 'expired sign-in links not purged'));
  try {
    await storeMissingSlices(ctx, SLICES_PER_TICK);
  } catch (err) {
    // Only an optimisation: a page computes (and stores) a missing slice itself.
    ctx.logger.warn({ event: 'enps_slices_not_stored', err }, 'eNPS slices not stored');
  }
  try {
    await storeMissingCubes(ctx, CUBES_PER_TICK);
  } catch (err) {
    ctx.logger.warn({ event: 'result_cubes_not_stored', err }, 'round cubes not stored');
  }
  return closed;
}
