/**
 * The people-and-performance page in the reader's language: one chart per chosen team with eNPS (left axis,
 * −100…+100) and KPI attainment (right axis, 0 % up to the highest value) over the same periods, the table
 * behind it for every team, and the correlation sentence (worded as an association). Pure.
 */
import { formatNumber, formatPercent, t, type Locale } from '../../i18n/i18n';
import { periodShortName } from '../kpis/presenter';
import { signed } from '../results/presenter';
import type { PeoplePerformance, TeamSeries } from './people-performance.service';

const W = 640;
const H = 260;
const PAD = { left: 48, right: 56, top: 12, bottom: 36 };
const r1 = (n: number) => Math.round(n * 10) / 10;

/** Polylines through consecutive non-null values (a missing period breaks the line). */
function segments(xs: number[], ys: (number | null)[]): string[] {
  const out: string[] = [];
  let cur: string[] = [];
  ys.forEach((y, i) => {
    if (y === null) {
      if (cur.length > 1) out.push(cur.join(' '));
      cur = [];
    } else cur.push(`${r1(xs[i])},${r1(y)}`);
  });
  if (cur.length > 1) out.push(cur.join(' '));
  return out;
}

export function dualChart(labels: string[], enps: (number | null)[], attainment: (number | null)[]) {
  const n = labels.length;
  const x = (i: number) => PAD.left + (n <= 1 ? 0 : (i * (W - PAD.left - PAD.right)) / (n - 1));
  const xs = labels.map((_, i) => x(i));
  const inner = H - PAD.top - PAD.bottom;
  const yEnps = (v: number) => PAD.top + ((100 - v) / 200) * inner;
  const top = Math.max(1.2, ...attainment.filter((v): v is number => v !== null));
  const yAtt = (v: number) => PAD.top + ((top - v) / top) * inner;
  const e = enps.map((v) => (v === null ? null : yEnps(v)));
  const a = attainment.map((v) => (v === null ? null : yAtt(v)));
  return {
    width: W,
    height: H,
    left: PAD.left,
    right: W - PAD.right,
    enpsLines: segments(xs, e),
    attainmentLines: segments(xs, a),
    enpsDots: e.flatMap((y, i) => (y === null ? [] : [{ cx: r1(xs[i]), cy: r1(y) }])),
    attainmentDots: a.flatMap((y, i) => (y === null ? [] : [{ cx: r1(xs[i]), cy: r1(y) }])),
    leftTicks: [100, 50, 0, -50, -100].map((v) => ({ y: r1(yEnps(v)), label: String(v) })),
    rightTicks: [0, 0.5, 1, top].filter((v, i, all) => all.indexOf(v) === i && v <= top).map((v) => ({ y: r1(yAtt(v)), value: v })),
    xLabels: labels.map((label, i) => ({ x: r1(xs[i]), label })),
  };
}

export function presentPeoplePerformance(locale: Locale, d: PeoplePerformance, teamId: string | undefined, fiscal: number) {
  const labels = d.quarters.map((q) => periodShortName(locale, q, fiscal));
  const shown: TeamSeries | undefined = d.teams.find((s) => s.teamId === teamId) ?? d.teams[0];
  const pct = (v: number | null) => (v === null ? null : formatPercent(locale, v));
  const chart = shown ? dualChart(labels, shown.quarters.map((q) => q.enps), shown.quarters.map((q) => q.attainment)) : null;
  const c = d.correlation;
  return {
    grain: d.grain,
    lag: d.lag,
    kpis: d.kpis.map((k) => ({ ...k, selected: k.key === d.kpiKey })),
    kpiName: d.kpis.find((k) => k.key === d.kpiKey)?.name ?? null,
    teams: d.teams.map((s) => ({ id: s.teamId, name: s.name, selected: s.teamId === shown?.teamId })),
    shown: shown ? { name: shown.name } : null,
    chart: chart ? { ...chart, rightTicks: chart.rightTicks.map((tk) => ({ y: tk.y, label: formatPercent(locale, tk.value) })) } : null,
    chartLabel: shown ? t(locale, 'insights.chart.label', { team: shown.name, count: labels.length }) : '',
    heads: labels,
    rows: d.teams.map((s) => ({ name: s.name, cells: s.quarters.map((q) => ({ enps: q.enps === null ? null : signed(locale, q.enps), attainment: pct(q.attainment) })) })),
    correlation:
      c.r === null
        ? t(locale, c.teams < 5 ? 'insights.correlation.tooFew' : 'insights.correlation.flat', { teams: c.teams })
        : t(locale, d.lag ? 'insights.correlation.lagged' : 'insights.correlation.same', { r: formatNumber(locale, c.r, 2), teams: c.teams, enps: d.enpsQuarter, results: d.resultQuarter }),
    r: c.r,
    teamsCounted: c.teams,
  };
}
