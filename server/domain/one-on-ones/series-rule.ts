/**
 * A 1:1 series' recurrence, through the shared recurrence module (server/domain/recurrence): the rule, the
 * matching iCalendar RRULE, when a meeting's reminder is due, and how long a cadence allows between meetings.
 */
import { localParts, shiftLocalDays } from '../recurrence/local-time';
import { nextOccurrenceAfter, occurrenceAt, type RecurrenceRule } from '../recurrence/recurrence';

export interface SeriesTiming {
  cadence: string;
  weekday: number;
  weekOfMonth: number | null;
  timeOfDay: string;
  timeZone: string;
  startDate: string;
}

export function ruleOf(s: SeriesTiming): RecurrenceRule {
  const frequency = s.cadence === 'biweekly' ? 'biweekly' : s.cadence === 'monthly' ? 'monthly' : 'weekly';
  return {
    frequency,
    weekday: s.weekday,
    weekOfMonth: frequency === 'monthly' ? (s.weekOfMonth ?? 1) : undefined,
    timeOfDay: s.timeOfDay,
    timeZone: s.timeZone,
    startDate: s.startDate,
  };
}

const BYDAY = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** The RRULE a calendar expands to the same occurrences (DTSTART being the rule's first occurrence). */
export function rruleOf(s: SeriesTiming): string {
  const day = BYDAY[s.weekday - 1];
  if (s.cadence === 'monthly') return `FREQ=MONTHLY;BYDAY=${s.weekOfMonth ?? 1}${day}`;
  return `FREQ=WEEKLY;INTERVAL=${s.cadence === 'biweekly' ? 2 : 1};BYDAY=${day};WKST=MO`;
}

/** The rule's first occurrence (the calendar event's DTSTART). */
export function firstOccurrence(s: SeriesTiming): Date {
  return occurrenceAt(ruleOf(s), 0);
}

/** The first occurrence strictly after `after`. */
export function nextSlotAfter(s: SeriesTiming, after: Date): Date | null {
  return nextOccurrenceAfter(ruleOf(s), after);
}

/**
 * When the reminder of a meeting starting at `startsAt` is due: whole days are local days (the same local time
 * the day before, 23 or 25 hours across a daylight-saving change), other spans are hours.
 */
export function remindAtFor(startsAt: Date, reminderHours: number, timeZone: string): Date {
  if (reminderHours % 24 === 0) return shiftLocalDays(startsAt, -reminderHours / 24, timeZone);
  return new Date(startsAt.getTime() - reminderHours * 3_600_000);
}

/** Days a pair may go between meetings and still be "within cadence": the cadence plus a few days' slack. */
export function cadenceWindowDays(cadence: string): number {
  return cadence === 'monthly' ? 35 : cadence === 'biweekly' ? 17 : 10;
}

/** Today's date (YYYY-MM-DD) in `timeZone`. */
export function todayIn(now: Date, timeZone: string): string {
  const p = localParts(now, timeZone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}
