/**
 * The shared recurrence module (survey schedules and 1:1 series) across zones and both daylight-saving changes
 * of a year: occurrences stay at the same local time, so their UTC time moves by the change; nothing steps 24 h.
 */
import { nextOccurrences, occurrencesBetween, nextOccurrenceAfter, isOccurrence, type RecurrenceRule } from '../../server/domain/recurrence/recurrence';
import { localDateOf, localTimeOf, shiftLocalDays } from '../../server/domain/recurrence/local-time';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const rule = (o: Partial<RecurrenceRule>): RecurrenceRule => ({ frequency: 'weekly', weekday: 2, timeOfDay: '09:00', timeZone: 'UTC', startDate: '2026-01-01', ...o });

describe('every second Tuesday 09:00 Europe/Berlin (the note in one-on-ones.md)', () => {
  const r = rule({ frequency: 'biweekly', timeZone: 'Europe/Berlin', startDate: '2026-03-17' });
  it('is 08:00 UTC before the 29 March change and 07:00 UTC after it', () => {
    expect(iso(nextOccurrences(r, new Date('2026-03-01T00:00:00Z'), 3))).toEqual(['2026-03-17T08:00:00.000Z', '2026-03-31T07:00:00.000Z', '2026-04-14T07:00:00.000Z']);
  });
  it('goes back to 08:00 UTC after the 25 October change', () => {
    expect(iso(nextOccurrences(r, new Date('2026-10-10T00:00:00Z'), 2))).toEqual(['2026-10-13T07:00:00.000Z', '2026-10-27T08:00:00.000Z']);
  });
  it('never lands at 10:00 local, as adding 14 × 24 h would', () => {
    for (const at of occurrencesBetween(r, new Date('2026-03-01T00:00:00Z'), new Date('2027-03-01T00:00:00Z'))) {
      expect(localTimeOf(at, 'Europe/Berlin')).toBe('09:00');
    }
  });
});

describe.each([
  // zone, the day clocks go forward, the day they go back
  ['America/New_York', '2026-03-08', '2026-11-01'],
  ['Europe/London', '2026-03-29', '2026-10-25'],
  ['Australia/Sydney', '2026-10-04', '2026-04-05'], // southern hemisphere: DST from October to April
] as const)('weekly Monday 10:30 in %s', (zone, springChange, autumnChange) => {
  const r = rule({ weekday: 1, timeOfDay: '10:30', timeZone: zone, startDate: '2026-01-01' });
  const year = occurrencesBetween(r, new Date('2026-01-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z'));

  it('has one occurrence a week, all at 10:30 local on a Monday', () => {
    expect(year.length).toBeGreaterThanOrEqual(52);
    for (const at of year) {
      expect(localTimeOf(at, zone)).toBe('10:30');
      expect(new Date(`${localDateOf(at, zone)}T00:00:00Z`).getUTCDay()).toBe(1);
    }
  });

  it('is 7 × 24 h apart except across the two changes, which are an hour shorter or longer', () => {
    const gaps = year.slice(1).map((d, i) => (d.getTime() - year[i].getTime()) / 3_600_000);
    const odd = gaps.map((g, i) => [g, localDateOf(year[i + 1], zone)] as const).filter(([g]) => g !== 168);
    expect(odd.map(([g]) => g).sort()).toEqual([167, 169]);
    // Each odd gap ends on the first Monday after a change.
    const after = (change: string) => localDateOf(nextOccurrenceAfter(r, new Date(`${change}T12:00:00Z`))!, zone);
    expect(odd.map(([, d]) => d).sort()).toEqual([after(springChange), after(autumnChange)].sort());
  });
});

