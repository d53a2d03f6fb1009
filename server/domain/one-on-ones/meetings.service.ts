/**
 * What happens to one meeting: held, skipped or moved, by either of the two. A skip or a move never breaks the
 * series: the rule goes on, the calendar event gets an exception for that occurrence (CANCEL or REQUEST with
 * RECURRENCE-ID, SEQUENCE raised), and open talking points move on to the next meeting.
 */
import type { AppContext } from '../../context';
import type { DbTx } from '../../db/client';
import { ConflictError, ValidationError } from '../../errors';
import { localDateTimeToInstant } from '../recurrence/local-time';
import { meetingForMember } from './access';
import { inviteOf, meetingLink, overrideEvent, type InviteSeries } from './invitations';
import { carryOver, makeNextMeeting, nextMeetingOf, reminderFor } from './meeting-writer';
import { queuePairEmails } from './notifications';
import { ONE_ON_ONE_MESSAGES, type MoveInput } from './one-on-one.schema';
import { inTransaction, loadSeries } from './series.service';

const MAX_MOVE_DAYS = 60;

/** After a meeting is over: if the series has nothing planned, its next meeting is made (carrying points on). */
async function keepSeriesGoing(tx: DbTx, seriesId: string, now: Date) {
  const s = await tx.oneOnOneSeries.findUniqueOrThrow({ where: { id: seriesId } });
  if (s.status === 'active' && !(await nextMeetingOf(tx, seriesId))) await makeNextMeeting(tx, s, new Date(Math.max(now.getTime(), s.horizon?.getTime() ?? 0)), now, false, false);
  else await carryOver(tx, seriesId);
}

/**
 * Records the meeting's outcome (either of the two): only a meeting still open, or one the job took as held
 * because nobody recorded it, can be recorded. Open points move on; the series' next meeting is made if needed.
 */
async function recordOutcome(ctx: AppContext, tx: DbTx, viewerId: string, meetingId: string, status: 'held' | 'skipped') {
  const { meeting } = await meetingForMember(ctx, meetingId, viewerId, tx);
  const { count } = await tx.oneOnOneMeeting.updateMany({
    where: { id: meeting.id, OR: [{ status: 'scheduled' }, { status: 'held', recordedById: null }] },
    data: { status, recordedById: viewerId, remindAt: null },
  });
  if (count !== 1) throw new ConflictError('This meeting was already recorded');
  await keepSeriesGoing(tx, meeting.seriesId, ctx.clock.now());
  return meeting;
}

/** Records that the meeting took place. Its unchecked points move on to the next meeting. */
export async function holdMeeting(ctx: AppContext, viewerId: string, meetingId: string) {
  await inTransaction(ctx, (tx) => recordOutcome(ctx, tx, viewerId, meetingId, 'held'));
}

/**
 * Skips the meeting: it does not take place, the rule goes on. A skip of a meeting still ahead cancels that one
 * occurrence in both calendars. A meeting the job took as held can be marked skipped afterwards.
 */
export async function skipMeeting(ctx: AppContext, viewerId: string, meetingId: string) {
  const now = ctx.clock.now();
  await inTransaction(ctx, async (tx) => {
    const meeting = await recordOutcome(ctx, tx, viewerId, meetingId, 'skipped');
    if (meeting.status === 'scheduled' && meeting.startsAt.getTime() > now.getTime()) {
      await tx.oneOnOneSeries.update({ where: { id: meeting.seriesId }, data: { sequence: { increment: 1 } } });
      const s = await loadSeries(tx, meeting.seriesId);
      const link = meetingLink(ctx, meeting.id);
      const event = { ...overrideEvent(meeting), cancelled: true };
      await queuePairEmails(ctx, tx, [
        { template: 'one-on-one-cancel', key: `1on1:${s.id}:${s.sequence}`, manager: s.manager, report: s.report, kind: 'skipped', startsAt: meeting.startsAt, location: s.location, link, calendar: inviteOf(ctx, s as InviteSeries, 'CANCEL', [event], link) },
      ]);
    }
  });
  ctx.kick('send-emails');
}

/**
 * Moves the meeting to another local date and time in the series' zone (at most MAX_MOVE_DAYS ahead). Its slot
 * stays, so the calendar updates that occurrence (RECURRENCE-ID) and the rule's other meetings stay put.
 */
export async function moveMeeting(ctx: AppContext, viewerId: string, meetingId: string, input: MoveInput) {
  const now = ctx.clock.now();
  const moved = await inTransaction(ctx, async (tx) => {
    const { meeting, series } = await meetingForMember(ctx, meetingId, viewerId, tx);
    if (meeting.status !== 'scheduled') throw new ConflictError('Only a meeting still to come can be moved');
    const startsAt = localDateTimeToInstant(input.date, input.time, series.timeZone);
    if (startsAt.getTime() <= now.getTime()) throw new ValidationError('Some fields need attention', [{ path: ['date'], message: ONE_ON_ONE_MESSAGES.moveInPast }]);
    if (startsAt.getTime() > now.getTime() + MAX_MOVE_DAYS * 86_400_000) throw new ValidationError('Some fields need attention', [{ path: ['date'], message: ONE_ON_ONE_MESSAGES.moveTooFar }]);
    const length = meeting.endsAt.getTime() - meeting.startsAt.getTime();
    const { count } = await tx.oneOnOneMeeting.updateMany({
      where: { id: meeting.id, status: 'scheduled' },
      data: { startsAt, endsAt: new Date(startsAt.getTime() + length), moved: true, remindAt: reminderFor(series, startsAt, now), remindedAt: null, remindClaim: null, remindClaimUntil: null },
    });
    if (count !== 1) throw new ConflictError('This meeting was recorded meanwhile');
    await tx.oneOnOneSeries.update({ where: { id: series.id }, data: { sequence: { increment: 1 } } });
    const s = await loadSeries(tx, series.id);
    const link = meetingLink(ctx, meeting.id);
    const event = overrideEvent({ slot: meeting.slot, startsAt, endsAt: new Date(startsAt.getTime() + length) });
    await queuePairEmails(ctx, tx, [
      { template: 'one-on-one-update', key: `1on1:${s.id}:${s.sequence}`, manager: s.manager, report: s.report, kind: 'moved', startsAt, location: s.location, link, calendar: inviteOf(ctx, s as InviteSeries, 'REQUEST', [event], link) },
    ]);
    return startsAt;
  });
  ctx.kick('send-emails');
  return moved;
}
