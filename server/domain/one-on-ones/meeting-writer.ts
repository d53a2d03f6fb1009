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
import { localDateOf } from '../recurrence/local-time';
import { nextSlotAfter, remindAtFor, type SeriesTiming } from './series-rule';

export interface WritableSeries extends SeriesTiming {
  id: string;
  durationMinutes: number;
  reminderHours: number;
}

/**
 * When a meeting's reminder is due. `announced`: the meeting was just made or moved by a person, and the email
 * about that change (with the invitation) went to both; if the reminder's time has already passed there is no
 * reminder (null). A meeting the tick makes late (after a skip or downtime) keeps its reminder time even if it
 * has passed, so the reminder goes out at once, once.
 */
export function reminderFor(s: Pick<WritableSeries, 'reminderHours' | 'timeZone'>, startsAt: Date, now: Date, announced = true): Date | null {
  const at = remindAtFor(startsAt, s.reminderHours, s.timeZone);
  return at.getTime() > now.getTime() || !announced ? at : null;
}

/** Creates the meeting of `slot` (a rule occurrence); `announced` as for reminderFor. */
export async function createMeeting(tx: DbTx, s: WritableSeries, slot: Date, now: Date, announced = true) {
  return tx.oneOnOneMeeting.create({
    data: {
      seriesId: s.id,
      slot: slot.toISOString(),
      startsAt: slot,
      endsAt: new Date(slot.getTime() + s.durationMinutes * 60_000),
      remindAt: reminderFor(s, slot, now, announced),
      createdAt: now,
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
 * points onto it. `anchor`: the rule now counts from that meeting's date (a new or resumed series), so the
 * calendar event begins with it instead of an earlier occurrence that never had a meeting. Returns the meeting,
 * or null when the rule has no further occurrence.
 */
export async function makeNextMeeting(tx: DbTx, s: WritableSeries, after: Date, now: Date, anchor = false, announced = true) {
  const slot = await freeSlotAfter(tx, s, after);
  if (!slot) return null;
  const meeting = await createMeeting(tx, s, slot, now, announced);
  await tx.oneOnOneSeries.update({ where: { id: s.id }, data: { horizon: slot, ...(anchor ? { startDate: localDateOf(slot, s.timeZone) } : {}) } });
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
  const meeting = await createMeeting(tx, s, slot, now, false);
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
