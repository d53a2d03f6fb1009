import { csvCell, toCsv } from '../../server/domain/shared/csv';
import { AXIS_FONT, axisLabelLayout, distributionChart, enpsBar, trendChart, type AxisLabel } from '../../server/domain/results/charts';
import { presentChange, presentQuestion } from '../../server/domain/results/presenter';

describe('CSV export cells', () => {
  it.each(['=SUM(A1)', '+1', '-2+3', '@cmd', '\tx', '\rx'])('defuses %j with a leading quote', (raw) => {
    expect(csvCell(raw).replace(/^"|"$/g, '').startsWith("'")).toBe(true);
  });

  it('quotes commas, quotes and newlines and leaves numbers as numbers', () => {
    expect(toCsv([['a,b', 'say "hi"', -20, null]])).toBe('"a,b","say ""hi""",-20,\r\n');
  });
});

describe('charts', () => {
  it('draws a trend line from −100 at the bottom to +100 at the top and breaks it where a round is hidden', () => {
    const c = trendChart([
      { label: 'a', score: 100, series: '1-10' },
      { label: 'b', score: -100, series: '1-10' },
      { label: 'c', score: null, series: '1-10' },
      { label: 'd', score: 0, series: '1-10' },
    ]);
    expect(c.lines).toHaveLength(2);
    const [top, bottom] = c.dots;
    expect(top.cy).toBeLessThan(bottom.cy);
    expect(c.dots[2].cy).toBe(c.zeroY);
  });

  it('stacks promoters, passives and detractors to 100, in the order of the legend', () => {
    const segs = enpsBar({ detractorShare: 0.2, passiveShare: 0.3, promoterShare: 0.5 });
    expect(segs.map((s) => [s.band, s.x, s.width])).toEqual([
      ['promoter', 0, 50],
      ['passive', 50, 30],
      ['detractor', 80, 20],
    ]);
  });

  /** Each label's [start, end] in chart units, as axisLabelLayout estimates text (0.62 em a glyph). */
  const spans = (labels: AxisLabel[], font: number) =>
    labels.map((l) => {
      const w = l.label.length * font * 0.62;
      return l.anchor === 'start' ? [l.x, l.x + w] : l.anchor === 'end' ? [l.x - w, l.x] : [l.x - w / 2, l.x + w / 2];
    });

  it.each([2, 5, 8, 12, 26, 52])('lays out %d trend labels without overlaps, keeping the first and last, at laptop and phone size', (n) => {
    const points = Array.from({ length: n }, (_, i) => ({ label: `${1 + (i % 28)} Jan`, score: 0, series: '1-10' }));
    const c = trendChart(points);
    for (const [labels, font] of [[c.xLabels, AXIS_FONT.wide], [c.xLabelsNarrow, AXIS_FONT.narrow]] as const) {
      const s = spans(labels, font);
      for (let i = 1; i < s.length; i++) expect(s[i][0]).toBeGreaterThan(s[i - 1][1]);
      expect(s[0][0]).toBeGreaterThanOrEqual(0);
      expect(s[s.length - 1][1]).toBeLessThanOrEqual(c.width);
      expect(labels[labels.length - 1].label).toBe(points[n - 1].label);
    }
    // The phone set holds fewer (larger) labels than the laptop set, never more.
    expect(c.xLabelsNarrow.length).toBeLessThanOrEqual(c.xLabels.length);
  });

  it('drops the label before the last when the two would collide (the last two overlapped on every trend)', () => {
    // Centres 0, 100, 200, 215: the third label would run into the last.
    const out = axisLabelLayout([0, 100, 200, 215], ['1 Jan', '8 Jan', '15 Jan', '22 Jan'], 12);
    expect(out.map((l) => l.label)).toEqual(['1 Jan', '8 Jan', '22 Jan']);
    expect(out.map((l) => l.anchor)).toEqual(['start', 'middle', 'end']);
  });

  it('keeps only the last label when even the first and last cannot both fit, and one label in the middle', () => {
    expect(axisLabelLayout([0, 20], ['1 Jan', '8 Jan'], 26).map((l) => [l.label, l.anchor])).toEqual([['8 Jan', 'end']]);
    expect(axisLabelLayout([300], ['1 Jan'], 12).map((l) => [l.label, l.anchor])).toEqual([['1 Jan', 'middle']]);
    expect(axisLabelLayout([], [], 12)).toEqual([]);
  });

  it('sizes phone text to at least 12 px: 28 units on a 640-unit chart drawn 295 px wide (a 360 px phone)', () => {
    expect((AXIS_FONT.narrow * 295) / trendChart([]).width).toBeGreaterThanOrEqual(12);
    // An 11-bar eNPS distribution fills a ~280 px phone column: its 13-unit labels stay ≥ 12 px.
    expect((13 * 280) / distributionChart(Array.from({ length: 11 }, (_, v) => ({ value: v, count: 1 }))).width).toBeGreaterThanOrEqual(12);
  });

  it('scales choice bars to 100 % of answers, not to the largest option', () => {
    const q = { id: 'q', position: 0, kind: 'single' as const, text: 'Where?', textId: null, options: '["Office","Home"]', enpsScale: '1-10' };
    const shown = presentQuestion('en', q, { kind: 'choice', answers: 10, options: [{ label: 'Office', count: 5 }, { label: 'Home', count: 5 }] }) as { choice: { options: { width: number; share: string }[] } };
    expect(shown.choice.options.map((o) => [o.width, o.share])).toEqual([[50, '50%'], [50, '50%']]);
  });

  it('labels the ends of a rating histogram with the scale, in the reader\'s language', () => {
    const q = { id: 'r', position: 0, kind: 'rating' as const, text: 'Tools', textId: null, options: '[]', enpsScale: '1-10' };
    const dist = [1, 2, 3, 4, 5].map((value) => ({ value, count: 1 }));
    const en = presentQuestion('en', q, { kind: 'rating', rating: { average: 3, count: 5, sum: 15, distribution: dist } }) as { rating: { distribution: { ends: string; rows: { scaleLabel: string }[] } } };
    expect(en.rating.distribution.ends).toBe('1 = Strongly disagree · 5 = Strongly agree');
    expect(en.rating.distribution.rows[2].scaleLabel).toBe('Neither agree nor disagree');
    const id = presentQuestion('id', q, { kind: 'rating', rating: { average: 3, count: 5, sum: 15, distribution: dist } }) as { rating: { distribution: { ends: string } } };
    expect(id.rating.distribution.ends).toBe('1 = Sangat tidak setuju · 5 = Sangat setuju');
  });

  it('says the eNPS change since the previous round with its sign, in both languages', () => {
    expect(presentChange('en', 10)).toBe('+10 since the previous round');
    expect(presentChange('en', -5)).toBe('−5 since the previous round');
    expect(presentChange('en', 0)).toBe('No change since the previous round');
    expect(presentChange('id', 10)).toBe('+10 dibanding putaran sebelumnya');
    expect(presentChange('en', null)).toBeNull();
  });
});
