/**
 * When a schedule's rounds open and when their reminders go out. The calendar arithmetic lives in the shared
 * recurrence module (server/domain/recurrence/), which 1:1 series use too: occurrences on local dates, turned
 * into instants with Temporal's "compatible" rule for gaps and repeats; nothing adds 24-hour steps.
 */
import { dayFromParts, isoWeekday, localParts, shiftLocalDays } from '../recurrence/local-time';
import { nextOccurrenceAfter, nextOccurrences, type Frequency, type RecurrenceRule } from '../recurrence/recurrence';

export { localParts } from '../recurrence/local-time';
export type { Frequency } from '../recurrence/recurrence';

export type ScheduleTiming = RecurrenceRule & { frequency: Frequency; weekOfMonth?: undefined };

/**
 * The first slot strictly after `after` (UTC), or null when the schedule has ended.
 * Slots fall at `timeOfDay` in the schedule's zone, on or after `startDate` and on or before `endDate`.
 */
export function nextRunAfter(t: ScheduleTiming, after: Date): Date | null {
  return nextOccurrenceAfter(t, after);
}

/** The next `n` slots after `after` (fewer when the schedule ends), for previews. */
export function nextRuns(t: ScheduleTiming, after: Date, n: number): Date[] {
  return nextOccurrences(t, after, n);
}

/**
 * When a round's `count` reminders go out: spread evenly across the window (openedAt, closesAt), rounded down
 * to the minute; one that falls on a local Saturday or Sunday moves to Monday at the same local time, or back
 * to Friday when Monday is too late, or is dropped when neither fits. The result is sorted, without duplicates,
 * and every time lies strictly inside the window, so it may hold fewer than `count` times.
 */
export function reminderTimes(openedAt: Date, closesAt: Date, count: number, timeZone: string): Date[] {
  const open = openedAt.getTime();
  const close = closesAt.getTime();
  const inside = (d: Date) => d.getTime() > open && d.getTime() < close;
  const out: number[] = [];
  for (let k = 1; k <= count; k++) {
    let at = new Date(Math.floor((open + ((close - open) * k) / (count + 1)) / 60_000) * 60_000);
    const p = localParts(at, timeZone);
    const weekday = isoWeekday(dayFromParts(p.year, p.month, p.day));
    if (weekday >= 6) {
      const monday = shiftLocalDays(at, 8 - weekday, timeZone);
      const friday = shiftLocalDays(at, 5 - weekday, timeZone);
      at = inside(monday) ? monday : friday;
    }
    if (inside(at) && !out.includes(at.getTime())) out.push(at.getTime());
  }
  return out.sort((a, b) => a - b).map((ms) => new Date(ms));
}

/** A schedule's timing as stored (nullable columns) or submitted. */
export interface StoredTiming {
  frequency: string;
  weekday?: number | null;
  dayOfMonth?: number | null;
  timeOfDay: string;
  timeZone: string;
  startDate: string;
  endDate?: string | null;
}

/** The timing part of a stored or submitted schedule, as the functions above want it. */
export function timingOf(s: StoredTiming): ScheduleTiming {
  return {
    frequency: s.frequency as ScheduleTiming['frequency'],
    weekday: s.weekday ?? undefined,
    dayOfMonth: s.dayOfMonth ?? undefined,
    timeOfDay: s.timeOfDay,
    timeZone: s.timeZone,
    startDate: s.startDate,
    endDate: s.endDate ?? null,
  };
}
