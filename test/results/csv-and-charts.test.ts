import { csvCell, toCsv } from '../../server/domain/shared/csv';
import { enpsBar, trendChart } from '../../server/domain/results/charts';

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
});
