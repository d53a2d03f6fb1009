/**
 * The KPI panel of the home pages: a scorecard (kpis/scorecard.service.ts) of a team or a person for the chosen
 * period, each KPI with its value, target, progress, pace and status, formatted by the KPI presenter.
 */
import type { AppContext } from '../../context';
import type { Locale } from '../../i18n/i18n';
import { paceRule, presentFigure, presentPace, type Money } from '../kpis/presenter';
import type { Period } from '../kpis/periods';
import { scorecard, type Scorecard, type ScorecardRow } from '../kpis/scorecard.service';
import type { Scope } from '../kpis/rollup';
import { scopePath } from '../kpis/scorecard-page.service';

export function kpiCard(ctx: AppContext, scope: Extract<Scope, { kind: 'team' | 'person' | 'department' }>, period: Period): Promise<Scorecard> {
  return scorecard(ctx, scope, period, { parts: false });
}

/** Counts of a scorecard's KPIs with a target, by status. */
export function statusCounts(rows: readonly ScorecardRow[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) if (r.target) out[r.target.pace.status] = (out[r.target.pace.status] ?? 0) + 1;
  return out;
}

export function presentKpiPanel(locale: Locale, card: Scorecard) {
  const money: Money = { currency: card.settings.currency };
  return {
    href: `${scopePath(card.scope)}?period=${card.period.key}`,
    rule: paceRule(locale, card.settings.thresholds),
    rows: card.rows.map((r) => ({
      key: r.kpi.key,
      ...presentFigure(locale, r.kpi, r.figure, card.measures, money),
      target: r.target ? presentPace(locale, r.kpi, r.target.value, r.target.pace, money) : null,
    })),
  };
}
