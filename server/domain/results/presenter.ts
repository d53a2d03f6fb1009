/**
 * Shapes results for the pages, in the reader's language: formatted numbers, chart geometry and the
 * accessible summaries (aria-label) each chart carries. Pure.
 */
import { formatNumber, formatPercent, formatShortDate, t, type Locale } from '../../i18n/i18n';
import { bandOf, type EnpsResult, type EnpsScale } from './enps';
import { distributionChart, enpsBar, trendChart } from './charts';
import type { RatingResult } from './rating';
import type { QuestionResult, ReportQuestion } from './round-report';
import type { TrendPoint } from './trend.service';
import { optionsOf } from '../rounds/answer.schema';
import { optionsIn, parseOptionsId, wordIn } from '../surveys/survey-wording';

/** A score with its sign: +30, 0, −20. */
export function signed(locale: Locale, n: number): string {
  return n > 0 ? `+${formatNumber(locale, n)}` : n < 0 ? `−${formatNumber(locale, -n)}` : '0';
}

export function presentEnps(locale: Locale, e: EnpsResult) {
  const score = e.score === null ? null : signed(locale, e.score);
  const pct = (x: number) => formatPercent(locale, x);
  return {
    score,
    scale: e.scale,
    scaleLabel: t(locale, e.scale === '0-10' ? 'results.scale.zeroTen' : 'results.scale.oneTen'),
    explain: t(locale, e.scale === '0-10' ? 'results.enps.explain.zeroTen' : 'results.enps.explain.oneTen'),
    responses: e.responses,
    bar: enpsBar(e),
    barLabel: t(locale, 'results.enps.barLabel', { score: score ?? '', promoters: pct(e.promoterShare), passives: pct(e.passiveShare), detractors: pct(e.detractorShare) }),
    bands: [
      { key: 'promoter', label: t(locale, 'results.enps.promoters'), count: e.promoters, share: pct(e.promoterShare) },
      { key: 'passive', label: t(locale, 'results.enps.passives'), count: e.passives, share: pct(e.passiveShare) },
      { key: 'detractor', label: t(locale, 'results.enps.detractors'), count: e.detractors, share: pct(e.detractorShare) },
    ],
    distribution: presentDistribution(locale, e.distribution, e.responses, (v) => bandOf(v, e.scale as EnpsScale) ?? 'value'),
  };
}

export function presentDistribution(locale: Locale, dist: { value: number; count: number }[], total: number, band?: (v: number) => string, scaleLabel?: (v: number) => string) {
  const first = dist[0];
  const last = dist[dist.length - 1];
  return {
    chart: distributionChart(dist, band),
    label: t(locale, 'results.distribution.label', { summary: dist.map((d) => `${d.value}${scaleLabel ? ` (${scaleLabel(d.value)})` : ''}: ${formatNumber(locale, d.count)}`).join(', ') }),
    rows: dist.map((d) => ({ value: d.value, scaleLabel: scaleLabel?.(d.value) ?? null, count: d.count, share: total ? formatPercent(locale, d.count / total) : '' })),
    /** What the ends of the scale mean ("1 = Strongly disagree · 5 = Strongly agree"), under the chart. */
    ends: scaleLabel && first && last ? t(locale, 'results.distribution.ends', { low: first.value, lowLabel: scaleLabel(first.value), high: last.value, highLabel: scaleLabel(last.value) }) : null,
  };
}

export function presentRating(locale: Locale, r: RatingResult) {
  return {
    average: r.average === null ? null : formatNumber(locale, r.average, 2),
    count: r.count,
    distribution: presentDistribution(locale, r.distribution, r.count, undefined, (v) => t(locale, `answer.rating.${v}`)),
  };
}

export function presentQuestion(locale: Locale, q: ReportQuestion, result: QuestionResult | null, comments: string[] = []) {
  const text = wordIn(locale, q.text, q.textId).text;
  // Answers store the English labels; each is shown in the viewer's language where the survey has it.
  const english = optionsOf(q);
  const labels = optionsIn(locale, english, parseOptionsId(q.optionsId)).labels;
  const optionLabel = (label: string) => labels[english.indexOf(label)] ?? label;
  const base = { id: q.id, text, kind: q.kind, hidden: result === null };
  if (!result) return base;
  if (result.kind === 'enps') return { ...base, enps: presentEnps(locale, result.enps) };
  if (result.kind === 'rating') return { ...base, rating: presentRating(locale, result.rating) };
  if (result.kind === 'choice') {
    return {
      ...base,
      choice: {
        answers: result.answers,
        // Bars on a 100 % track of the answers (several options per answer can sum past 100 %).
        options: result.options.map((o) => ({ ...o, label: optionLabel(o.label), share: result.answers ? formatPercent(locale, o.count / result.answers) : '', width: result.answers ? Math.min(100, Math.round((o.count / result.answers) * 1000) / 10) : 0 })),
      },
    };
  }
  return { ...base, comments: { count: result.count, list: comments } };
}

/** The change since the previous round on the same scale, as a sentence ("+10 since the previous round"). */
export function presentChange(locale: Locale, change: number | null): string | null {
  if (change === null) return null;
  return change === 0 ? t(locale, 'results.enps.noChange') : t(locale, 'results.enps.change', { change: signed(locale, change) });
}

/**
 * The eNPS of several rounds added up (one per scale), each saying how many rounds it covers: only rounds whose
 * eNPS could be shown count, so "−90 over 2 of 26 rounds" rather than "over all rounds".
 */
export function presentPeriod(locale: Locale, points: readonly TrendPoint[], totals: readonly EnpsResult[]) {
  return totals.map((e) => {
    const ofScale = points.filter((p) => p.scale === e.scale);
    const presented = presentEnps(locale, e);
    return {
      ...presented,
      coverage: t(locale, 'results.period.coverage', { score: presented.score ?? '', shown: ofScale.filter((p) => p.enps).length, total: ofScale.length }),
    };
  });
}

export function presentTrend(locale: Locale, points: readonly TrendPoint[], timeZone = 'UTC') {
  const scales = [...new Set(points.map((p) => p.scale))];
  const labelOf = (p: TrendPoint) => formatShortDate(locale, p.openedAt, timeZone);
  const shown = points.filter((p) => p.enps?.score != null);
  const chart = trendChart(points.map((p) => ({ label: labelOf(p), score: p.enps?.score ?? null, series: p.scale })));
  const lastShown = shown[shown.length - 1];
  return {
    chart,
    mixedScales: scales.length > 1,
    label: lastShown
      ? t(locale, 'results.trend.label', { rounds: points.length, first: labelOf(points[0]), last: labelOf(points[points.length - 1]), score: signed(locale, lastShown.enps?.score as number) })
      : t(locale, 'results.trend.labelEmpty'),
    rows: points.map((p) => ({
      roundId: p.roundId,
      title: p.title,
      when: labelOf(p),
      scaleLabel: t(locale, p.scale === '0-10' ? 'results.scale.zeroTen' : 'results.scale.oneTen'),
      score: p.enps?.score != null ? signed(locale, p.enps.score) : null,
      answers: p.enps ? p.enps.responses : null,
      change: p.change === null ? null : signed(locale, p.change),
    })),
  };
}
