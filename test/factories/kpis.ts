/**
 * Builders for KPI tests: switch catalogue KPIs on, write values the way every entry path does (resolve rows,
 * then apply), set targets. `await writeValues(ctx, [{ email, measure: 'deals_won', period: '2026-01', value: 18 }])`.
 */
import type { AppContext } from '../../server/context';
import { enableCatalogueKpi } from '../../server/domain/kpis/kpi-definitions.service';
import { getKpiSettings, kpiWrite } from '../../server/domain/kpis/kpi-settings.service';
import { resolveValueRows, type EditScope, type ValueRowInput } from '../../server/domain/kpis/value-rows';
import { applyWrites, type Actor } from '../../server/domain/kpis/value-writes.service';

export async function enableKpis(ctx: AppContext, keys: string[]) {
  const out = [];
  for (const key of keys) out.push(await enableCatalogueKpi(ctx, key));
  return out;
}

/** Writes `rows` as `actor` (HR through a form by default); throws with the issues when a row is refused. */
export async function writeValues(ctx: AppContext, rows: ValueRowInput[], actor: Partial<Actor> = {}, scope: EditScope = { all: true }) {
  const settings = await getKpiSettings(ctx);
  const { writes, issues } = await resolveValueRows(ctx.db, rows.map((data, i) => ({ ref: ['values', i], data: data as Record<string, unknown> })), scope, settings.fiscalYearStartMonth);
  if (issues.length) throw new Error(`rows refused: ${JSON.stringify(issues)}`);
  return applyWrites(ctx, writes, { source: 'form', changedById: null, apiTokenId: null, ...actor });
}

/** A target written as the target form writes it (with the KPI write lock, so cached scorecards see it). */
export async function setTarget(ctx: AppContext, o: { kpiId: string; ownerKind: 'person' | 'team' | 'department' | 'company'; ownerId?: string; periodKind: 'week' | 'month' | 'quarter' | 'year'; periodStart: string; value: string; goal?: string; by: string }) {
  return kpiWrite(ctx, (tx) =>
    tx.kpiTarget.create({
      data: { kpiId: o.kpiId, ownerKind: o.ownerKind, ownerId: o.ownerId ?? '', periodKind: o.periodKind, periodStart: o.periodStart, value: o.value, goal: o.goal ?? 'Grow revenue in the region this year', createdById: o.by, updatedById: o.by },
    }),
  );
}

/**
 * The notes' Simpson's-paradox example as close-rate measures: January holds the small deals (Alice 18 of 20, Bob 80
 * of 100), February the enterprise deals (Alice 30 of 100, Bob 4 of 20).
 */
export const SIMPSON_ROWS: ValueRowInput[] = [
  ['alice@acme.test', '2026-01', 18, 2],
  ['alice@acme.test', '2026-02', 30, 70],
  ['bob@acme.test', '2026-01', 80, 20],
  ['bob@acme.test', '2026-02', 4, 16],
].flatMap(([email, period, won, lost]) => [
  { email, measure: 'deals_won', period, value: won },
  { email, measure: 'deals_lost', period, value: lost },
]);
