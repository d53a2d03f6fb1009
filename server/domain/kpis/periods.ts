/**
 * KPI periods: ISO weeks (Monday to Sunday; week 1 holds the year's first Thursday), months, quarters and years of
 * the fiscal year (which starts in `fiscalStart`, 1 = January, and is named after the calendar year it starts in).
 * Pure: dates are YYYY-MM-DD strings, months are counted as a month index (year × 12 + month − 1).
 *
 * Values are entered per week, month or quarter (a measure's grain) and roll up into the longer periods: a week
 * belongs to the month of its Thursday (the ISO rule that gives a week to a year), a month to its quarter and year.
 */
export const PERIOD_KINDS = ['week', 'month', 'quarter', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];
export const GRAINS = ['week', 'month', 'quarter'] as const;
export type Grain = (typeof GRAINS)[number];

export interface Period {
  kind: PeriodKind;
  /** First day, YYYY-MM-DD. */
  start: string;
  /** The day after the last, YYYY-MM-DD. */
  end: string;
  /** What URLs, CSV files and the API write: 2026-W05, 2026-03, 2026-Q1, 2026. */
  key: string;
  /** Month indexes the period covers (a week: its Thursday's month, both ends). */
  firstMonth: number;
  lastMonth: number;
}

const DAY = 86_400_000;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const utc = (date: string) => Date.parse(`${date}T00:00:00Z`);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const addDays = (date: string, days: number) => iso(utc(date) + days * DAY);

export const monthIndexOf = (date: string) => Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
export const monthStart = (mi: number) => `${pad(Math.floor(mi / 12), 4)}-${pad((mi % 12) + 1)}-01`;

/** Monday of ISO week `week` of `year`. */
export function isoWeekStart(year: number, week: number): string {
  const jan4 = utc(`${pad(year, 4)}-01-04`);
  const weekday = (new Date(jan4).getUTCDay() + 6) % 7; // Monday = 0
  return iso(jan4 - weekday * DAY + (week - 1) * 7 * DAY);
}

/** The ISO year and week of `date`. */
export function isoWeekOf(date: string): { year: number; week: number } {
  const ms = utc(date);
  const weekday = (new Date(ms).getUTCDay() + 6) % 7;
  const thursday = iso(ms + (3 - weekday) * DAY);
  const year = Number(thursday.slice(0, 4));
  return { year, week: Math.floor((utc(thursday) - utc(isoWeekStart(year, 1))) / (7 * DAY)) + 1 };
}

const weeksInYear = (year: number) => isoWeekOf(`${pad(year, 4)}-12-28`).week;

function weekPeriod(year: number, week: number): Period {
  const start = isoWeekStart(year, week);
  const month = monthIndexOf(addDays(start, 3));
  return { kind: 'week', start, end: addDays(start, 7), key: `${pad(year, 4)}-W${pad(week)}`, firstMonth: month, lastMonth: month };
}

function monthsPeriod(kind: 'month' | 'quarter' | 'year', first: number, key: string): Period {
  const months = kind === 'month' ? 1 : kind === 'quarter' ? 3 : 12;
  return { kind, start: monthStart(first), end: monthStart(first + months), key, firstMonth: first, lastMonth: first + months - 1 };
}

/** The fiscal year (named by the calendar year it starts in) and quarter (1–4) of month index `mi`. */
export function fiscalOf(mi: number, fiscalStart: number): { year: number; quarter: number; yearStart: number } {
  const offset = mi - (fiscalStart - 1);
  const year = Math.floor(offset / 12);
  const inYear = offset - year * 12;
  return { year, quarter: Math.floor(inYear / 3) + 1, yearStart: year * 12 + fiscalStart - 1 };
}

/** The period of `kind` that contains `date`. */
export function periodContaining(kind: PeriodKind, date: string, fiscalStart: number): Period {
  if (kind === 'week') {
    const w = isoWeekOf(date);
    return weekPeriod(w.year, w.week);
  }
  const mi = monthIndexOf(date);
  if (kind === 'month') return monthsPeriod('month', mi, date.slice(0, 7));
  const f = fiscalOf(mi, fiscalStart);
  if (kind === 'quarter') return monthsPeriod('quarter', f.yearStart + 3 * (f.quarter - 1), `${pad(f.year, 4)}-Q${f.quarter}`);
  return monthsPeriod('year', f.yearStart, pad(f.year, 4));
}

const KEY_PATTERNS: [PeriodKind, RegExp][] = [
  ['week', /^(\d{4})-W(\d{2})$/],
  ['month', /^(\d{4})-(\d{2})$/],
  ['quarter', /^(\d{4})-Q([1-4])$/],
  ['year', /^(?:FY\s?)?(\d{4})$/],
];

