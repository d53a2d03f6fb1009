/**
 * Recurring local times: the one recurrence module of Pulse, used by survey schedules (rounds) and 1:1 series.
 * Occurrences are computed as local dates (weekly, every two weeks, monthly or quarterly, by day of month or by
 * "n-th weekday"), then turned into instants in the rule's zone (local-time.ts), so 09:00 stays 09:00 local
 * across daylight-saving changes. Pure functions: no database, no clock.
 */
import { dayFromParts, dayNumber, isoWeekday, localParts, localToInstant, minutesOf } from './local-time';

export type Frequency = 'weekly' | 'biweekly' | 'monthly' | 'quarterly';

export interface RecurrenceRule {
  frequency: Frequency;
  /** 1 = Monday … 7 = Sunday. Weekly and biweekly: defaults to the start date's weekday. Monthly with weekOfMonth: required. */
  weekday?: number;
  /** 1..28 (monthly, quarterly by date); defaults to the start date's day (at most 28). */
  dayOfMonth?: number;
  /** Monthly or quarterly by weekday: the n-th `weekday` of the month (1..4), or -1 for the last one. */
  weekOfMonth?: number;
  /** HH:MM, local to timeZone. */
  timeOfDay: string;
  timeZone: string;
  /** YYYY-MM-DD, local: no occurrence before this day. Every-two-weeks counts from the first occurrence on or after it. */
  startDate: string;
  /** YYYY-MM-DD, local, inclusive: no occurrence after this day. */
  endDate?: string | null;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The local day of the rule's occurrence in month (year, month), by date or by n-th weekday. */
function dayInMonth(r: RecurrenceRule, year: number, month: number, startDay: number): number {
  if (r.weekOfMonth !== undefined && r.weekday !== undefined) {
    if (r.weekOfMonth === -1) {
      const last = dayFromParts(year, month, daysInMonth(year, month));
      return last - ((isoWeekday(last) - r.weekday + 7) % 7);
    }
    const first = dayFromParts(year, month, 1);
    return first + ((r.weekday - isoWeekday(first) + 7) % 7) + (r.weekOfMonth - 1) * 7;
  }
  return dayFromParts(year, month, Math.min(r.dayOfMonth ?? new Date(startDay * 86_400_000).getUTCDate(), 28));
}

/** The local day number of occurrence `k` (k = 0 is the first occurrence on or after the start date). */
export function occurrenceDay(r: RecurrenceRule, k: number): number {
  const start = dayNumber(r.startDate);
  if (r.frequency === 'weekly' || r.frequency === 'biweekly') {
    const weekday = r.weekday ?? isoWeekday(start);
    const first = start + ((weekday - isoWeekday(start) + 7) % 7);
    return first + k * (r.frequency === 'weekly' ? 7 : 14);
  }
  const step = r.frequency === 'monthly' ? 1 : 3;
  const [y, m] = r.startDate.split('-').map(Number);
  // The start month's occurrence may fall before the start date: then the series begins a step later.
  const skip = dayInMonth(r, y, m, start) < start ? 1 : 0;
  const monthIndex = m - 1 + (k + skip) * step;
  return dayInMonth(r, y + Math.floor(monthIndex / 12), (monthIndex % 12) + 1, start);
}

/** An occurrence index whose occurrence is at or before local day `day` (a safe place to start searching). */
function indexNear(r: RecurrenceRule, day: number): number {
  const start = dayNumber(r.startDate);
  if (day <= start) return 0;
  const periodDays = { weekly: 7, biweekly: 14, monthly: 31, quarterly: 92 }[r.frequency];
  return Math.max(0, Math.floor((day - start) / periodDays) - 2);
}

/** The instant of occurrence `k`. */
export function occurrenceAt(r: RecurrenceRule, k: number): Date {
  return localToInstant(occurrenceDay(r, k), minutesOf(r.timeOfDay), r.timeZone);
}

/**
 * The first occurrence strictly after `after` (UTC), or null when the rule has ended.
 * Occurrences fall at `timeOfDay` in the rule's zone, on or after `startDate` and on or before `endDate`.
 */
export function nextOccurrenceAfter(r: RecurrenceRule, after: Date): Date | null {
  const minutes = minutesOf(r.timeOfDay);
  const end = r.endDate ? dayNumber(r.endDate) : Infinity;
  const p = localParts(after, r.timeZone);
  let k = indexNear(r, dayFromParts(p.year, p.month, p.day));
  for (let guard = 0; guard < 1000; guard++, k++) {
    const day = occurrenceDay(r, k);
    if (day > end) return null;
    const at = localToInstant(day, minutes, r.timeZone);
    if (at.getTime() > after.getTime()) return at;
  }
  return null;
}

/** The next `n` occurrences after `after` (fewer when the rule ends). */
export function nextOccurrences(r: RecurrenceRule, after: Date, n: number): Date[] {
  const out: Date[] = [];
  let cursor = after;
  while (out.length < n) {
    const next = nextOccurrenceAfter(r, cursor);
    if (!next) break;
    out.push(next);
    cursor = next;
  }
  return out;
}

/** Every occurrence in [from, to), oldest first. */
export function occurrencesBetween(r: RecurrenceRule, from: Date, to: Date): Date[] {
  const out: Date[] = [];
  let next = nextOccurrenceAfter(r, new Date(from.getTime() - 1));
  while (next && next.getTime() < to.getTime()) {
    out.push(next);
    next = nextOccurrenceAfter(r, next);
  }
  return out;
}

/** Whether `instant` is one of the rule's occurrences. */
export function isOccurrence(r: RecurrenceRule, instant: Date): boolean {
  return nextOccurrenceAfter(r, new Date(instant.getTime() - 1))?.getTime() === instant.getTime();
}

/** An occurrence as each of several zones sees it: its local day, and the instant the earliest zone reaches it. */
export interface EarliestOccurrence {
  /** The local day number of the occurrence (the same calendar day in every zone). */
  day: number;
  /** When the first of the zones reaches `timeOfDay` on that day. */
  at: Date;
}

/**
 * Local-time sending: the first occurrence whose earliest instant over `zones` (the rule's own zone always
 * included) is strictly after `after`, or null when the rule has ended. Occurrences are at least a week apart
 * and zones at most 26 hours apart, so occurrence k's earliest instant always comes before occurrence k + 1's.
 */
export function nextEarliestOccurrenceAfter(r: RecurrenceRule, zones: readonly string[], after: Date): EarliestOccurrence | null {
  const minutes = minutesOf(r.timeOfDay);
  const end = r.endDate ? dayNumber(r.endDate) : Infinity;
  const all = [...new Set([r.timeZone, ...zones])];
  const p = localParts(after, r.timeZone);
  // Two days back: the earliest zone can reach an occurrence up to a day before the rule's zone does.
  let k = indexNear(r, dayFromParts(p.year, p.month, p.day) - 2);
  for (let guard = 0; guard < 1000; guard++, k++) {
    const day = occurrenceDay(r, k);
    if (day > end) return null;
    const at = Math.min(...all.map((z) => localToInstant(day, minutes, z).getTime()));
    if (at > after.getTime()) return { day, at: new Date(at) };
  }
  return null;
}

/**
 * The local day of the occurrence that slot `slot` belongs to: the first occurrence in the rule's own zone at or
 * after it (an earliest-zone slot comes at most 26 hours before the rule's zone reaches the same occurrence).
 */
export function occurrenceDayOfSlot(r: RecurrenceRule, slot: Date): number {
  const own = nextOccurrenceAfter(r, new Date(slot.getTime() - 1));
  const p = localParts(own ?? slot, r.timeZone);
  return dayFromParts(p.year, p.month, p.day);
}
