/**
 * The KPI catalogue Pulse ships, ready to switch on: the base measures people enter and the KPIs computed from
 * them (formulas from the public KPI libraries named in the README). Names, definitions and the denominator each
 * KPI uses are translated in server/i18n/locales/<locale>/kpis.json under kpis.catalogue.<key>.* and
 * kpis.measure.<key>.*.
 */
import type { Grain } from './periods';

export const MEASURE_UNITS = ['money', 'count', 'days', 'hours'] as const;
export type MeasureUnit = (typeof MEASURE_UNITS)[number];
export const KPI_UNITS = ['money', 'count', 'percent', 'days', 'hours', 'times'] as const;
export type KpiUnit = (typeof KPI_UNITS)[number];
export const DIRECTIONS = ['higher', 'lower'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const KPI_KINDS = ['performance', 'process'] as const;
export type KpiKind = (typeof KPI_KINDS)[number];
export const LEVELS = ['person', 'team'] as const;
export type MeasureLevel = (typeof LEVELS)[number];
/** How a measure adds up over time: flows sum; stocks take the first (opening) or last (closing) period's value. */
export const AGGREGATIONS = ['sum', 'opening', 'closing'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

export interface CatalogueMeasure {
  key: string;
  unit: MeasureUnit;
  level: MeasureLevel;
  aggregation: Aggregation;
  grain?: Grain;
}

export interface CatalogueKpi {
  key: string;
  formula: string;
  unit: KpiUnit;
  direction: Direction;
  kind: KpiKind;
}

export const CATALOGUE_MEASURES: readonly CatalogueMeasure[] = [
  { key: 'won_value', unit: 'money', level: 'person', aggregation: 'sum' },
  { key: 'deals_won', unit: 'count', level: 'person', aggregation: 'sum' },
  { key: 'deals_lost', unit: 'count', level: 'person', aggregation: 'sum' },
  { key: 'leads', unit: 'count', level: 'person', aggregation: 'sum' },
  { key: 'leads_converted', unit: 'count', level: 'person', aggregation: 'sum' },
  { key: 'orders', unit: 'count', level: 'person', aggregation: 'sum' },
  { key: 'new_customers', unit: 'count', level: 'person', aggregation: 'sum' },
  { key: 'customers_start', unit: 'count', level: 'person', aggregation: 'opening' },
  { key: 'customers_end', unit: 'count', level: 'person', aggregation: 'closing' },
  { key: 'customers_lost', unit: 'count', level: 'person', aggregation: 'sum' },
  { key: 'sales_cost', unit: 'money', level: 'team', aggregation: 'sum' },
  { key: 'cogs', unit: 'money', level: 'person', aggregation: 'sum' },
  { key: 'inventory_start', unit: 'money', level: 'team', aggregation: 'opening' },
  { key: 'inventory_end', unit: 'money', level: 'team', aggregation: 'closing' },
  { key: 'cycle_days', unit: 'days', level: 'person', aggregation: 'sum' },
  { key: 'response_hours', unit: 'hours', level: 'person', aggregation: 'sum' },
  { key: 'leads_responded', unit: 'count', level: 'person', aggregation: 'sum' },
  { key: 'quota', unit: 'money', level: 'person', aggregation: 'sum' },
];

export const CATALOGUE_KPIS: readonly CatalogueKpi[] = [
  { key: 'revenue', formula: 'won_value', unit: 'money', direction: 'higher', kind: 'performance' },
  { key: 'sales_volume', formula: 'deals_won', unit: 'count', direction: 'higher', kind: 'performance' },
  { key: 'leads_generated', formula: 'leads', unit: 'count', direction: 'higher', kind: 'process' },
  { key: 'average_deal_size', formula: 'won_value / deals_won', unit: 'money', direction: 'higher', kind: 'performance' },
  { key: 'average_order_value', formula: 'won_value / orders', unit: 'money', direction: 'higher', kind: 'performance' },
  { key: 'conversion_rate', formula: 'leads_converted / leads', unit: 'percent', direction: 'higher', kind: 'process' },
  { key: 'close_rate', formula: 'deals_won / (deals_won + deals_lost)', unit: 'percent', direction: 'higher', kind: 'process' },
  { key: 'sales_growth', formula: '(won_value - prev(won_value)) / prev(won_value)', unit: 'percent', direction: 'higher', kind: 'performance' },
  { key: 'customer_acquisition_cost', formula: 'sales_cost / new_customers', unit: 'money', direction: 'lower', kind: 'performance' },
  {
    key: 'customer_lifetime_value',
    formula: '(won_value / customers_start) * ((won_value - cogs) / won_value) / (customers_lost / customers_start)',
    unit: 'money',
    direction: 'higher',
    kind: 'performance',
  },
  { key: 'customer_retention_rate', formula: '(customers_end - new_customers) / customers_start', unit: 'percent', direction: 'higher', kind: 'performance' },
  { key: 'sales_cycle_length', formula: 'cycle_days / (deals_won + deals_lost)', unit: 'days', direction: 'lower', kind: 'process' },
  { key: 'lead_response_time', formula: 'response_hours / leads_responded', unit: 'hours', direction: 'lower', kind: 'process' },
  { key: 'return_on_investment', formula: '(won_value - cogs - sales_cost) / sales_cost', unit: 'percent', direction: 'higher', kind: 'performance' },
  { key: 'gross_margin', formula: '(won_value - cogs) / won_value', unit: 'percent', direction: 'higher', kind: 'performance' },
  { key: 'inventory_turnover', formula: 'cogs / ((inventory_start + inventory_end) / 2)', unit: 'times', direction: 'higher', kind: 'process' },
  { key: 'quota_attainment', formula: 'won_value / quota', unit: 'percent', direction: 'higher', kind: 'performance' },
];

export const catalogueKpi = (key: string) => CATALOGUE_KPIS.find((k) => k.key === key);
export const catalogueMeasure = (key: string) => CATALOGUE_MEASURES.find((m) => m.key === key);

/** Digits after the point a measure of `unit` keeps: money the currency's minor unit, durations two. */
export function decimalsFor(unit: MeasureUnit, currencyDigits: number): number {
  return unit === 'money' ? currencyDigits : unit === 'count' ? 0 : 2;
}
