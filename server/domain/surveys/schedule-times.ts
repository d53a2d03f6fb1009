/**
 * When a schedule's rounds open and when their reminders go out. Pure functions on Intl (no date library,
 * no database). Calendar arithmetic is done on local dates ("day numbers": days since 1970-01-01); a local
 * date and time become an instant with the zone's offset, as Temporal's "compatible" rule does: a time that
 * a spring-forward gap skips moves forward by the gap, a time that a fall-back repeats takes the earlier one.
 */
import { zoneOrUtc } from '../shared/validators';

export type Frequency = 'weekly' | 'biweekly' | 'monthly' | 'quarterly';

export type ScheduleTiming = {
  frequency: Frequency;
  /** 1 = Monday … 7 = Sunday (weekly, biweekly); defaults to the start date's weekday. */
  weekday?: number;
  /** 1..28 (monthly, quarterly); defaults to the start date's day (at most 28). */
  dayOfMonth?: number;
  /** HH:MM, local to timeZone. */
  timeOfDay: string;
  timeZone: string;
  /** YYYY-MM-DD, local: no slot before this day. */
  startDate: string;
  /** YYYY-MM-DD, local, inclusive: no slot after this day. */
  endDate?: string | null;
};

const DAY_MS = 86_400_000;

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A zone this runtime does not know (stored before zones were validated) is computed as UTC, never a crash. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zoneOrUtc(timeZone),
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock date and time of `instant` in `timeZone`. */
export function localParts(instant: Date | number, timeZone: string): LocalParts {
  const out: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return { year: out.year, month: out.month, day: out.day, hour: out.hour % 24, minute: out.minute, second: out.second };
}

/** Offset of `timeZone` from UTC at `ms`, in milliseconds (Jakarta: +7 h). */
function offsetAt(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** The instant at which the wall clock in `timeZone` shows local day `dayNumber` at `minutes` past midnight. */
export function localToInstant(dayNumber: number, minutes: number, timeZone: string): Date {
  const wall = dayNumber * DAY_MS + minutes * 60_000;
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const valid = [...new Set([before, after])]
    .map((offset) => wall - offset)
    .filter((ms) => wall === ms + offsetAt(ms, timeZone))
    .sort((a, b) => a - b);
  // In a gap no candidate matches: use the offset in force before it, which lands after the gap.
  return new Date(valid[0] ?? wall - before);
}

/** Days since 1970-01-01 of a YYYY-MM-DD date. */
export function dayNumber(isoDate: string): number {
  const [y, m, d] = isoDate.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function dayFromParts(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

function minutesOf(timeOfDay: string): number {
  const [h, m] = timeOfDay.split(':').map(Number);
  return h * 60 + m;
}

/** The local day number of slot `k` (k = 0 is the first slot on or after the start date). */
function slotDay(t: ScheduleTiming, k: number): number {
  const start = dayNumber(t.startDate);
  if (t.frequency === 'weekly' || t.frequency === 'biweekly') {
    const weekday = t.weekday ?? isoWeekday(start);
    const first = start + ((weekday - isoWeekday(start) + 7) % 7);
    return first + k * (t.frequency === 'weekly' ? 7 : 14);
  }
  const step = t.frequency === 'monthly' ? 1 : 3;
  const [y, m, d] = t.startDate.split('-').map(Number);
  const dom = Math.min(t.dayOfMonth ?? d, 28);
  const skip = dom < d ? 1 : 0; // the start month's slot would fall before the start date
  const monthIndex = (m - 1) + (k + skip) * step;
  return dayFromParts(y + Math.floor(monthIndex / 12), (monthIndex % 12) + 1, dom);
}

/** A slot index whose slot is at or before local day `day` (a safe place to start searching). */
function indexNear(t: ScheduleTiming, day: number): number {
  const start = dayNumber(t.startDate);
  if (day <= start) return 0;
  const periodDays = { weekly: 7, biweekly: 14, monthly: 31, quarterly: 92 }[t.frequency];
  return Math.max(0, Math.floor((day - start) / periodDays) - 2);
}

/**
 * The first slot strictly after `after` (UTC), or null when the schedule has ended.
 * Slots fall at `timeOfDay` in the schedule's zone, on or after `startDate` and on or before `endDate`.
 */
export function nextRunAfter(t: ScheduleTiming, after: Date): Date | null {
  const minutes = minutesOf(t.timeOfDay);
  const end = t.endDate ? dayNumber(t.endDate) : Infinity;
  const p = localParts(after, t.timeZone);
  let k = indexNear(t, dayFromParts(p.year, p.month, p.day));
  for (let guard = 0; guard < 1000; guard++, k++) {
    const day = slotDay(t, k);
    if (day > end) return null;
    const at = localToInstant(day, minutes, t.timeZone);
    if (at.getTime() > after.getTime()) return at;
  }
  return null;
}

/** The next `n` slots after `after` (fewer when the schedule ends), for previews. */
export function nextRuns(t: ScheduleTiming, after: Date, n: number): Date[] {
  const out: Date[] = [];
  let cursor = after;
  while (out.length < n) {
    const next = nextRunAfter(t, cursor);
    if (!next) break;
    out.push(next);
    cursor = next;
  }
  return out;
}

function shiftLocalDays(instant: Date, days: number, timeZone: string): Date {
  const p = localParts(instant, timeZone);
  return localToInstant(dayFromParts(p.year, p.month, p.day) + days, p.hour * 60 + p.minute, timeZone);
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
