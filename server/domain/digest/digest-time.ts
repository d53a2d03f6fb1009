/**
 * When a manager's weekly digest is due: on their local Monday, from DIGEST_HOUR (07:00) on, in the time zone of
 * the directory (Employee.timeZone; an unknown zone counts as UTC). The week is the ISO week of that Monday.
 * A Monday the server slept through entirely is not caught up later in the week (the digest is about Monday).
 */
import { isoWeekOf } from '../kpis/periods';
import { zoneOrUtc } from '../shared/validators';

export const DIGEST_HOUR = 7;

const formats = new Map<string, Intl.DateTimeFormat>();
function wall(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23', weekday: 'short' });
    formats.set(zone, f);
  }
  return f;
}

/** The ISO week (2026-W49) whose digest is due for someone in `timeZone` at `now`, or null when it is not Monday morning or later on Monday. */
export function digestWeekDue(now: Date, timeZone: string): string | null {
  const parts = wall(zoneOrUtc(timeZone)).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  if (get('weekday') !== 'Mon' || Number(get('hour')) < DIGEST_HOUR) return null;
  const { year, week } = isoWeekOf(`${get('year')}-${get('month')}-${get('day')}`);
  return `${year}-W${String(week).padStart(2, '0')}`;
}
