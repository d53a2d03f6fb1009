/**
 * KPI numbers in the reader's language: values in their unit (Rp 1.250.000, 40 %, 30 days), a ratio's parts
 * ("48 of 120"), period names, statuses and the pace rule in one sentence, formulas with measure names. Pure.
 */
import { formatMoney, formatNumber, formatPercent, formatShortDate, t, type Locale } from '../../i18n/i18n';
import type { KpiUnit } from './catalogue';
import type { KpiFigure } from './figures';
import { formulaText } from './formula';
import { partsOf } from './formula-eval';
import { kpiName, measureName, type KpiDef, type MeasureDef } from './kpi-definitions.service';
import type { Pace, PaceThresholds, Status } from './pace';
import { fiscalOf, isoWeekOf, type Period } from './periods';
import { toNumber, type Rational } from './rational';
import { unitOf, type PartUnit } from './units';

export interface Money {
  currency: string;
}

/** A number of `unit`; null → null (the page shows "no data"). */
export function formatAmount(locale: Locale, unit: KpiUnit | PartUnit, value: Rational | null, money: Money): string | null {
  if (!value) return null;
  const n = toNumber(value);
  switch (unit) {
    case 'money':
      return formatMoney(locale, n, money.currency);
    case 'percent':
    case 'ratio':
      return formatPercent(locale, n, 1);
    case 'days':
      return t(locale, 'kpis.unit.daysValue', { n: formatNumber(locale, n, 1) });
    case 'hours':
      return t(locale, 'kpis.unit.hoursValue', { n: formatNumber(locale, n, 1) });
    case 'times':
      return t(locale, 'kpis.unit.timesValue', { n: formatNumber(locale, n, 2) });
    default:
      return formatNumber(locale, n, 1);
  }
}

/** "48 of 120" (a percentage's parts) or "Rp 240.000.000 ÷ 48", or null for a KPI that is not a ratio. */
export function formatParts(locale: Locale, kpi: KpiDef, figure: KpiFigure, measures: ReadonlyMap<string, MeasureDef>, money: Money): string | null {
  const parts = partsOf(kpi.tree);
  if (!parts || !figure.numerator || !figure.denominator) return null;
  const unit = (key: string) => measures.get(key)?.unit;
  const num = formatAmount(locale, unitOf(parts.numerator, unit), figure.numerator, money) as string;
  const den = formatAmount(locale, unitOf(parts.denominator, unit), figure.denominator, money) as string;
  return t(locale, kpi.unit === 'percent' ? 'kpis.parts.of' : 'kpis.parts.over', { numerator: num, denominator: den });
}

/** The formula with measure names and × ÷ −. */
export function formulaForPeople(locale: Locale, kpi: Pick<KpiDef, 'tree'>, measures: ReadonlyMap<string, MeasureDef>): string {
  return formulaText(kpi.tree, { pretty: true, name: (key) => (measures.has(key) ? measureName(locale, measures.get(key)!) : key) });
}

/** What the formula divides by, with measure names (null when it does not divide). */
export function denominatorForPeople(locale: Locale, kpi: Pick<KpiDef, 'tree'>, measures: ReadonlyMap<string, MeasureDef>): string | null {
  const parts = partsOf(kpi.tree);
  return parts ? formulaText(parts.denominator, { pretty: true, name: (key) => (measures.has(key) ? measureName(locale, measures.get(key)!) : key) }) : null;
}

const monthFormats = new Map<string, Intl.DateTimeFormat>();
function monthName(locale: Locale, start: string, style: 'long' | 'short'): string {
  const k = `${locale}|${style}`;
  let f = monthFormats.get(k);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === 'id' ? 'id-ID' : 'en-GB', { month: style, year: style === 'long' ? 'numeric' : '2-digit', timeZone: 'UTC' });
    monthFormats.set(k, f);
  }
  return f.format(new Date(`${start}T00:00:00Z`));
}

