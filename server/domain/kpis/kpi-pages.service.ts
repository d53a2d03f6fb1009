/** The KPI definition pages (what each KPI means, its formula and denominator), and each viewer's first KPI page. */
import type { AppContext } from '../../context';
import { t, type Locale } from '../../i18n/i18n';
import type { KpiViewer } from './access';
import { getKpi, kpiDescription, kpiName, listKpis, measureName, measuresByKey, type KpiDef, type MeasureDef } from './kpi-definitions.service';
import { getKpiSettings } from './kpi-settings.service';
import { denominatorForPeople, formulaForPeople, paceRule } from './presenter';

/** Where /kpis takes a viewer: HR the company, a manager their first team, anyone else their own scorecard. */
export async function homeScorecardPath(ctx: AppContext, viewer: KpiViewer): Promise<string> {
  if (viewer.role === 'hr_admin') return '/kpis/company';
  if (viewer.role === 'manager' && viewer.teams.size) {
    const teams = await ctx.db.team.findMany({ where: { id: { in: [...viewer.teams] } }, select: { id: true, managerId: true, name: true }, orderBy: { name: 'asc' } });
    const own = teams.find((tm) => tm.managerId === viewer.id) ?? teams[0];
    return `/kpis/teams/${own.id}`;
  }
  return `/kpis/people/${viewer.id}`;
}

function describe(locale: Locale, k: KpiDef, measures: Map<string, MeasureDef>) {
  return {
    key: k.key,
    name: kpiName(locale, k),
    description: kpiDescription(locale, k),
    formula: formulaForPeople(locale, k, measures),
    denominator: denominatorForPeople(locale, k, measures),
    denominatorNote: k.catalogue ? t(locale, `kpis.catalogue.${k.key}.denominator`) : null,
    unit: t(locale, `kpis.unit.${k.unit}`),
    direction: t(locale, `kpis.direction.${k.direction}`),
    kind: t(locale, `kpis.kind.${k.kind}`),
    rollup: t(locale, k.runningTotal ? 'kpis.definition.rollupSum' : 'kpis.definition.rollupRatio'),
    catalogue: k.catalogue,
  };
}

export async function definitionsPage(ctx: AppContext, locale: Locale) {
  const [kpis, measures] = await Promise.all([listKpis(ctx), measuresByKey(ctx)]);
  return { kpis: kpis.map((k) => describe(locale, k, measures)) };
}

export async function definitionPage(ctx: AppContext, key: string, locale: Locale) {
  const [kpi, measures, settings] = await Promise.all([getKpi(ctx, key), measuresByKey(ctx), getKpiSettings(ctx)]);
  return {
    kpi: { ...describe(locale, kpi, measures), active: kpi.active },
    measures: kpi.measureKeys.flatMap((mk) => {
      const m = measures.get(mk);
      return m
        ? [{ key: m.key, name: measureName(locale, m), unit: t(locale, `kpis.unit.${m.unit}`), level: t(locale, `kpis.level.${m.level}`), grain: t(locale, `kpis.grain.${m.grain}`), aggregation: t(locale, `kpis.aggregation.${m.aggregation}`), hint: m.catalogue ? t(locale, `kpis.measure.${m.key}.hint`) : null }]
        : [];
    }),
    rule: paceRule(locale, settings.thresholds),
    currency: settings.currency,
  };
}
