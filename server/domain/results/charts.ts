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

export interface AxisLabel {
  x: number;
  label: string;
  anchor: 'start' | 'middle' | 'end';
}

export interface TrendChart {
  width: number;
  height: number;
  lines: { series: string; points: string }[];
  dots: { cx: number; cy: number; score: number; label: string; series: string }[];
  yTicks: { y: number; label: string; major: boolean }[];
  /** The x labels for a wide chart (laptop) and for a narrow one (phone, larger text); CSS shows one set. */
  xLabels: AxisLabel[];
  xLabelsNarrow: AxisLabel[];
  zeroY: number;
  left: number;
  right: number;
  labelY: number;
}

const W = 640;
const H = 240;
const PAD = { left: 78, right: 12, top: 16, bottom: 44 };
/**
 * Axis text sizes in chart units. The chart is drawn 640 units wide: on a laptop about 640–750 px (12 units ≈
 * 12–14 px); on a 360 px phone about 295 px, so the narrow set uses 28 units (≈ 12.9 px there). pulse.css switches.
 */
export const AXIS_FONT = { wide: 12, narrow: 28 } as const;
/** A generous average glyph width, as a share of the font size (digits, short month names). */
const GLYPH = 0.62;

/**
 * Which x-axis labels to draw so that none overlap: the first and the last always, then from the left every
 * label that fits at least `gap` after the one before and before the last. `xs` are the label centres, in
 * the units of `fontSize`; the first label is anchored at its start and the last at its end, so both stay
 * inside [left, right]. Pure, for the trend chart.
 */
export function axisLabelLayout(xs: readonly number[], labels: readonly string[], fontSize: number, gap = fontSize * 0.8): AxisLabel[] {
  const n = Math.min(xs.length, labels.length);
  if (n === 0) return [];
  const width = (i: number) => labels[i].length * fontSize * GLYPH;
  const anchorOf = (i: number): AxisLabel['anchor'] => (n === 1 ? 'middle' : i === 0 ? 'start' : i === n - 1 ? 'end' : 'middle');
  const span = (i: number): [number, number] => {
    const a = anchorOf(i);
    return a === 'start' ? [xs[i], xs[i] + width(i)] : a === 'end' ? [xs[i] - width(i), xs[i]] : [xs[i] - width(i) / 2, xs[i] + width(i) / 2];
  };
  const chosen = [0];
  if (n > 1) {
    const [lastStart] = span(n - 1);
    for (let i = 1; i < n - 1; i++) {
      const [start, end] = span(i);
      if (start >= span(chosen[chosen.length - 1])[1] + gap && end + gap <= lastStart) chosen.push(i);
    }
    // The last label always shows; the first gives way only when the two alone cannot both fit.
    if (span(0)[1] + gap > lastStart) chosen.length = 0;
    chosen.push(n - 1);
  }
  return chosen.map((i) => ({ x: xs[i], label: labels[i], anchor: anchorOf(i) }));
}

/** A −100..+100 line chart; points without a score break the line. X labels never overlap (axisLabelLayout). */
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
  const xs = points.map((_, i) => x(i));
  const labels = points.map((p) => p.label);
  return {
    width: W,
    height: H,
    lines,
    dots: points.flatMap((p, i) => (p.score === null ? [] : [{ cx: x(i), cy: y(p.score), score: p.score, label: p.label, series: p.series }])),
    yTicks: [100, 50, 0, -50, -100].map((v) => ({ y: y(v), label: v > 0 ? `+${v}` : v < 0 ? `−${-v}` : '0', major: v % 100 === 0 })),
    xLabels: axisLabelLayout(xs, labels, AXIS_FONT.wide),
    xLabelsNarrow: axisLabelLayout(xs, labels, AXIS_FONT.narrow),
    zeroY: y(0),
    left: PAD.left,
    right: W - PAD.right,
    labelY: H - 8,
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
  // 24 units a bar: an 11-bar eNPS chart (264 units) fills a phone's ~280 px, so its 13-unit labels read at ≥ 12 px.
  const width = Math.max(dist.length * 24, 140);
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
