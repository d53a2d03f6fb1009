/** What HR's KPI pages show: the catalogue with what is switched on, custom KPIs, measures, and formula errors. */
import type { AppContext } from '../../context';
import { t, type Locale } from '../../i18n/i18n';
import { CATALOGUE_MEASURES, decimalsFor } from './catalogue';
import { parseFormula, type FormulaError } from './formula';
import { catalogueState, kpiDescription, kpiName, listKpis, listMeasures, measureName, type MeasureDef } from './kpi-definitions.service';
import { formulaForPeople } from './presenter';

/** The catalogue's measures as definitions (before they exist in the database). */
function catalogueMeasures(): Map<string, MeasureDef> {
  return new Map(CATALOGUE_MEASURES.map((m) => [m.key, { ...m, catalogue: true, name: '', nameId: '', decimals: decimalsFor(m.unit, 2), grain: m.grain ?? 'month' }]));
}

export async function kpiAdminPage(ctx: AppContext, locale: Locale) {
  const [catalogue, kpis, measures] = await Promise.all([catalogueState(ctx), listKpis(ctx, { all: true }), listMeasures(ctx)]);
  const known = new Map([...catalogueMeasures(), ...measures.map((m) => [m.key, m] as const)]);
  return {
    catalogue: catalogue.map((c) => ({
      key: c.key,
      id: c.id,
      active: c.active,
      name: t(locale, `kpis.catalogue.${c.key}.name`),
      definition: t(locale, `kpis.catalogue.${c.key}.definition`),
      formula: formulaForPeople(locale, { tree: parseFormula(c.formula) }, known),
      kind: t(locale, `kpis.kind.${c.kind}`),
    })),
    custom: kpis
      .filter((k) => !k.catalogue)
      .map((k) => ({ id: k.id, key: k.key, active: k.active, name: kpiName(locale, k), description: kpiDescription(locale, k), formula: formulaForPeople(locale, k, known), kind: t(locale, `kpis.kind.${k.kind}`) })),
    measures: measures.map((m) => ({
      key: m.key,
      name: measureName(locale, m),
      unit: t(locale, `kpis.unit.${m.unit}`),
      level: t(locale, `kpis.level.${m.level}`),
      grain: t(locale, `kpis.grain.${m.grain}`),
      aggregation: t(locale, `kpis.aggregation.${m.aggregation}`),
      custom: !m.catalogue,
    })),
  };
}

/** A formula error for the form: the message in `locale` and the formula split around the offending part. */
export function formulaErrorView(locale: Locale, formula: string, err: FormulaError) {
  const end = Math.min(formula.length, err.pos + Math.max(err.length, 1));
  return {
    message: t(locale, `kpis.formula.error.${err.code}`, { position: err.pos + 1, ...err.params }),
    before: formula.slice(0, err.pos),
    bad: formula.slice(err.pos, end) || ' ',
    after: formula.slice(end),
  };
}

/** The measure keys a custom formula may use, with their names (shown beside the formula field). */
export async function measureChoices(ctx: AppContext, locale: Locale) {
  return (await listMeasures(ctx)).map((m) => ({ key: m.key, name: measureName(locale, m), unit: t(locale, `kpis.unit.${m.unit}`) }));
}
