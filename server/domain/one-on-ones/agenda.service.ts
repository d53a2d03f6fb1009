/**
 * Talking points. Both people add them to a meeting still to come (or under way); checking one marks it
 * discussed. Unchecked points move on with the series (meeting-writer.ts: carryOver). Suggested points are
 * added only when a person picks them (suggestions.service.ts).
 */
import type { AppContext } from '../../context';
import { ConflictError, NotFoundError } from '../../errors';
import { meetingForMember } from './access';

/** Adds a talking point by `authorId` to a meeting that has not ended yet. */
export async function addAgendaItem(ctx: AppContext, authorId: string, meetingId: string, text: string, source: 'person' | 'pulse' | 'kpi' = 'person') {
  const { meeting } = await meetingForMember(ctx, meetingId, authorId);
  if (meeting.status !== 'scheduled') throw new ConflictError('This meeting is over: add the point to the next one');
  const position = await ctx.db.oneOnOneAgendaItem.count({ where: { meetingId } });
  return ctx.db.oneOnOneAgendaItem.create({ data: { seriesId: meeting.seriesId, meetingId, authorId, text, source, position, createdAt: ctx.clock.now() } });
}

/** Checks or unchecks a talking point of the meeting (either of the two). */
export async function setAgendaItemChecked(ctx: AppContext, viewerId: string, meetingId: string, itemId: string, checked: boolean) {
  const { meeting } = await meetingForMember(ctx, meetingId, viewerId);
  const { count } = await ctx.db.oneOnOneAgendaItem.updateMany({ where: { id: itemId, meetingId: meeting.id }, data: { checked } });
  if (count !== 1) throw new NotFoundError();
}

/** Removes a talking point; only its author may, and only before it was discussed. */
export async function removeAgendaItem(ctx: AppContext, viewerId: string, meetingId: string, itemId: string) {
  const { meeting } = await meetingForMember(ctx, meetingId, viewerId);
  const { count } = await ctx.db.oneOnOneAgendaItem.deleteMany({ where: { id: itemId, meetingId: meeting.id, authorId: viewerId, checked: false } });
  if (count !== 1) throw new NotFoundError();
}
