/**
 * Making a series' meetings from its rule, and carrying open talking points on. Every function takes the
 * caller's transaction, so a meeting, the series' horizon and the carried points change together.
 *  - A meeting's slot is its occurrence of the rule (unique per series); a move changes `startsAt`, never the slot.
 *  - The horizon is the slot of the latest meeting made; once it has come, the next occurrence gets its meeting
 *    (advanceHorizon, a compare-and-set on the horizon, so two ticks never make it twice).
 *  - Unchecked talking points on a meeting that is over (held, skipped, cancelled) move to the earliest meeting
 *    still to come, however meetings were moved or skipped: carry-over follows the series, not a note.
 */
import type { DbTx } from '../../db/client';
import { nextSlotAfter, remindAtFor, type SeriesTiming } from './series-rule';

export interface WritableSeries extends SeriesTiming {
  id: string;
  durationMinutes: number;
  reminderHours: number;
}

/**
 * When a meeting's reminder is due, or null when that time has already passed at `now`: a meeting made or moved
 * less than a reminder's span ahead was just announced by the email about the change, which carries the invitation.
 */
export function reminderFor(s: Pick<WritableSeries, 'reminderHours' | 'timeZone'>, startsAt: Date, now: Date): Date | null {
  const at = remindAtFor(startsAt, s.reminderHours, s.timeZone);
  return at.getTime() > now.getTime() ? at : null;
}

/** Creates the meeting of `slot` (a rule occurrence). */
export async function createMeeting(tx: DbTx, s: WritableSeries, slot: Date, now: Date) {
  return tx.oneOnOneMeeting.create({
    data: {
      seriesId: s.id,
      slot: slot.toISOString(),
      startsAt: slot,
      endsAt: new Date(slot.getTime() + s.durationMinutes * 60_000),
      remindAt: reminderFor(s, slot, now),
    },
  });
}

/** The first occurrence after `after` whose slot no meeting of the series holds yet (a skipped slot stays skipped). */
export async function freeSlotAfter(tx: DbTx, s: WritableSeries, after: Date): Promise<Date | null> {
  // Slots are ISO instants, so string order is time order.
  const taken = new Set((await tx.oneOnOneMeeting.findMany({ where: { seriesId: s.id, slot: { gt: after.toISOString() } }, select: { slot: true } })).map((m) => m.slot));
  let slot = nextSlotAfter(s, after);
  for (let guard = 0; slot && taken.has(slot.toISOString()) && guard < 500; guard++) slot = nextSlotAfter(s, slot);
  return slot;
}

/**
 * Makes the meeting of the series' next free occurrence after `after` and moves the horizon to it; carries open
 * points onto it. Returns the meeting, or null when the rule has no further occurrence.
 */
export async function makeNextMeeting(tx: DbTx, s: WritableSeries, after: Date, now: Date) {
  const slot = await freeSlotAfter(tx, s, after);
  if (!slot) return null;
  const meeting = await createMeeting(tx, s, slot, now);
  await tx.oneOnOneSeries.update({ where: { id: s.id }, data: { horizon: slot } });
  await carryOver(tx, s.id);
  return meeting;
}

/**
 * If the series' horizon is still `expected` (no other tick moved it), makes the next meeting after
 * max(horizon, now): occurrences missed while Pulse was down are not made after the fact. Null when another
 * tick was first or the rule has ended.
 */
export async function advanceHorizon(tx: DbTx, s: WritableSeries, expected: Date, now: Date) {
  const after = new Date(Math.max(expected.getTime(), now.getTime()));
  const slot = await freeSlotAfter(tx, s, after);
  const { count } = await tx.oneOnOneSeries.updateMany({ where: { id: s.id, status: 'active', horizon: expected }, data: { horizon: slot } });
  if (count !== 1 || !slot) return null;
  const meeting = await createMeeting(tx, s, slot, now);
  await carryOver(tx, s.id);
  return meeting;
}

/** The series' earliest meeting still to come (scheduled), or null. */
export async function nextMeetingOf(tx: DbTx, seriesId: string) {
  return tx.oneOnOneMeeting.findFirst({ where: { seriesId, status: 'scheduled' }, orderBy: [{ startsAt: 'asc' }, { id: 'asc' }] });
}

/** Moves unchecked talking points of meetings that are over onto the series' next meeting. Returns how many moved. */
export async function carryOver(tx: DbTx, seriesId: string): Promise<number> {
  const target = await nextMeetingOf(tx, seriesId);
  if (!target) return 0;
  const open = await tx.oneOnOneAgendaItem.findMany({
    where: { seriesId, checked: false, meetingId: { not: target.id }, meeting: { status: { not: 'scheduled' } } },
    select: { id: true },
  });
  if (open.length === 0) return 0;
  const { count } = await tx.oneOnOneAgendaItem.updateMany({ where: { id: { in: open.map((o) => o.id) } }, data: { meetingId: target.id, carried: { increment: 1 } } });
  return count;
}
