import { nextRunAfter, nextRuns, reminderTimes, type ScheduleTiming } from '../../server/domain/surveys/schedule-times';

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const weekly = (o: Partial<ScheduleTiming>): ScheduleTiming => ({
  frequency: 'weekly',
  weekday: 1,
  timeOfDay: '09:00',
  timeZone: 'UTC',
  startDate: '2026-01-01',
  ...o,
});

describe('nextRunAfter', () => {
  it('is strictly after the given instant', () => {
    const t = weekly({ startDate: '2026-03-02' });
    expect(nextRunAfter(t, new Date('2026-03-02T08:59:59Z'))?.toISOString()).toBe('2026-03-02T09:00:00.000Z');
    expect(nextRunAfter(t, new Date('2026-03-02T09:00:00Z'))?.toISOString()).toBe('2026-03-09T09:00:00.000Z');
  });

  it('keeps 09:00 local across the spring change in Europe/London', () => {
    const t = weekly({ timeZone: 'Europe/London', startDate: '2026-03-01' });
    expect(iso(nextRuns(t, new Date('2026-03-20T00:00:00Z'), 3))).toEqual([
      '2026-03-23T09:00:00.000Z',
      '2026-03-30T08:00:00.000Z',
      '2026-04-06T08:00:00.000Z',
    ]);
  });

  it('keeps 09:00 local across the autumn change in Europe/London', () => {
    const t = weekly({ timeZone: 'Europe/London', startDate: '2026-10-01' });
    expect(iso(nextRuns(t, new Date('2026-10-15T00:00:00Z'), 2))).toEqual(['2026-10-19T08:00:00.000Z', '2026-10-26T09:00:00.000Z']);
  });

  it('moves a time the spring change skips forward by the gap, and takes the earlier of a repeated time', () => {
    const sunday = weekly({ weekday: 7, timeOfDay: '01:30', timeZone: 'Europe/London', startDate: '2026-03-01' });
    expect(nextRunAfter(sunday, new Date('2026-03-28T00:00:00Z'))?.toISOString()).toBe('2026-03-29T01:30:00.000Z'); // 02:30 BST
    expect(nextRunAfter(sunday, new Date('2026-10-24T00:00:00Z'))?.toISOString()).toBe('2026-10-25T00:30:00.000Z'); // first 01:30
    const ny = weekly({ weekday: 7, timeOfDay: '02:30', timeZone: 'America/New_York', startDate: '2026-03-01' });
    expect(nextRunAfter(ny, new Date('2026-03-07T00:00:00Z'))?.toISOString()).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
  });

  it('follows America/New_York on its own change dates', () => {
    const t = weekly({ timeZone: 'America/New_York', startDate: '2026-03-01' });
    expect(iso(nextRuns(t, new Date('2026-03-01T00:00:00Z'), 2))).toEqual(['2026-03-02T14:00:00.000Z', '2026-03-09T13:00:00.000Z']);
    expect(iso(nextRuns(t, new Date('2026-10-27T00:00:00Z'), 2))).toEqual(['2026-11-02T14:00:00.000Z', '2026-11-09T14:00:00.000Z']);
  });

  it('uses the local weekday in Asia/Jakarta, where Monday 06:00 is Sunday in UTC', () => {
    const t = weekly({ timeOfDay: '06:00', timeZone: 'Asia/Jakarta', startDate: '2026-03-01' });
    expect(iso(nextRuns(t, new Date('2026-03-01T00:00:00Z'), 2))).toEqual(['2026-03-01T23:00:00.000Z', '2026-03-08T23:00:00.000Z']);
  });

  it('counts biweekly slots from the first slot on or after the start date', () => {
    const t = weekly({ frequency: 'biweekly', startDate: '2026-01-01' });
    expect(iso(nextRuns(t, new Date('2025-12-01T00:00:00Z'), 3))).toEqual([
      '2026-01-05T09:00:00.000Z',
      '2026-01-19T09:00:00.000Z',
      '2026-02-02T09:00:00.000Z',
    ]);
    expect(nextRunAfter(t, new Date('2026-01-06T00:00:00Z'))?.toISOString()).toBe('2026-01-19T09:00:00.000Z');
    expect(nextRunAfter(t, new Date('2026-12-20T00:00:00Z'))?.toISOString()).toBe('2026-12-21T09:00:00.000Z');
  });

  it('runs monthly on the day of month, skipping a start month whose day has passed', () => {
    const t: ScheduleTiming = { frequency: 'monthly', dayOfMonth: 28, timeOfDay: '10:00', timeZone: 'UTC', startDate: '2026-01-31' };
    expect(iso(nextRuns(t, new Date('2026-01-01T00:00:00Z'), 3))).toEqual([
      '2026-02-28T10:00:00.000Z',
      '2026-03-28T10:00:00.000Z',
      '2026-04-28T10:00:00.000Z',
    ]);
    const early: ScheduleTiming = { ...t, dayOfMonth: 15, startDate: '2026-11-10' };
    expect(iso(nextRuns(early, new Date('2026-01-01T00:00:00Z'), 3))).toEqual([
      '2026-11-15T10:00:00.000Z',
      '2026-12-15T10:00:00.000Z',
      '2027-01-15T10:00:00.000Z',
    ]);
  });

  it('runs quarterly every three months from the start month, across the year end', () => {
    const t: ScheduleTiming = { frequency: 'quarterly', dayOfMonth: 5, timeOfDay: '09:00', timeZone: 'Asia/Jakarta', startDate: '2026-01-20' };
    expect(iso(nextRuns(t, new Date('2026-01-01T00:00:00Z'), 4))).toEqual([
      '2026-04-05T02:00:00.000Z',
      '2026-07-05T02:00:00.000Z',
      '2026-10-05T02:00:00.000Z',
      '2027-01-05T02:00:00.000Z',
    ]);
  });

  it('stops after the end date (inclusive) and returns null then', () => {
    const t = weekly({ startDate: '2026-03-01', endDate: '2026-03-16' });
    expect(iso(nextRuns(t, new Date('2026-03-01T00:00:00Z'), 5))).toEqual([
      '2026-03-02T09:00:00.000Z',
      '2026-03-09T09:00:00.000Z',
      '2026-03-16T09:00:00.000Z',
    ]);
    expect(nextRunAfter(t, new Date('2026-03-16T09:00:00Z'))).toBeNull();
  });

  it('finds a slot far after the start date quickly', () => {
    const t = weekly({ startDate: '2020-01-01' });
    const started = Date.now();
    expect(nextRunAfter(t, new Date('2035-06-01T00:00:00Z'))?.toISOString()).toBe('2035-06-04T09:00:00.000Z');
    expect(Date.now() - started).toBeLessThan(50);
  });
});

