/**
 * The 1:1 tick (jobs/one-on-ones.job.ts), driven by the database; node-cron only supplies the minute:
 *  1. Meetings whose end has passed without an outcome are taken as held (recordedById stays null, so either
 *     person can still mark them skipped); their open points move on.
 *  2. Series whose horizon has come get their next meeting (a compare-and-set on the horizon: made once).
 *  3. Due reminders are claimed (reminder-claims.ts) and, for each meeting still ahead, two emails (manager and
 *     report) with the series' calendar invitation as it stands are queued in the outbox, in one transaction
 *     that also clears the reminder while this claim still holds it. So a reminder is never queued twice, with
 *     any number of instances; one that fell due while Pulse was down is sent late, once, if the meeting has not
 *     begun yet, and dropped once it has (a reminder after the start helps nobody).
 */
import type { AppContext } from '../../context';
import { SERIES_INCLUDE } from './access';
import { exceptionsOf, fullStateEvents, inviteOf, meetingLink, type InviteSeries } from './invitations';
import { advanceHorizon, carryOver } from './meeting-writer';
import { pairEmails, type PairEmail } from './notifications';
import { claimDueReminders, REMINDERS_PER_BATCH } from './reminder-claims';
import { inTransaction } from './series.service';
import { enqueueEmails } from '../email/outbox.service';

export interface TickResult {
  concluded: number;
  made: number;
  reminded: number;
  dropped: number;
}

const BATCH = 500;

/** Step 1: meetings over without an outcome become held; points carried. */
export async function concludePassedMeetings(ctx: AppContext, now: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const due = await ctx.db.oneOnOneMeeting.findMany({ where: { status: 'scheduled', endsAt: { lte: now } }, select: { id: true, seriesId: true }, take: BATCH });
    if (due.length === 0) return total;
    const count = await inTransaction(ctx, async (tx) => {
      const { count } = await tx.oneOnOneMeeting.updateMany({ where: { id: { in: due.map((d) => d.id) }, status: 'scheduled' }, data: { status: 'held', remindAt: null } });
      for (const seriesId of new Set(due.map((d) => d.seriesId))) await carryOver(tx, seriesId);
      return count;
    });
    total += count;
    if (due.length < BATCH) return total;
  }
}

/** Step 2: series whose latest meeting's slot has come get their next meeting. */
export async function makeDueMeetings(ctx: AppContext, now: Date): Promise<number> {
  let made = 0;
  for (;;) {
    const due = await ctx.db.oneOnOneSeries.findMany({ where: { status: 'active', horizon: { lte: now } }, take: BATCH });
    if (due.length === 0) return made;
    let moved = 0;
    for (const s of due) {
      const meeting = await inTransaction(ctx, (tx) => advanceHorizon(tx, s, s.horizon as Date, now)).catch((err: unknown) => {
        ctx.logger.error({ err, seriesId: s.id }, 'could not make the next 1:1 meeting');
        return undefined;
      });
      if (meeting) made += 1;
      if (meeting !== undefined) moved += 1;
    }
    // A full batch that failed throughout is left for the next tick rather than retried in a loop.
    if (due.length < BATCH || moved === 0) return made;
  }
}

/** Step 3: one batch of due reminders; returns what it queued and dropped. */
async function remindBatch(ctx: AppContext, now: Date): Promise<{ reminded: number; dropped: number; claimed: number }> {
  const claim = await claimDueReminders(ctx, now, REMINDERS_PER_BATCH);
  if (claim.meetingIds.length === 0) return { reminded: 0, dropped: 0, claimed: 0 };
  const meetings = await ctx.db.oneOnOneMeeting.findMany({
    where: { id: { in: claim.meetingIds } },
    select: { id: true, seriesId: true, status: true, startsAt: true, series: { include: SERIES_INCLUDE } },
  });
  const ahead = meetings.filter((m) => m.status === 'scheduled' && m.startsAt.getTime() > now.getTime() && m.series.status === 'active');
  const exceptions = await exceptionsOf(ctx.db, [...new Map(ahead.map((m) => [m.seriesId, m.series])).values()], now);
  const emails: { meetingId: string; email: PairEmail }[] = ahead.map((m) => {
    const s = m.series as InviteSeries & typeof m.series;
    const link = meetingLink(ctx, m.id);
    const email: PairEmail = {
      template: 'one-on-one-reminder',
      key: `1on1:remind:${m.id}:${claim.token}`,
      manager: m.series.manager,
      report: m.series.report,
      startsAt: m.startsAt,
      location: s.location,
      link,
      calendar: inviteOf(ctx, s, 'REQUEST', fullStateEvents(s, exceptions.get(s.id)!), link),
    };
    return { meetingId: m.id, email };
  });
  const result = await inTransaction(ctx, async (tx) => {
    // Only the meetings this claim still holds (a move or an edit meanwhile ends the claim and plans afresh).
    const held = await tx.oneOnOneMeeting.updateManyAndReturn({
      where: { id: { in: claim.meetingIds }, remindClaim: claim.token },
      data: { remindAt: null, remindClaim: null, remindClaimUntil: null, remindedAt: now },
      select: { id: true },
    });
    const still = new Set(held.map((h) => h.id));
    const queued = emails.filter((e) => still.has(e.meetingId));
    await enqueueEmails(ctx, tx, queued.flatMap((e) => pairEmails(e.email)));
    return { reminded: queued.length, dropped: [...still].length - queued.length };
  });
  return { ...result, claimed: claim.meetingIds.length };
}

export async function sendDueReminders(ctx: AppContext, now: Date): Promise<{ reminded: number; dropped: number }> {
  const out = { reminded: 0, dropped: 0 };
  for (;;) {
    const r = await remindBatch(ctx, now);
    out.reminded += r.reminded;
    out.dropped += r.dropped;
    if (r.claimed < REMINDERS_PER_BATCH) return out;
  }
}

/** The whole tick. */
export async function runOneOnOneTick(ctx: AppContext): Promise<TickResult> {
  const now = ctx.clock.now();
  const concluded = await concludePassedMeetings(ctx, now);
  const made = await makeDueMeetings(ctx, now);
  const { reminded, dropped } = await sendDueReminders(ctx, now);
  if (reminded > 0) ctx.kick('send-emails');
  if (concluded || made || reminded || dropped) ctx.logger.info({ event: 'one_on_one_tick', concluded, made, reminded, dropped }, '1:1 tick');
  return { concluded, made, reminded, dropped };
}
