/**
 * When a manager's weekly digest is due: from DIGEST_HOUR (07:00) on their local Monday, in the time zone of the
 * directory (Employee.timeZone; an unknown zone counts as UTC), to the end of that ISO week. Normally the first tick
 * after 07:00 on Monday sends it; a Monday the servers slept through is caught up by the first tick after they come
 * back, later that week (its numbers are then current). Once per (manager, ISO week) is the claim's job
 * (digest.service.ts), not this rule's.
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

/** The ISO week (2026-W49) whose digest is due for someone in `timeZone` at `now`; null before 07:00 on their Monday. */
export function digestWeekDue(now: Date, timeZone: string): string | null {
  const parts = wall(zoneOrUtc(timeZone)).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  if (get('weekday') === 'Mon' && Number(get('hour')) < DIGEST_HOUR) return null;
  const { year, week } = isoWeekOf(`${get('year')}-${get('month')}-${get('day')}`);
  return `${year}-W${String(week).padStart(2, '0')}`;
}
