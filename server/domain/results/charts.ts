/**
 * Geometry for the server-drawn SVG charts, pure: numbers and point lists only. The partials
 * views/partials/results-*.hbs turn them into SVG (escaped like everything else); no script runs in the page.
 */
import type { EnpsResult, ValueCount } from './enps';

export interface TrendInput {
  label: string;
  score: number | null;
  series: string;
}

export interface TrendChart {
  width: number;
  height: number;
  lines: { series: string; points: string }[];
  dots: { cx: number; cy: number; score: number; label: string; series: string }[];
  yTicks: { y: number; label: string }[];
  xLabels: { x: number; label: string }[];
  zeroY: number;
  left: number;
  right: number;
}

const W = 640;
const H = 240;
const PAD = { left: 44, right: 12, top: 12, bottom: 36 };

/** A −100..+100 line chart; points without a score break the line. At most ~8 x labels. */
export function trendChart(points: readonly TrendInput[]): TrendChart {
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (i: number) => Math.round((PAD.left + (points.length <= 1 ? plotW / 2 : (i * plotW) / (points.length - 1))) * 10) / 10;
  const y = (score: number) => Math.round((PAD.top + ((100 - score) / 200) * plotH) * 10) / 10;
  const lines: TrendChart['lines'] = [];
  let current: { series: string; pts: string[] } | null = null;
  points.forEach((p, i) => {
    if (p.score === null || (current && current.series !== p.series)) {
      if (current && current.pts.length) lines.push({ series: current.series, points: current.pts.join(' ') });
      current = null;
    }
    if (p.score === null) return;
    current ??= { series: p.series, pts: [] };
    current.pts.push(`${x(i)},${y(p.score)}`);
  });
  const last = current as { series: string; pts: string[] } | null;
  if (last && last.pts.length) lines.push({ series: last.series, points: last.pts.join(' ') });
  const step = Math.max(1, Math.ceil(points.length / 8));
  return {
    width: W,
    height: H,
    lines,
    dots: points.flatMap((p, i) => (p.score === null ? [] : [{ cx: x(i), cy: y(p.score), score: p.score, label: p.label, series: p.series }])),
    yTicks: [100, 50, 0, -50, -100].map((v) => ({ y: y(v), label: v > 0 ? `+${v}` : String(v) })),
    xLabels: points.flatMap((p, i) => (i % step === 0 || i === points.length - 1 ? [{ x: x(i), label: p.label }] : [])),
    zeroY: y(0),
    left: PAD.left,
    right: W - PAD.right,
  };
}

export interface BarSegment {
  x: number;
  width: number;
  band: 'promoter' | 'passive' | 'detractor';
}

/** A stacked 100-wide bar in the order of its legend: promoters, passives, detractors. */
export function enpsBar(e: Pick<EnpsResult, 'promoterShare' | 'passiveShare' | 'detractorShare'>): BarSegment[] {
  const parts: [BarSegment['band'], number][] = [
    ['promoter', e.promoterShare],
    ['passive', e.passiveShare],
    ['detractor', e.detractorShare],
  ];
  let at = 0;
  return parts.flatMap(([band, share]) => {
    const width = Math.round(share * 1000) / 10;
    const seg = { x: Math.round(at * 10) / 10, width, band };
    at += width;
    return width > 0 ? [seg] : [];
  });
}

export interface DistributionChart {
  width: number;
  height: number;
  bars: { x: number; y: number; width: number; height: number; value: number; count: number; labelY: number; cx: number }[];
}

/** Vertical bars, one per scale value, scaled to the largest count. */
export function distributionChart(dist: readonly ValueCount[], band?: (value: number) => string): DistributionChart & { bars: (DistributionChart['bars'][number] & { band: string })[] } {
  const width = Math.max(dist.length * 28, 140);
  const height = 100;
  const max = Math.max(1, ...dist.map((d) => d.count));
  const slot = width / Math.max(1, dist.length);
  return {
    width,
    height,
    bars: dist.map((d, i) => {
      const h = Math.round((d.count / max) * 70 * 10) / 10;
      return { x: Math.round((i * slot + 3) * 10) / 10, y: 80 - h, width: Math.round((slot - 6) * 10) / 10, height: h, value: d.value, count: d.count, labelY: 94, cx: Math.round((i * slot + slot / 2) * 10) / 10, band: band ? band(d.value) : 'value' };
    }),
  };
}