describe('Asia/Jakarta and Asia/Kolkata (no DST, offsets off the hour)', () => {
  it('keeps the local weekday where 06:00 local is the previous day in UTC', () => {
    const r = rule({ weekday: 1, timeOfDay: '06:00', timeZone: 'Asia/Jakarta', startDate: '2026-03-01' });
    expect(iso(nextOccurrences(r, new Date('2026-03-01T00:00:00Z'), 2))).toEqual(['2026-03-01T23:00:00.000Z', '2026-03-08T23:00:00.000Z']);
  });
  it('handles a half-hour offset', () => {
    const r = rule({ weekday: 5, timeOfDay: '16:00', timeZone: 'Asia/Kolkata', startDate: '2026-06-01' });
    expect(nextOccurrenceAfter(r, new Date('2026-06-01T00:00:00Z'))?.toISOString()).toBe('2026-06-05T10:30:00.000Z');
  });
});

describe('monthly by n-th weekday (1:1 series)', () => {
  it('takes the second Wednesday of each month across the New York changes', () => {
    const r = rule({ frequency: 'monthly', weekday: 3, weekOfMonth: 2, timeOfDay: '15:00', timeZone: 'America/New_York', startDate: '2026-02-01' });
    expect(iso(nextOccurrences(r, new Date('2026-02-01T00:00:00Z'), 4))).toEqual([
      '2026-02-11T20:00:00.000Z',
      '2026-03-11T19:00:00.000Z', // after the 8 March change: EDT
      '2026-04-08T19:00:00.000Z',
      '2026-05-13T19:00:00.000Z',
    ]);
    expect(iso(nextOccurrences(r, new Date('2026-10-01T00:00:00Z'), 2))).toEqual(['2026-10-14T19:00:00.000Z', '2026-11-11T20:00:00.000Z']);
  });
  it('takes the last Friday, in months of four and five Fridays', () => {
    const r = rule({ frequency: 'monthly', weekday: 5, weekOfMonth: -1, timeZone: 'Europe/London', startDate: '2026-01-01' });
    expect(nextOccurrences(r, new Date('2026-01-01T00:00:00Z'), 4).map((d) => localDateOf(d, 'Europe/London'))).toEqual(['2026-01-30', '2026-02-27', '2026-03-27', '2026-04-24']);
  });
  it('starts a month later when the start month’s occurrence is before the start date', () => {
    const r = rule({ frequency: 'monthly', weekday: 1, weekOfMonth: 1, startDate: '2026-03-10' });
    expect(localDateOf(nextOccurrenceAfter(r, new Date('2026-01-01T00:00:00Z'))!, 'UTC')).toBe('2026-04-06');
  });
});

describe('gaps, repeats and membership', () => {
  it('moves a time the spring gap skips forward, and takes the first of a repeated time', () => {
    const gap = rule({ weekday: 7, timeOfDay: '02:30', timeZone: 'America/New_York', startDate: '2026-03-01' });
    expect(nextOccurrenceAfter(gap, new Date('2026-03-07T00:00:00Z'))?.toISOString()).toBe('2026-03-08T07:30:00.000Z');
    const repeat = rule({ weekday: 7, timeOfDay: '01:30', timeZone: 'America/New_York', startDate: '2026-10-01' });
    expect(nextOccurrenceAfter(repeat, new Date('2026-10-31T00:00:00Z'))?.toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });
  it('tells occurrences from other instants', () => {
    const r = rule({ timeZone: 'Europe/Berlin', startDate: '2026-03-17' });
    expect(isOccurrence(r, new Date('2026-03-31T07:00:00Z'))).toBe(true);
    expect(isOccurrence(r, new Date('2026-03-31T08:00:00Z'))).toBe(false);
  });
  it('shifts by local days, so "the day before" is 23 or 25 hours before across a change', () => {
    const monday = new Date('2026-03-30T07:00:00Z'); // 09:00 CEST, the day after the change
    expect((monday.getTime() - shiftLocalDays(monday, -1, 'Europe/Berlin').getTime()) / 3_600_000).toBe(24);
    const sunday = new Date('2026-03-29T07:00:00Z'); // 09:00 CEST on the change day
    expect((sunday.getTime() - shiftLocalDays(sunday, -1, 'Europe/Berlin').getTime()) / 3_600_000).toBe(23);
  });
});