function fiscalYearName(locale: Locale, year: number, fiscalStart: number): string {
  return fiscalStart === 1 ? String(year) : t(locale, 'kpis.period.fiscalYear', { from: year, to: String((year + 1) % 100).padStart(2, '0') });
}

/** "Week 10, 2026", "March 2026", "Q1 2026" (or "Q1 FY 2026/27"), "2026" (or "FY 2026/27"). */
export function periodName(locale: Locale, p: Period, fiscalStart: number): string {
  if (p.kind === 'week') {
    const w = isoWeekOf(p.start);
    return t(locale, 'kpis.period.week', { week: w.week, year: w.year, from: formatShortDate(locale, new Date(`${p.start}T00:00:00Z`)) });
  }
  if (p.kind === 'month') return monthName(locale, p.start, 'long');
  const f = fiscalOf(p.firstMonth, fiscalStart);
  if (p.kind === 'quarter') return t(locale, 'kpis.period.quarter', { quarter: f.quarter, year: fiscalYearName(locale, f.year, fiscalStart) });
  return fiscalYearName(locale, f.year, fiscalStart);
}

/** A short name for chart axes: W10, Mar 26, Q1 2026. */
export function periodShortName(locale: Locale, p: Period, fiscalStart: number): string {
  if (p.kind === 'week') return `W${isoWeekOf(p.start).week}`;
  if (p.kind === 'month') return monthName(locale, p.start, 'short');
  return periodName(locale, p, fiscalStart);
}

export const statusLabel = (locale: Locale, s: Status) => t(locale, `kpis.status.${s}`);

/** The pace rule, in one sentence, with the thresholds in force. */
export function paceRule(locale: Locale, thresholds: PaceThresholds): string {
  return t(locale, 'kpis.pace.rule', { onTrack: formatNumber(locale, thresholds.onTrack, 2), atRisk: formatNumber(locale, thresholds.atRisk, 2) });
}

/** The target, progress, pace and status of a KPI row, formatted. */
export function presentPace(locale: Locale, kpi: KpiDef, target: Rational, p: Pace, money: Money) {
  return {
    target: formatAmount(locale, kpi.unit, target, money),
    progress: p.progress ? formatPercent(locale, toNumber(p.progress), 0) : null,
    expected: kpi.runningTotal && !p.ended ? formatAmount(locale, kpi.unit, p.expected, money) : null,
    projected: p.projected && !p.ended ? formatAmount(locale, kpi.unit, p.projected, money) : null,
    behind: p.behind && !p.ended ? formatNumber(locale, Math.abs(toNumber(p.behind)), 1) : null,
    ahead: p.behind ? toNumber(p.behind) < 0 : false,
    status: p.status,
    statusLabel: statusLabel(locale, p.status),
  };
}

/** A KPI's name, value and parts, formatted. */
export function presentFigure(locale: Locale, kpi: KpiDef, figure: KpiFigure, measures: ReadonlyMap<string, MeasureDef>, money: Money) {
  return {
    name: kpiName(locale, kpi),
    value: formatAmount(locale, kpi.unit, figure.value, money),
    parts: formatParts(locale, kpi, figure, measures, money),
    incomplete: !!figure.incomplete,
  };
}

const compactFormats = new Map<string, Intl.NumberFormat>();
/** A short number for a chart's axis: Rp 5 M, 40%, 1.2K. */
export function formatTick(locale: Locale, unit: KpiUnit, value: number, money: Money): string {
  const style = unit === 'money' ? `money|${money.currency}` : unit === 'percent' ? 'percent' : 'number';
  const k = `${locale}|${style}`;
  let f = compactFormats.get(k);
  if (!f) {
    const tag = locale === 'id' ? 'id-ID' : 'en-GB';
    f =
      unit === 'money'
        ? new Intl.NumberFormat(tag, { style: 'currency', currency: money.currency, notation: 'compact', maximumFractionDigits: 1 })
        : unit === 'percent'
          ? new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 0 })
          : new Intl.NumberFormat(tag, { notation: 'compact', maximumFractionDigits: 1 });
    compactFormats.set(k, f);
  }
  return f.format(value);
}
