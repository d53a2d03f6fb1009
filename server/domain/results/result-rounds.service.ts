/** The released closed rounds results are drawn from, oldest first, each with its first eNPS question (if any). */
import { audit } from '../audit/audit.service';
import type { AppContext } from '../../context';
import { toEnpsScale, type EnpsScale } from './enps';

export interface ResultRound {
  id: string;
  title: string;
  openedAt: Date;
  published: boolean;
  status: string;
  closedAt: Date | null;
  releasedAt: Date | null;
  enpsQuestionId: string | null;
  scale: EnpsScale | null;
}

export interface RoundFilter {
  publishedOnly?: boolean;
  from?: Date;
  to?: Date;
}

export async function listResultRounds(ctx: AppContext, filter: RoundFilter = {}): Promise<ResultRound[]> {
  const rounds = await ctx.db.round.findMany({
    where: {
      status: 'closed',
      // Results exist once the answers are released (a minute or two after closing: rounds/release.service.ts).
      releasedAt: { not: null },
      ...(filter.publishedOnly ? { published: true } : {}),
      ...(filter.from || filter.to ? { openedAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } } : {}),
    },
    select: {
      id: true,
      title: true,
      openedAt: true,
      published: true,
      status: true,
      closedAt: true,
      releasedAt: true,
      questions: { where: { kind: 'enps' }, orderBy: { position: 'asc' }, take: 1, select: { id: true, enpsScale: true } },
    },
    orderBy: [{ openedAt: 'asc' }, { id: 'asc' }],
  });
  return rounds.map((r) => ({
    id: r.id,
    title: r.title,
    openedAt: r.openedAt,
    published: r.published,
    status: r.status,
    closedAt: r.closedAt,
    releasedAt: r.releasedAt,
    enpsQuestionId: r.questions[0]?.id ?? null,
    scale: r.questions[0] ? toEnpsScale(r.questions[0].enpsScale) : null,
  }));
}

/** HR publishes a closed round's company and department results to everyone (or takes them back). */
export async function setPublished(ctx: AppContext, roundId: string, published: boolean): Promise<boolean> {
  return ctx.db.$transaction(async (tx) => {
    const { count } = await tx.round.updateMany({ where: { id: roundId, status: 'closed' }, data: { published } });
    if (count === 1) await audit(ctx, tx, { action: published ? 'round.publish' : 'round.unpublish', targetKind: 'round', targetId: roundId });
    return count === 1;
  });
}