describe('reminderTimes', () => {
  it('spreads reminders evenly across the window', () => {
    const times = reminderTimes(new Date('2026-03-02T09:00:00Z'), new Date('2026-03-07T09:00:00Z'), 2, 'UTC');
    expect(iso(times)).toEqual(['2026-03-04T01:00:00.000Z', '2026-03-05T17:00:00.000Z']);
  });

  it('moves a weekend reminder to Monday at the same local time', () => {
    // Thursday 09:00 Jakarta for a week: the midpoint is Sunday 21:00 local.
    const times = reminderTimes(new Date('2026-03-05T02:00:00Z'), new Date('2026-03-12T02:00:00Z'), 1, 'Asia/Jakarta');
    expect(iso(times)).toEqual(['2026-03-09T14:00:00.000Z']);
  });

  it('keeps the local time when the move crosses a clock change', () => {
    // Saturday 28 March 2026 10:00 GMT → Monday 30 March 10:00 BST (09:00 UTC).
    const times = reminderTimes(new Date('2026-03-25T10:00:00Z'), new Date('2026-03-31T10:00:00Z'), 1, 'Europe/London');
    expect(iso(times)).toEqual(['2026-03-30T09:00:00.000Z']);
  });

  it('moves back to Friday when Monday is too late, never reaching closesAt', () => {
    // Friday 12:00 → Monday 06:00: the midpoint is Saturday 21:00; Monday 21:00 is after the close.
    const times = reminderTimes(new Date('2026-03-13T12:00:00Z'), new Date('2026-03-16T06:00:00Z'), 1, 'UTC');
    expect(iso(times)).toEqual(['2026-03-13T21:00:00.000Z']);
  });

  it('drops a reminder that fits neither on Monday nor on Friday, and returns nothing for zero', () => {
    const open = new Date('2026-03-07T08:00:00Z'); // Saturday
    const close = new Date('2026-03-08T20:00:00Z'); // Sunday: Monday is too late, Friday too early
    expect(reminderTimes(open, close, 1, 'UTC')).toEqual([]);
    expect(reminderTimes(open, close, 0, 'UTC')).toEqual([]);
  });
});
