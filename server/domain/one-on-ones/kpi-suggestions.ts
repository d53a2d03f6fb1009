/**
 * Suggested talking points from the report's KPIs: each KPI of the report with a target for the current period
 * (the company's zone) that is at risk, off track or missed (kpis/scorecard.service.ts offTrackKpis), offered only
 * when the manager may see that person's KPIs (kpis/access.ts).
 */
import { t } from '../../i18n/i18n';
import { mayViewPerson } from '../kpis/access';
import { kpiName } from '../kpis/kpi-definitions.service';
import { getKpiSettings } from '../kpis/kpi-settings.service';
import { choosePeriod } from '../kpis/period-choice';
import { periodName, presentPace } from '../kpis/presenter';
import { offTrackKpis } from '../kpis/scorecard.service';
import { kpiViewerOf } from '../kpis/viewer.service';
import type { SuggestionSource } from './suggestions.service';

export const kpiSource: SuggestionSource = {
  name: 'kpi',
  async suggest(ctx, pair) {
    const viewer = await kpiViewerOf(ctx, pair.manager);
    if (!mayViewPerson(viewer, pair.report.id)) return [];
    const settings = await getKpiSettings(ctx);
    const period = choosePeriod(undefined, settings, ctx.clock.now());
    const rows = await offTrackKpis(ctx, pair.report.id, period);
    return rows.map((r) => {
      const p = presentPace(pair.locale, r.kpi, r.target!.value, r.target!.pace, { currency: settings.currency });
      return {
        key: `kpi:${period.key}:${r.kpi.id}:${p.status}`,
        source: 'kpi' as const,
        text: t(pair.locale, 'oneOnOnes.suggest.kpi', { name: pair.report.name, kpi: kpiName(pair.locale, r.kpi), status: p.statusLabel.toLowerCase(), progress: p.progress ?? '–', target: p.target ?? '', period: periodName(pair.locale, period, settings.fiscalYearStartMonth) }),
      };
    });
  },
};
