/**
 * Pace and status at their edges, for higher- and lower-is-better KPIs, running totals and rates: exactly on a
 * threshold stays on the better side, a hair beyond moves over; at the end, achieved or missed.
 */
import { pace, type PaceInput } from '../../server/domain/kpis/pace';
import { parseDecimal, toNumber, type Rational } from '../../server/domain/kpis/rational';

const r = (x: string) => parseDecimal(x) as Rational;
type Given = Partial<Omit<PaceInput, 'actual' | 'target'>> & { actual: string | null; target: string };
const base = (o: Given): PaceInput => ({
  direction: 'higher',
  runningTotal: true,
  elapsed: { passed: 1, total: 2 },
  thresholds: { onTrack: 16.5, atRisk: 33 },
  ...o,
  actual: o.actual === null ? null : r(o.actual),
  target: r(o.target),
});
const status = (o: Given) => pace(base(o)).status;

describe('a running total where higher is better (revenue of 100 for the month, half of it passed)', () => {
  it.each([
    ['50', 'on_track'], // on pace
    ['33.5', 'on_track'], // exactly 16.5 points behind
    ['33.49', 'at_risk'],
    ['17', 'at_risk'], // exactly 33 behind
    ['16.99', 'off_track'],
    ['0', 'off_track'],
    ['120', 'on_track'], // ahead
  ])('actual %s: %s', (actual, expected) => {
    expect(status({ actual, target: '100' })).toBe(expected);
  });

  it('says what should be reached by now and where the month would end at this rate', () => {
    const p = pace(base({ actual: '40', target: '100' }));
    expect(toNumber(p.expected)).toBe(50);
    expect(toNumber(p.projected!)).toBe(80);
    expect(toNumber(p.behind!)).toBe(10);
    expect(toNumber(p.progress!)).toBe(0.4);
  });

  it('is on track before the period starts and judged achieved or missed once it has ended', () => {
    expect(status({ actual: '0', target: '100', elapsed: { passed: 0, total: 10 } })).toBe('on_track');
    expect(status({ actual: '100', target: '100', elapsed: { passed: 10, total: 10 } })).toBe('achieved');
    expect(status({ actual: '99.99', target: '100', elapsed: { passed: 10, total: 10 } })).toBe('missed');
  });
});

describe('a running total where lower is better (a cost budget of 100, half the month passed)', () => {
  it.each([
    ['50', 'on_track'],
    ['66.5', 'on_track'], // 16.5 points over pace
    ['66.51', 'at_risk'],
    ['83', 'at_risk'],
    ['83.01', 'off_track'],
    ['10', 'on_track'],
  ])('spent %s: %s', (actual, expected) => {
    expect(status({ actual, target: '100', direction: 'lower' })).toBe(expected);
  });

  it('is achieved when the budget is not exceeded by the end', () => {
    const ended = { passed: 1, total: 1 };
    expect(status({ actual: '100', target: '100', direction: 'lower', elapsed: ended })).toBe('achieved');
    expect(status({ actual: '100.01', target: '100', direction: 'lower', elapsed: ended })).toBe('missed');
  });
});

describe('rates and averages compare with the whole target at any time', () => {
  it.each([
    ['higher', '0.4', '0.4', 'on_track'],
    ['higher', '0.334', '0.4', 'on_track'], // 16.5 points of the target behind
    ['higher', '0.3339', '0.4', 'at_risk'],
    ['higher', '0.268', '0.4', 'at_risk'], // 33
    ['higher', '0.2679', '0.4', 'off_track'],
    ['lower', '30', '30', 'on_track'], // sales cycle of 30 days
    ['lower', '34.95', '30', 'on_track'], // 16.5 % over
    ['lower', '34.96', '30', 'at_risk'],
    ['lower', '39.9', '30', 'at_risk'],
    ['lower', '39.91', '30', 'off_track'],
    ['lower', '20', '30', 'on_track'],
  ])('%s is better, actual %s, target %s: %s', (direction, actual, target, expected) => {
    expect(status({ actual, target, direction: direction as 'higher' | 'lower', runningTotal: false, elapsed: { passed: 1, total: 30 } })).toBe(expected);
  });

  it('works with a negative growth target (shrink by at most 10 %)', () => {
    expect(status({ actual: '-0.05', target: '-0.1', runningTotal: false })).toBe('on_track');
    expect(status({ actual: '-0.2', target: '-0.1', runningTotal: false })).toBe('off_track');
  });

  it('has no status without an actual', () => {
    expect(status({ actual: null, target: '100' })).toBe('no_data');
    expect(status({ actual: null, target: '100', elapsed: { passed: 1, total: 1 } })).toBe('no_data');
  });

  it('uses the thresholds it is given', () => {
    expect(status({ actual: '45', target: '100', thresholds: { onTrack: 5, atRisk: 10 } })).toBe('on_track');
    expect(status({ actual: '44', target: '100', thresholds: { onTrack: 5, atRisk: 10 } })).toBe('at_risk');
    expect(status({ actual: '39', target: '100', thresholds: { onTrack: 5, atRisk: 10 } })).toBe('off_track');
  });
});
