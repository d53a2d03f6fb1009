/**
 * A scorecard as CSV: one row per KPI for the owner, then one per KPI and part below it. Numbers are written for
 * machines (money in the currency's units, percentages in points), cells defused against formula injection (csv.ts).
 */
import type { AppContext } from '../../context';
import type { Locale } from '../../i18n/i18n';
import { toCsv, type CsvCell } from '../shared/csv';
import type { KpiViewer } from './access';
import type { KpiFigure } from './figures';
import { kpiName } from './kpi-definitions.service';
import { choosePeriod } from './period-choice';
import { getKpiSettings } from './kpi-settings.service';
import { formatDecimal, mul, rational, type Rational } from './rational';
import type { Scope } from './rollup';
import { ownerFor } from './scorecard-page.service';
import { scorecard } from './scorecard.service';

const HUNDRED = rational(100n) as Rational;
const machine = (unit: string, v: Rational | null) => (v ? formatDecimal(unit === 'percent' ? mul(v, HUNDRED) : v, 6) : null);

export async function scorecardCsv(ctx: AppContext, viewer: KpiViewer, scope: Scope, rawPeriod: unknown, locale: Locale): Promise<{ filename: string; csv: string }> {
  const owner = await ownerFor(ctx, viewer, scope);
  const period = choosePeriod(rawPeriod, await getKpiSettings(ctx), ctx.clock.now());
  const card = await scorecard(ctx, scope, period);
  const names = new Map<string, string>();
  const ids = card.parts.map((p) => p.child.replace(/^(person|team):/, ''));
  if (scope.kind === 'company') for (const d of await ctx.db.department.findMany({ where: { id: { in: ids } } })) names.set(d.id, d.name);
  if (scope.kind === 'department') for (const tm of await ctx.db.team.findMany({ where: { id: { in: ids } } })) names.set(tm.id, tm.name);
  if (scope.kind === 'team') {
    for (const e of await ctx.db.employee.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, email: true } })) names.set(`person:${e.id}`, `${e.name} <${e.email}>`);
    names.set(`team:${scope.id}`, owner.name);
  }
  const rows: CsvCell[][] = [['level', 'name', 'period', 'kpi_key', 'kpi', 'unit', 'value', 'numerator', 'denominator', 'target', 'progress_pct', 'status']];
  const line = (level: string, name: string, kpi: (typeof card.kpis)[number], f: KpiFigure, extra: CsvCell[] = ['', '', '']) =>
    rows.push([level, name, period.key, kpi.key, kpiName(locale, kpi), kpi.unit, machine(kpi.unit, f.value), f.numerator ? formatDecimal(f.numerator, 6) : null, f.denominator ? formatDecimal(f.denominator, 6) : null, ...extra]);
  for (const r of card.rows) {
    const tg = r.target;
    line(scope.kind, owner.name, r.kpi, r.figure, tg ? [machine(r.kpi.unit, tg.value), tg.pace.progress ? formatDecimal(mul(tg.pace.progress, HUNDRED), 1) : null, tg.pace.status] : ['', '', '']);
  }
  const partLevel = scope.kind === 'company' ? 'department' : scope.kind === 'department' ? 'team' : 'person';
  for (const p of card.parts) for (const k of card.kpis) line(p.child.startsWith('team:') ? 'team' : partLevel, names.get(p.child) ?? p.child, k, p.figures.get(k.id) as KpiFigure);
  return { filename: `kpis-${scope.kind}-${period.key}.csv`, csv: `\uFEFF${toCsv(rows)}` };
}
