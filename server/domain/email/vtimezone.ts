/**
 * VTIMEZONE blocks (RFC 5545 §3.6.5) for IANA zones, from the same Intl time zone data that computes the
 * meeting times, so the calendar and Pulse never disagree. Outlook shows times an hour off without a VTIMEZONE
 * and ignores RDATE-style definitions, so a zone whose changes follow a yearly rule ("last Sunday of March")
 * gets RRULE-style STANDARD and DAYLIGHT parts; a zone without changes gets one STANDARD part; a zone whose
 * changes follow no yearly rule in the years asked gets one part per change (each with its own DTSTART).
 */
import { dayFromParts, isoWeekday, localParts, offsetAt } from '../recurrence/local-time';

interface Transition {
  /** The instant of the change (ms). */
  at: number;
  from: number;
  to: number;
}

const HOUR = 3_600_000;

/** Every offset change of `zone` in [from, to) (ms), found by sampling every 7 days and bisecting to the minute. */
function transitions(zone: string, from: number, to: number): Transition[] {
  const out: Transition[] = [];
  const step = 7 * 24 * HOUR;
  let prev = offsetAt(from, zone);
  for (let t = from + step; t < to + step; t += step) {
    const cur = offsetAt(t, zone);
    if (cur === prev) continue;
    let lo = t - step;
    let hi = t;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (offsetAt(mid, zone) === prev) lo = mid;
      else hi = mid;
    }
    out.push({ at: hi, from: prev, to: cur });
    prev = cur;
  }
  return out;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** +HHMM / -HHMM */
function offsetText(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const m = Math.round(Math.abs(ms) / 60_000);
  return `${sign}${pad(Math.floor(m / 60))}${pad(m % 60)}`;
}

/** The wall-clock time the change happens at, in the offset before it (as VTIMEZONE's DTSTART wants). */
function onsetParts(t: Transition) {
  const wall = new Date(t.at + t.from);
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate(), hour: wall.getUTCHours(), minute: wall.getUTCMinutes() };
}

function localStamp(p: { year: number; month: number; day: number; hour: number; minute: number }): string {
  return `${p.year}${pad(p.month)}${pad(p.day)}T${pad(p.hour)}${pad(p.minute)}00`;
}

const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** The yearly rule a change date follows: month, weekday and its ordinal in the month (-1 = last). */
function ruleOf(p: { year: number; month: number; day: number }) {
  const dim = new Date(Date.UTC(p.year, p.month, 0)).getUTCDate();
  const weekday = isoWeekday(dayFromParts(p.year, p.month, p.day));
  const nth = p.day + 7 > dim ? -1 : Math.ceil(p.day / 7);
  return { month: p.month, weekday, nth };
}

function sameRule(a: ReturnType<typeof ruleOf>, b: ReturnType<typeof ruleOf>): boolean {
  return a.month === b.month && a.weekday === b.weekday && a.nth === b.nth;
}

/**
 * The VTIMEZONE lines for `zone`, valid for the years `fromYear`..`toYear` (the years the events fall in),
 * without line endings.
 */
export function vtimezoneLines(zone: string, fromYear: number, toYear: number): string[] {
  const start = Date.UTC(fromYear, 0, 1) - 14 * HOUR;
  const end = Date.UTC(toYear + 1, 0, 1) + 14 * HOUR;
  const changes = transitions(zone, start, end);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  if (changes.length === 0) {
    const off = offsetText(offsetAt(start, zone));
    lines.push('BEGIN:STANDARD', 'DTSTART:19700101T000000', `TZOFFSETFROM:${off}`, `TZOFFSETTO:${off}`, 'END:STANDARD', 'END:VTIMEZONE');
    return lines;
  }
  const kindOf = (t: Transition) => (t.to > t.from ? 'DAYLIGHT' : 'STANDARD');
  // A yearly rule: every change of one kind falls on the same n-th weekday of the same month at the same
  // local time, with the same offsets, and there is one change of each kind a year.
  const byKind = new Map<string, Transition[]>();
  for (const t of changes) byKind.set(kindOf(t), [...(byKind.get(kindOf(t)) ?? []), t]);
  const years = toYear - fromYear + 1;
  const yearly = [...byKind.values()].every((list) => {
    if (list.length < years) return false;
    const first = onsetParts(list[0]);
    return list.every((t) => {
      const p = onsetParts(t);
      return sameRule(ruleOf(p), ruleOf(first)) && p.hour === first.hour && p.minute === first.minute && t.from === list[0].from && t.to === list[0].to;
    });
  }) && byKind.size === 2;
  if (yearly) {
    for (const [kind, list] of byKind) {
      const p = onsetParts(list[0]);
      const r = ruleOf(p);
      lines.push(
        `BEGIN:${kind}`,
        `DTSTART:${localStamp(p)}`,
        `RRULE:FREQ=YEARLY;BYMONTH=${r.month};BYDAY=${r.nth}${DAYS[r.weekday - 1]}`,
        `TZOFFSETFROM:${offsetText(list[0].from)}`,
        `TZOFFSETTO:${offsetText(list[0].to)}`,
        `END:${kind}`,
      );
    }
  } else {
    // The offset in force before the first change, then one part per change.
    const first = changes[0];
    const p0 = localParts(start, zone);
    lines.push('BEGIN:STANDARD', `DTSTART:${localStamp({ ...p0, minute: p0.minute })}`, `TZOFFSETFROM:${offsetText(first.from)}`, `TZOFFSETTO:${offsetText(first.from)}`, 'END:STANDARD');
    for (const t of changes) {
      lines.push(`BEGIN:${kindOf(t)}`, `DTSTART:${localStamp(onsetParts(t))}`, `TZOFFSETFROM:${offsetText(t.from)}`, `TZOFFSETTO:${offsetText(t.to)}`, `END:${kindOf(t)}`);
    }
  }
  lines.push('END:VTIMEZONE');
  return lines;
}
