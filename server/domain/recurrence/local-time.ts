/**
 * Wall-clock time in IANA zones, on Intl alone (no date library). Calendar arithmetic is done on local dates
 * ("day numbers": days since 1970-01-01); a local date and time become an instant with the zone's offset, as
 * Temporal's "compatible" rule does: a time that a spring-forward gap skips moves forward by the gap, a time
 * that a fall-back repeats takes the earlier one. Nothing here adds 24-hour steps to instants.
 */

import { zoneOrUtc } from '../shared/validators';
export const DAY_MS = 86_400_000;

export interface LocalParts {
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
export function offsetAt(ms: number, timeZone: string): number {
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

export function dayFromParts(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

/** The YYYY-MM-DD of a day number. */
export function isoDateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The local day number of `instant` in `timeZone`. */
export function localDayOf(instant: Date | number, timeZone: string): number {
  const p = localParts(instant, timeZone);
  return dayFromParts(p.year, p.month, p.day);
}

/** The local date (YYYY-MM-DD) of `instant` in `timeZone`. */
export function localDateOf(instant: Date | number, timeZone: string): string {
  return isoDateOf(localDayOf(instant, timeZone));
}

/** The local time (HH:MM) of `instant` in `timeZone`. */
export function localTimeOf(instant: Date | number, timeZone: string): string {
  const p = localParts(instant, timeZone);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** Minutes past midnight of an HH:MM time. */
export function minutesOf(timeOfDay: string): number {
  const [h, m] = timeOfDay.split(':').map(Number);
  return h * 60 + m;
}

/** The instant of local date `isoDate` at `timeOfDay` (HH:MM) in `timeZone`. */
export function localDateTimeToInstant(isoDate: string, timeOfDay: string, timeZone: string): Date {
  return localToInstant(dayNumber(isoDate), minutesOf(timeOfDay), timeZone);
}

/** The same local time of day, `days` local days later (or earlier): across a DST change this is 23 or 25 hours. */
export function shiftLocalDays(instant: Date, days: number, timeZone: string): Date {
  const p = localParts(instant, timeZone);
  return localToInstant(dayFromParts(p.year, p.month, p.day) + days, p.hour * 60 + p.minute, timeZone);
}
