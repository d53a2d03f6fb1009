/**
 * Geometry of the KPI trend chart (server-drawn SVG, like results/charts.ts): the actual per period as a line, the
 * target per period as dots, on an axis fitted to the numbers (zero always shown). Missing periods break the line.
 * Pure: the partial views/partials/kpis-trend.hbs draws it, with its numbers as a table.
 */
export interface LinePoint {
  label: string;
  value: number | null;
  target: number | null;
}

export interface LineChart {
  width: number;
  height: number;
  left: number;
  right: number;
  segments: string[];
  dots: { cx: number; cy: number; label: string }[];
  targets: { cx: number; cy: number; label: string }[];
  yTicks: { y: number; value: number }[];
  xLabels: { x: number; label: string }[];
}

const W = 640;
const H = 240;
const PAD = { left: 64, right: 12, top: 12, bottom: 36 };
const round1 = (n: number) => Math.round(n * 10) / 10;

/** A "nice" step (1, 2 or 5 × 10^k) giving about `ticks` ticks over `span`. */
function niceStep(span: number, ticks: number): number {
  const raw = span / ticks;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
}

export function lineChart(points: readonly LinePoint[]): LineChart {
  const numbers = points.flatMap((p) => [p.value, p.target]).filter((v): v is number => v !== null);
  let lo = Math.min(0, ...numbers);
  let hi = Math.max(0, ...numbers);
  if (hi === lo) hi = lo + 1;
  const step = niceStep(hi - lo, 4);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step) * step;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const x = (i: number) => round1(PAD.left + (points.length <= 1 ? plotW / 2 : (i * plotW) / (points.length - 1)));
  const y = (v: number) => round1(PAD.top + ((hi - v) / (hi - lo)) * plotH);
  const segments: string[] = [];
  let run: string[] = [];
  points.forEach((p, i) => {
    if (p.value === null) {
      if (run.length) segments.push(run.join(' '));
      run = [];
    } else run.push(`${x(i)},${y(p.value)}`);
  });
  if (run.length) segments.push(run.join(' '));
  const yTicks: LineChart['yTicks'] = [];
  for (let v = lo; v <= hi + step / 2; v += step) yTicks.push({ y: y(v), value: Math.round(v / step) * step });
  const every = Math.max(1, Math.ceil(points.length / 8));
  return {
    width: W,
    height: H,
    left: PAD.left,
    right: W - PAD.right,
    segments,
    dots: points.flatMap((p, i) => (p.value === null ? [] : [{ cx: x(i), cy: y(p.value), label: p.label }])),
    targets: points.flatMap((p, i) => (p.target === null ? [] : [{ cx: x(i), cy: y(p.target), label: p.label }])),
    yTicks,
    xLabels: points.flatMap((p, i) => (i % every === 0 || i === points.length - 1 ? [{ x: x(i), label: p.label }] : [])),
  };
}
