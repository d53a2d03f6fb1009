/**
 * How one round is going, for HR: invitations, emails sent and failed (reasons grouped, addresses removed),
 * the response rate (only once at least the minimum group size has answered) and time left.
 * It never says who answered: it reads counts only.
 */
import type { AppContext } from '../../context';
import { NotFoundError } from '../../errors';
import { parseEmailStats } from '../rounds/email-stats';
import { shownCount, shownRate } from '../results/suppression';

export interface RoundStatus {
  id: string;
  surveyId: string;
  title: string;
  status: string;
  late: boolean;
  openedAt: Date;
  closesAt: Date;
  invitedCount: number;
  emails: { pending: number; sent: number; failed: number; total: number };
  failures: { reason: string; count: number }[];
  /** True while some emails of the round still wait to be sent. */
  sending: boolean;
  /** respondedCount / invitedCount (0..1), or null below the minimum group size. */
  responseRate: number | null;
  /** How many answered, only alongside the rate (k or more). */
  responded: number | null;
  minGroupSize: number;
  /** Whole days, hours and minutes until the round closes (zeros once closed). */
  timeLeft: { days: number; hours: number; minutes: number; ms: number };
}

/** Removes email addresses from an SMTP error, so the page names no one. */
export function redactReason(reason: string | null): string {
  const text = (reason ?? '').replace(/[^\s<>"'@]+@[^\s<>"'@]+/g, '[address]').trim();
  return (text || 'unknown').slice(0, 200);
}

export async function roundStatus(ctx: AppContext, roundId: string): Promise<RoundStatus> {
  const round = await ctx.db.round.findUnique({
    where: { id: roundId },
    select: { id: true, surveyId: true, title: true, status: true, late: true, openedAt: true, closesAt: true, invitedCount: true, respondedCount: true, emailStats: true },
  });
  if (!round) throw new NotFoundError('No such round');
  const [byStatus, failedRows, settings] = await Promise.all([
    ctx.db.outboxEmail.groupBy({ by: ['status'], where: { roundId }, _count: { _all: true } }),
    ctx.db.outboxEmail.groupBy({ by: ['lastError'], where: { roundId, status: 'failed' }, _count: { _all: true } }),
    ctx.db.orgSettings.findUnique({ where: { id: 1 }, select: { minGroupSize: true } }),
  ]);
  // Once a round's answers are released its email rows are folded into counts (rounds/release.service.ts).
  const stored = parseEmailStats(round.emailStats);
  const count = (status: string) => byStatus.find((r) => r.status === status)?._count._all ?? 0;
  const emails = { pending: count('pending') + count('sending'), sent: count('sent') + stored.sent, failed: count('failed') + stored.failed, total: 0 };
  emails.total = emails.pending + emails.sent + emails.failed;

  const grouped = new Map<string, number>(stored.failures);
  for (const row of failedRows) {
    const reason = redactReason(row.lastError);
    grouped.set(reason, (grouped.get(reason) ?? 0) + row._count._all);
  }
  const failures = [...grouped].map(([reason, n]) => ({ reason, count: n })).sort((a, b) => b.count - a.count);

  const minGroupSize = settings?.minGroupSize ?? 5;
  const ms = round.status === 'open' ? Math.max(0, round.closesAt.getTime() - ctx.clock.now().getTime()) : 0;
  const { respondedCount, emailStats: _stats, ...rest } = round;
  return {
    ...rest,
    emails,
    failures,
    sending: emails.pending > 0,
    responseRate: shownRate(respondedCount, round.invitedCount, minGroupSize),
    responded: round.invitedCount > 0 ? shownCount(respondedCount, minGroupSize) : null,
    minGroupSize,
    timeLeft: { days: Math.floor(ms / 86_400_000), hours: Math.floor((ms % 86_400_000) / 3_600_000), minutes: Math.floor((ms % 3_600_000) / 60_000), ms },
  };
}
