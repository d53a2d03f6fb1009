/**
 * What /api/v1 offers on KPIs, as plain JSON: the KPIs and measures, values page by page, the bulk upsert of up to
 * 1,000 values (the same rules as the CSV import; a dry run answers what would change), and a scorecard.
 */
import type { AppContext } from '../../context';
import { ValidationError } from '../../errors';
import { kpiName, listKpis, listMeasures } from './kpi-definitions.service';
import { getKpiSettings } from './kpi-settings.service';
import { parsePeriodKey, periodContaining, type Grain } from './periods';
import { formatDecimal, fromScaled, mul, rational, type Rational } from './rational';
import type { Scope } from './rollup';
import { scorecard } from './scorecard.service';
import { resolveValueRows } from './value-rows';
import { applyWrites, planWrites } from './value-writes.service';

export const MAX_PUSH = 1000;

export async function kpisJson(ctx: AppContext) {
  return (await listKpis(ctx)).map((k) => ({ key: k.key, name: kpiName('en', k), formula: k.formula, unit: k.unit, direction: k.direction, kind: k.kind, measures: k.measureKeys, catalogue: k.catalogue }));
}

export async function measuresJson(ctx: AppContext) {
  return (await listMeasures(ctx)).map((m) => ({ key: m.key, unit: m.unit, decimals: m.decimals, level: m.level, grain: m.grain, aggregation: m.aggregation, catalogue: m.catalogue }));
}

export interface ValuesQuery {
  measure?: string;
  period?: string;
  employeeId?: string;
  teamId?: string;
  limit: number;
  cursor?: string;
}

/** Stored values (not cleared ones), by id, a page at a time. */
export async function listValues(ctx: AppContext, q: ValuesQuery) {
  const settings = await getKpiSettings(ctx);
  const period = q.period ? parsePeriodKey(q.period, settings.fiscalYearStartMonth) : null;
  if (q.period && !period) throw new ValidationError('Some query parameters are not valid', [{ path: ['period'], message: 'Write the period as 2026-03, 2026-W10, 2026-Q1 or 2026' }]);
  const rows = await ctx.db.kpiValue.findMany({
    where: {
      value: { not: null },
      ...(q.measure ? { measureKey: q.measure } : {}),
      ...(period ? { monthIndex: { gte: period.firstMonth, lte: period.lastMonth } } : {}),
      ...(q.employeeId ? { ownerKind: 'person', ownerId: q.employeeId } : {}),
      ...(q.teamId ? { teamId: q.teamId } : {}),
      ...(q.cursor ? { id: { gt: q.cursor } } : {}),
    },
    include: { measure: { select: { decimals: true } } },
    orderBy: { id: 'asc' },
    take: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  const emails = new Map((await ctx.db.employee.findMany({ where: { id: { in: page.filter((r) => r.ownerKind === 'person').map((r) => r.ownerId) } }, select: { id: true, email: true } })).map((e) => [e.id, e.email]));
  return {
    data: page.map((r) => ({
      id: r.id,
      measure: r.measureKey,
      ownerKind: r.ownerKind as 'person' | 'team',
      employeeId: r.ownerKind === 'person' ? r.ownerId : null,
      email: r.ownerKind === 'person' ? (emails.get(r.ownerId) ?? null) : null,
      teamId: r.teamId || null,
      period: periodContaining(r.grain as Grain, r.periodStart, settings.fiscalYearStartMonth).key,
      value: formatDecimal(fromScaled(r.value as bigint, r.measure.decimals), r.measure.decimals),
      updatedAt: r.updatedAt.toISOString(),
    })),
    nextCursor: rows.length > q.limit ? page[page.length - 1].id : null,
  };
}

/** Upserts `rows` (all or nothing) as API token `tokenId`; with `dryRun` says what would happen and writes nothing. */
export async function pushValues(ctx: AppContext, rows: Record<string, unknown>[], tokenId: string, dryRun = false) {
  const settings = await getKpiSettings(ctx);
  const { writes, issues } = await resolveValueRows(ctx.db, rows.map((data, i) => ({ ref: ['values', i], data })), { all: true }, settings.fiscalYearStartMonth);
  if (issues.length) throw new ValidationError('Some values are not valid; nothing was written', issues);
  const plan = await planWrites(ctx.db, writes);
  const result = dryRun ? { counts: plan.counts, rows: plan.rows.map((r) => ({ ref: r.write.ref, action: r.action, valueId: r.valueId })) } : await applyWrites(ctx, writes, { source: 'api', changedById: null, apiTokenId: tokenId }, plan);
  const decimals = new Map(writes.map((w) => [w.measure.key, w.measure.decimals]));
  const text = (key: string, v: bigint | null) => (v === null ? null : formatDecimal(fromScaled(v, decimals.get(key) ?? 0), decimals.get(key) ?? 0));
  return {
    created: result.counts.create,
    updated: result.counts.update,
    unchanged: result.counts.unchanged,
    dryRun,
    values: result.rows.map((r, i) => ({
      index: Number(r.ref[1]),
      action: r.action,
      id: dryRun && r.action === 'create' ? null : r.valueId,
      old: text(plan.rows[i].write.measure.key, plan.rows[i].old),
      new: text(plan.rows[i].write.measure.key, plan.rows[i].write.value),
    })),
  };
}

const HUNDRED = rational(100n) as Rational;

/** A scorecard as JSON: every KPI's value (percentages as points), parts, target and status. */
export async function scorecardJson(ctx: AppContext, scope: Scope, periodKey: string) {
  const settings = await getKpiSettings(ctx);
  const period = parsePeriodKey(periodKey, settings.fiscalYearStartMonth);
  if (!period) throw new ValidationError('Some query parameters are not valid', [{ path: ['period'], message: 'Write the period as 2026-03, 2026-W10, 2026-Q1 or 2026' }]);
  const card = await scorecard(ctx, scope, period, { parts: false });
  const num = (v: Rational | null, percent = false) => (v ? formatDecimal(percent ? mul(v, HUNDRED) : v, 6) : null);
  return {
    period: period.key,
    currency: settings.currency,
    kpis: card.rows.map((r) => ({
      key: r.kpi.key,
      unit: r.kpi.unit,
      value: num(r.figure.value, r.kpi.unit === 'percent'),
      numerator: num(r.figure.numerator),
      denominator: num(r.figure.denominator),
      target: r.target ? num(r.target.value, r.kpi.unit === 'percent') : null,
      status: r.target?.pace.status ?? null,
    })),
  };
}
