/**
 * Closing rounds when their window ends: the round becomes closed, the sealed tokens are wiped (links stop
 * working and can no longer be recovered), and invitation or reminder emails still waiting in the outbox
 * are cancelled.
 */
import type { AppContext } from '../../context';
import { inWriteTurn } from './write-turns';

export const ROUND_CLOSED = 'round closed';

/** Closes round `roundId` if it is open; returns whether this call closed it. */
export async function closeRound(ctx: AppContext, roundId: string): Promise<boolean> {
  const now = ctx.clock.now();
  return inWriteTurn(ctx, () => ctx.db.$transaction(async (tx) => {
    const { count } = await tx.round.updateMany({ where: { id: roundId, status: 'open' }, data: { status: 'closed', closedAt: now } });
    if (count !== 1) return false;
    await tx.invitation.updateMany({ where: { roundId, tokenCipher: { not: null } }, data: { tokenCipher: null } });
    await tx.outboxEmail.updateMany({
      where: { roundId, status: 'pending' },
      data: { status: 'failed', lastError: ROUND_CLOSED, secretData: null },
    });
    return true;
  }));
}

/** Closes every open round whose window has ended; returns the ids this instance closed. */
export async function closeDueRounds(ctx: AppContext): Promise<string[]> {
  const due = await ctx.db.round.findMany({ where: { status: 'open', closesAt: { lte: ctx.clock.now() } }, select: { id: true } });
  const closed: string[] = [];
  for (const { id } of due) {
    if (await closeRound(ctx, id)) {
      closed.push(id);
      ctx.logger.info({ event: 'round_closed', roundId: id }, 'round closed');
    }
  }
  return closed;
}
