/**
 * Local-time sending. A schedule with `localDelivery` sends each invitation at its `timeOfDay` in the invitee's own
 * zone (the directory's; the company's when the directory's is not a zone this runtime knows). The schedule's slot
 * (`nextRunAt`) is the instant the earliest zone in the directory reaches that time, so the round opens then,
 * once, claimed as any slot is (schedule-claims.ts); the round stores the local date and time (`localSendAt`) and
 * every invitation's outbox row waits until its invitee's instant (`nextAttemptAt`, which the drainers' claim
 * respects). A person whose zone is earlier than any the directory held when the slot was planned is sent to at
 * once when the round opens. The window closes `windowDays` after the last zone's send time, so everyone has the
 * whole window; reminders keep each person's delay (reminders.service.ts).
 */
import type { DbTx } from '../../db/client';
import { isoDateOf, localDateTimeToInstant } from '../recurrence/local-time';
import { nextEarliestOccurrenceAfter, occurrenceDayOfSlot } from '../recurrence/recurrence';
import { nextRunAfter, timingOf, type StoredTiming } from '../surveys/schedule-times';
import { isTimeZone } from '../shared/validators';

/** A stored or submitted schedule's timing and whether it sends at each person's local time. */
export type SendingTiming = StoredTiming & { localDelivery?: boolean | null };

/** The zone a person's invitation follows: theirs when this runtime knows it, else the company's, else UTC. */
export function zoneOfPerson(zone: string | null | undefined, companyZone: string | null | undefined): string {
  if (zone && isTimeZone(zone)) return zone;
  return companyZone && isTimeZone(companyZone) ? companyZone : 'UTC';
}

/** The company's zone, and every distinct zone invitations may follow now (active people's as zoneOfPerson reads them). */
export interface SendingZones {
  company: string;
  all: string[];
}

export async function sendingZones(db: DbTx): Promise<SendingZones> {
  const [settings, rows] = await Promise.all([
    db.orgSettings.findUnique({ where: { id: 1 }, select: { defaultTimeZone: true } }),
    db.employee.groupBy({ by: ['timeZone'], where: { active: true } }),
  ]);
  const company = zoneOfPerson(settings?.defaultTimeZone, 'UTC');
  return { company, all: [...new Set([company, ...rows.map((r) => zoneOfPerson(r.timeZone, company))])] };
}

/** The next slot strictly after `after`: the rule's own instant, or with local-time sending the earliest zone's. */
export function slotAfter(schedule: SendingTiming, zones: readonly string[], after: Date): Date | null {
  const timing = timingOf(schedule);
  if (!schedule.localDelivery) return nextRunAfter(timing, after);
  return nextEarliestOccurrenceAfter(timing, zones, after)?.at ?? null;
}

/** As slotAfter, reading the directory's zones when the schedule sends at local time. */
export async function nextSlotAfter(db: DbTx, schedule: SendingTiming, after: Date): Promise<Date | null> {
  return slotAfter(schedule, schedule.localDelivery ? (await sendingZones(db)).all : [], after);
}

/** The local date and time ("YYYY-MM-DDTHH:MM") every invitation of slot `slot` waits for in its own zone. */
export function localSendAtOf(schedule: StoredTiming, slot: Date): string {
  return `${isoDateOf(occurrenceDayOfSlot(timingOf(schedule), slot))}T${schedule.timeOfDay}`;
}

/** When a person in `zone` is sent their invitation: `localSendAt` on their wall clock, or at once when that has passed. */
export function personalSendTime(localSendAt: string, zone: string, openedAt: Date): Date {
  const [date, time] = localSendAt.split('T');
  const at = localDateTimeToInstant(date, time, zone);
  return at.getTime() > openedAt.getTime() ? at : openedAt;
}
