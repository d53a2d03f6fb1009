import { bandOf, enpsFromCounts, enpsFromValues, enpsPerScale } from '../../server/domain/results/enps';
import { choiceCounts, ratingFromCounts } from '../../server/domain/results/rating';

const repeat = (value: number, n: number) => Array.from({ length: n }, () => value);

describe('eNPS formula', () => {
  it('scores 50 promoters, 30 passives and 20 detractors as +30', () => {
    const r = enpsFromValues([...repeat(10, 50), ...repeat(7, 30), ...repeat(3, 20)], '1-10');
    expect(r).toMatchObject({ responses: 100, promoters: 50, passives: 30, detractors: 20, score: 30 });
    expect(r.promoterShare).toBeCloseTo(0.5);
    expect(r.passiveShare).toBeCloseTo(0.3);
    expect(r.detractorShare).toBeCloseTo(0.2);
  });

  it('scores all detractors as −100 and all promoters as +100', () => {
    expect(enpsFromValues(repeat(1, 12), '1-10').score).toBe(-100);
    expect(enpsFromValues(repeat(9, 12), '1-10').score).toBe(100);
  });

  it('gives null, not 0, when nobody answered', () => {
    expect(enpsFromValues([], '1-10').score).toBeNull();
    expect(enpsFromValues([null, null], '0-10')).toMatchObject({ score: null, responses: 0, passives: 0 });
  });

  it('does not count a skipped question as a passive', () => {
    const r = enpsFromValues([10, 10, null, null, 2], '1-10');
    expect(r).toMatchObject({ responses: 3, passives: 0, promoters: 2, detractors: 1, score: 33 });
  });

  it('puts every band edge where it belongs', () => {
    expect(bandOf(6, '1-10')).toBe('detractor');
    expect(bandOf(7, '1-10')).toBe('passive');
    expect(bandOf(8, '1-10')).toBe('passive');
    expect(bandOf(9, '1-10')).toBe('promoter');
    expect(bandOf(10, '1-10')).toBe('promoter');
    expect(bandOf(1, '1-10')).toBe('detractor');
    expect(bandOf(0, '0-10')).toBe('detractor');
    expect(bandOf(0, '1-10')).toBeNull();
    expect(bandOf(11, '0-10')).toBeNull();
  });

  it('rounds half away from zero and never shows −0', () => {
    // 1 promoter, 1 passive, 0 detractors of 8 → 12.5 → 13; mirrored → −13
    expect(enpsFromValues([10, 7, 7, 7, 7, 7, 7, 7], '1-10').score).toBe(13);
    expect(enpsFromValues([1, 7, 7, 7, 7, 7, 7, 7], '1-10').score).toBe(-13);
    expect(Object.is(enpsFromValues([9, 1, 7], '1-10').score, 0)).toBe(true);
  });

  it('lists the whole scale in the distribution, 0 included on the 0–10 scale', () => {
    expect(enpsFromValues([0, 10], '0-10').distribution.map((d) => d.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(enpsFromCounts([{ value: 0, count: 3 }, { value: 9, count: 1 }], '1-10')).toMatchObject({ responses: 1, score: 100 });
  });

  it('keeps rounds on different scales apart and says which scale', () => {
    const results = enpsPerScale([
      { scale: '1-10', counts: [{ value: 10, count: 4 }] },
      { scale: '0-10', counts: [{ value: 0, count: 2 }, { value: 9, count: 2 }] },
      { scale: '1-10', counts: [{ value: 3, count: 4 }] },
    ]);
    expect(results.map((r) => [r.scale, r.responses, r.score])).toEqual([
      ['0-10', 4, 0],
      ['1-10', 8, 0],
    ]);
  });
});

describe('ratings and choices', () => {
  it('recomputes an average from sums and counts rather than averaging averages', () => {
    // Team A: one 5. Team B: nine 1s. Average of averages would be 3; the true average is 1.4.
    const teamA = [{ value: 5, count: 1 }];
    const teamB = [{ value: 1, count: 9 }];
    const dept = ratingFromCounts([...teamA, ...teamB]);
    expect(dept).toMatchObject({ count: 10, sum: 14 });
    expect(dept.average).toBeCloseTo(1.4);
    expect(ratingFromCounts([]).average).toBeNull();
  });

  it('counts each option of multiple choices and ignores broken lists', () => {
    const r = choiceCounts(['Pay', 'Growth', 'Tools'], [
      { choices: '["Pay","Tools"]', count: 3 },
      { choices: '["Growth"]', count: 2 },
      { choices: 'not json', count: 9 },
    ]);
    expect(r.answers).toBe(5);
    expect(r.options).toEqual([{ label: 'Pay', count: 3 }, { label: 'Growth', count: 2 }, { label: 'Tools', count: 3 }]);
  });
});
