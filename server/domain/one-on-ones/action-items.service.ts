/**
 * Action items: what one of the two agreed to do, with a due date. An open item shows on every meeting of the
 * series until it is done (carried forward), and in the manager's overview.
 */
import type { AppContext } from '../../context';
import { NotFoundError, ValidationError } from '../../errors';
import { meetingForMember } from './access';
import { ONE_ON_ONE_MESSAGES, type ActionInput } from './one-on-one.schema';

export async function addActionItem(ctx: AppContext, viewerId: string, meetingId: string, input: ActionInput) {
  const { meeting, series } = await meetingForMember(ctx, meetingId, viewerId);
  if (input.ownerId !== series.managerId && input.ownerId !== series.reportId) {
    throw new ValidationError('Some fields need attention', [{ path: ['ownerId'], message: ONE_ON_ONE_MESSAGES.ownerUnknown }]);
  }
  return ctx.db.oneOnOneActionItem.create({ data: { seriesId: series.id, meetingId: meeting.id, ownerId: input.ownerId, text: input.text, dueDate: input.dueDate, createdAt: ctx.clock.now() } });
}

/** Marks an action item of the pair done (in this meeting) or open again. */
export async function setActionItemDone(ctx: AppContext, viewerId: string, meetingId: string, itemId: string, done: boolean) {
  const { meeting, series } = await meetingForMember(ctx, meetingId, viewerId);
  const { count } = await ctx.db.oneOnOneActionItem.updateMany({
    where: { id: itemId, seriesId: series.id },
    data: done ? { doneAt: ctx.clock.now(), doneMeetingId: meeting.id } : { doneAt: null, doneMeetingId: null },
  });
  if (count !== 1) throw new NotFoundError();
}