/** The period a key names (2026-W05, 2026-03, 2026-Q1, 2026 or FY2026), or null. */
export function parsePeriodKey(key: string, fiscalStart: number): Period | null {
  const text = key.trim().toUpperCase();
  for (const [kind, re] of KEY_PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const year = Number(m[1]);
    if (year < 1900 || year > 2999) return null;
    if (kind === 'week') {
      const week = Number(m[2]);
      return week >= 1 && week <= weeksInYear(year) ? weekPeriod(year, week) : null;
    }
    if (kind === 'month') {
      const month = Number(m[2]);
      return month >= 1 && month <= 12 ? monthsPeriod('month', year * 12 + month - 1, `${m[1]}-${m[2]}`) : null;
    }
    const yearStart = year * 12 + fiscalStart - 1;
    if (kind === 'quarter') return monthsPeriod('quarter', yearStart + 3 * (Number(m[2]) - 1), `${m[1]}-Q${m[2]}`);
    return monthsPeriod('year', yearStart, m[1]);
  }
  return null;
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && iso(utc(text)) === text;
}

const EXAMPLE: Record<Grain, string> = { week: '2026-W10', month: '2026-03', quarter: '2026-Q1' };

/**
 * What a value row's period means for a measure entered per `grain`: its key, or any date inside it. Another
 * kind of key (a week for a monthly measure) is an error: the message says how to write it.
 */
export function periodForGrain(text: string, grain: Grain, fiscalStart: number): Period | { error: string } {
  const trimmed = text.trim();
  if (isDate(trimmed)) return periodContaining(grain, trimmed, fiscalStart);
  const p = parsePeriodKey(trimmed, fiscalStart);
  if (!p) return { error: `Write the period as ${EXAMPLE[grain]} or as a date (YYYY-MM-DD)` };
  if (p.kind !== grain) return { error: `This measure is entered per ${grain}: write the period as ${EXAMPLE[grain]} or as a date` };
  return p;
}

/** The period `n` periods before `p` (n < 0: after), of the same kind and length. */
export function shiftPeriod(p: Period, n: number, fiscalStart: number): Period {
  if (n === 0) return p;
  if (p.kind === 'week') return periodContaining('week', addDays(p.start, -7 * n), fiscalStart);
  const months = p.kind === 'month' ? 1 : p.kind === 'quarter' ? 3 : 12;
  return periodContaining(p.kind, monthStart(p.firstMonth - months * n), fiscalStart);
}

/** The `count` periods of `p`'s kind ending with `p`, oldest first. */
export function periodsEndingWith(p: Period, count: number, fiscalStart: number): Period[] {
  return Array.from({ length: count }, (_, i) => shiftPeriod(p, count - 1 - i, fiscalStart));
}

/** Which grains of values add up into a period of `kind` (a monthly value has no place in a week). */
export function grainsFor(kind: PeriodKind): Grain[] {
  if (kind === 'week') return ['week'];
  if (kind === 'month') return ['week', 'month'];
  return ['week', 'month', 'quarter'];
}

/** Whether a value of `grain` starting `valueStart` (month `mi`) belongs to period `p`. */
export function valueInPeriod(p: Period, grain: Grain, valueStart: string, mi: number): boolean {
  if (!grainsFor(p.kind).includes(grain)) return false;
  if (p.kind === 'week') return valueStart === p.start;
  return mi >= p.firstMonth && mi <= p.lastMonth;
}

// Building an Intl formatter costs far more than using one: one per zone, kept (bounded).
const zoneFormats = new Map<string, Intl.DateTimeFormat>();
function zoneFormat(kind: 'day' | 'wall', timeZone: string): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone}`;
  let f = zoneFormats.get(key);
  if (!f) {
    const make = (zone: string) =>
      kind === 'day'
        ? new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' })
        : new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    try {
      f = make(timeZone);
    } catch {
      // A zone this runtime does not know (stored before zones were checked): UTC rather than a failing page.
      f = make('UTC');
    }
    if (zoneFormats.size >= 500) zoneFormats.clear();
    zoneFormats.set(key, f);
  }
  return f;
}

/** Today's date (YYYY-MM-DD) in `timeZone`. */
export function todayIn(now: Date, timeZone: string): string {
  const parts = zoneFormat('day', timeZone).formatToParts(now);
  const get = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The instant `date` begins (local midnight) in `timeZone`. */
export function startOfDay(date: string, timeZone: string): number {
  const guess = utc(date);
  // The zone's offset at a moment: local wall time read as UTC, minus the moment.
  const offsetAt = (ms: number) => {
    const parts = zoneFormat('wall', timeZone).formatToParts(ms);
    const get = (t: string) => Number(parts.find((x) => x.type === t)?.value);
    return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - Math.floor(ms / 1000) * 1000;
  };
  const first = guess - offsetAt(guess);
  return guess - offsetAt(first);
}

/**
 * How much of `p` has passed at `now` in `timeZone`, exactly (milliseconds passed over milliseconds in the
 * period): 0 before it starts, 1 once it has ended.
 */
export function elapsedShare(p: Period, now: Date, timeZone: string): { passed: number; total: number } {
  const start = startOfDay(p.start, timeZone);
  const total = startOfDay(p.end, timeZone) - start;
  return { passed: Math.min(total, Math.max(0, now.getTime() - start)), total };
}
