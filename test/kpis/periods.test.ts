/** KPI periods: ISO weeks, months, fiscal quarters and years, keys and dates, shifting, and time passed in a zone. */
import { elapsedShare, grainsFor, isoWeekOf, parsePeriodKey, periodContaining, periodForGrain, periodsEndingWith, shiftPeriod, startOfDay, valueInPeriod } from '../../server/domain/kpis/periods';

describe('ISO weeks', () => {
  it.each([
    ['2026-01-01', 2026, 1],
    ['2025-12-29', 2026, 1],
    ['2027-01-03', 2026, 53],
    ['2021-01-03', 2020, 53],
    ['2024-12-30', 2025, 1],
    ['2026-03-04', 2026, 10],
  ])('%s is in week %i-W%i', (date, year, week) => {
    expect(isoWeekOf(date)).toEqual({ year, week });
  });

  it('runs Monday to Sunday and belongs to the month of its Thursday', () => {
    const w = parsePeriodKey('2026-W01', 1)!;
    expect([w.start, w.end, w.key]).toEqual(['2025-12-29', '2026-01-05', '2026-W01']);
    expect(w.firstMonth).toBe(2026 * 12); // January 2026: its Thursday is 1 January
    const w5 = parsePeriodKey('2026-W05', 1)!; // Mon 26 Jan – Sun 1 Feb, Thursday 29 Jan
    expect(valueInPeriod(parsePeriodKey('2026-01', 1)!, 'week', w5.start, w5.firstMonth)).toBe(true);
    expect(valueInPeriod(parsePeriodKey('2026-02', 1)!, 'week', w5.start, w5.firstMonth)).toBe(false);
    expect(parsePeriodKey('2025-W53', 1)).toBeNull();
    expect(parsePeriodKey('2026-W53', 1)?.start).toBe('2026-12-28');
    expect(parsePeriodKey('2026-W00', 1)).toBeNull();
    expect(parsePeriodKey('2020-W53', 1)?.start).toBe('2020-12-28');
  });
});

describe('months, fiscal quarters and years', () => {
  it('names a calendar quarter and year when the fiscal year starts in January', () => {
    const q = periodContaining('quarter', '2026-05-20', 1);
    expect([q.key, q.start, q.end]).toEqual(['2026-Q2', '2026-04-01', '2026-07-01']);
    expect(periodContaining('year', '2026-05-20', 1).key).toBe('2026');
  });

  it('follows a fiscal year starting in April, named after the year it starts in', () => {
    const q = periodContaining('quarter', '2026-02-10', 4);
    expect([q.key, q.start, q.end]).toEqual(['2025-Q4', '2026-01-01', '2026-04-01']);
    const y = parsePeriodKey('FY2026', 4)!;
    expect([y.kind, y.start, y.end]).toEqual(['year', '2026-04-01', '2027-04-01']);
    expect(parsePeriodKey('2026-Q1', 4)!.start).toBe('2026-04-01');
    expect(parsePeriodKey('2026-Q4', 10)!.start).toBe('2027-07-01');
  });

  it('refuses keys that name no period', () => {
    for (const bad of ['2026-13', '2026-00', '2026-Q5', 'March', '26-03', '2026/03', '']) expect(parsePeriodKey(bad, 1)).toBeNull();
  });

  it('shifts by periods of the same length, across year ends', () => {
    const key = (k: string, n: number, fiscal = 1) => shiftPeriod(parsePeriodKey(k, fiscal)!, n, fiscal).key;
    expect(key('2026-01', 1)).toBe('2025-12');
    expect(key('2026-Q1', 1)).toBe('2025-Q4');
    expect(key('2026-W01', 1)).toBe('2025-W52');
    expect(key('2026', 1)).toBe('2025');
    expect(key('2025-Q4', -1, 4)).toBe('2026-Q1');
    expect(periodsEndingWith(parsePeriodKey('2026-02', 1)!, 3, 1).map((p) => p.key)).toEqual(['2025-12', '2026-01', '2026-02']);
  });

  it('lets weeks and months add up into longer periods, never a month into a week', () => {
    expect(grainsFor('week')).toEqual(['week']);
    expect(grainsFor('month')).toEqual(['week', 'month']);
    expect(grainsFor('year')).toEqual(['week', 'month', 'quarter']);
    const q1 = parsePeriodKey('2026-Q1', 1)!;
    expect(valueInPeriod(q1, 'month', '2026-03-01', 2026 * 12 + 2)).toBe(true);
    expect(valueInPeriod(q1, 'month', '2026-04-01', 2026 * 12 + 3)).toBe(false);
    expect(valueInPeriod(parsePeriodKey('2026-03', 1)!, 'quarter', '2026-01-01', 2026 * 12)).toBe(false);
  });
});

describe('a value row’s period for a measure’s grain', () => {
  it('takes the key of that grain or any date inside it, and says how to write it otherwise', () => {
    expect(periodForGrain('2026-03', 'month', 1)).toMatchObject({ start: '2026-03-01' });
    expect(periodForGrain('2026-03-17', 'month', 1)).toMatchObject({ start: '2026-03-01' });
    expect(periodForGrain('2026-03-17', 'week', 1)).toMatchObject({ key: '2026-W12', start: '2026-03-16' });
    expect(periodForGrain('2026-03-17', 'quarter', 4)).toMatchObject({ key: '2025-Q4' });
    expect(periodForGrain('2026-W12', 'month', 1)).toEqual({ error: 'This measure is entered per month: write the period as 2026-03 or as a date' });
    expect(periodForGrain('2026-02-30', 'month', 1)).toEqual({ error: 'Write the period as 2026-03 or as a date (YYYY-MM-DD)' });
  });
});

describe('time passed, in the company’s zone', () => {
  it('starts a period at local midnight', () => {
    expect(new Date(startOfDay('2026-03-01', 'Asia/Jakarta')).toISOString()).toBe('2026-02-28T17:00:00.000Z');
    expect(new Date(startOfDay('2026-03-29', 'Europe/London')).toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(new Date(startOfDay('2026-03-30', 'Europe/London')).toISOString()).toBe('2026-03-29T23:00:00.000Z');
  });

  it('is 0 before, exactly half in the middle, and 1 after', () => {
    const april = parsePeriodKey('2026-04', 1)!;
    const share = (iso: string) => {
      const e = elapsedShare(april, new Date(iso), 'Asia/Jakarta');
      return e.passed / e.total;
    };
    expect(share('2026-03-20T00:00:00Z')).toBe(0);
    expect(share('2026-04-15T17:00:00Z')).toBe(0.5);
    expect(share('2026-05-02T00:00:00Z')).toBe(1);
  });
});
