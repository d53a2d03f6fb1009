/**
 * Scorecards: every active KPI of a person, team, department or the company for one period, computed from the
 * summed base measures of that owner (rollup.ts), with its target and pace, and the same KPIs for each part
 * below it (departments of the company, teams of a department, people of a team). Also a KPI's trend over the
 * periods up to one, and the off-track KPIs of a person: the services other pages (the manager's team page) call.
 */
import type { AppContext } from '../../context';
import { figuresFrom, type KpiFigure } from './figures';
import { kpiContext, type KpiContext, type KpiDef, type MeasureDef } from './kpi-definitions.service';
import { writeMark, type KpiSettings } from './kpi-settings.service';
import { Lru } from '../results/lru';
import { pace, type Pace } from './pace';
import { elapsedShare, grainsFor, periodsEndingWith, shiftPeriod, type Period } from './periods';
import { parseDecimal, type Rational } from './rational';
import { loadCells, totalCells, type Cell, type Scope } from './rollup';

export type OwnerKind = 'person' | 'team' | 'department' | 'company';

export interface TargetView {
  id: string;
  value: Rational;
  goal: string;
  pace: Pace;
}

export interface ScorecardRow {
  kpi: KpiDef;
  figure: KpiFigure;
  target: TargetView | null;
}

export interface ScorecardPart {
  /** department id, team id, person:<id>, or team:<id> for a team's own team-level values. */
  child: string;
  figures: Map<string, KpiFigure>;
}

export interface Scorecard {
  scope: Scope;
  period: Period;
  settings: KpiSettings;
  kpis: KpiDef[];
  rows: ScorecardRow[];
  parts: ScorecardPart[];
  measures: Map<string, MeasureDef>;
}

/** Who owns a scope's targets. */
export function ownerOf(scope: Scope): { ownerKind: OwnerKind; ownerId: string } {
  return scope.kind === 'company' ? { ownerKind: 'company', ownerId: '' } : { ownerKind: scope.kind, ownerId: scope.id };
}

/** Whether `period` has not ended yet, in the company's zone. */
function inProgress(ctx: Pick<AppContext, 'clock'>, period: Period, settings: KpiSettings): boolean {
  const e = elapsedShare(period, ctx.clock.now(), settings.timeZone);
  return e.passed < e.total;
}

/** The month range a period and the `depth` periods before it cover. */
function rangeOf(periods: readonly Period[], depth: number, fiscalStart: number): [number, number] {
  const firsts = periods.flatMap((p) => Array.from({ length: depth + 1 }, (_, s) => shiftPeriod(p, s, fiscalStart).firstMonth));
  return [Math.min(...firsts), Math.max(...periods.map((p) => p.lastMonth))];
}

export interface TargetRow {
  id: string;
  kpiId: string;
  ownerKind: string;
  ownerId: string;
  value: string;
  goal: string;
}

/** Pace and status of `target` for `figure` at `now`. */
export function targetView(ctx: Pick<AppContext, 'clock'>, settings: KpiSettings, kpi: KpiDef, period: Period, target: TargetRow, figure: KpiFigure): TargetView {
  const value = parseDecimal(target.value) as Rational;
  return {
    id: target.id,
    value,
    goal: target.goal,
    pace: pace({ actual: figure.value, target: value, direction: kpi.direction, runningTotal: kpi.runningTotal, elapsed: elapsedShare(period, ctx.clock.now(), settings.timeZone), thresholds: settings.thresholds }),
  };
}

interface Computed {
  totals: Map<string, KpiFigure>;
  targets: TargetRow[];
  parts: ScorecardPart[];
}

/**
 * Computed figures and trends, kept per database for the write sequence and definitions version they were computed
 * at: any write of values or targets, and any change of KPIs or settings, changes the key, on every instance, since
 * both numbers are read with the settings on every call. Nothing computed while a write of this process was in
 * flight is kept (on SQLite such a read shares the write's connection and may see it half done).
 */
const computedCache = new WeakMap<object, Lru<Computed>>();
const trendCache = new WeakMap<object, Lru<Trend>>();
function lruOf<V>(caches: WeakMap<object, Lru<V>>, db: object, size: number): Lru<V> {
  let c = caches.get(db);
  if (!c) {
    c = new Lru<V>(size);
    caches.set(db, c);
  }
  return c;
}

/** Empties the in-process scorecard and trend caches (benchmarks measure cold runs with it). */
export function forgetScorecards(ctx: Pick<AppContext, 'db'>): void {
  computedCache.delete(ctx.db);
  trendCache.delete(ctx.db);
}

const keyOf = (scope: Scope, period: Period, settings: KpiSettings, extra: string) =>
  `${scope.kind}:${'id' in scope ? scope.id : ''}|${period.key}|${extra}|${settings.writeSeq}|${settings.definitionsVersion}`;

async function compute(ctx: AppContext, c: KpiContext, scope: Scope, period: Period, withParts: boolean, running: boolean): Promise<Computed> {
  const { settings, kpis, measures } = c;
  const fiscal = settings.fiscalYearStartMonth;
  const depth = Math.max(0, ...kpis.map((k) => k.shift));
  const [first, last] = rangeOf([period], depth, fiscal);
  const [cells, targets] = await Promise.all([
    kpis.length ? loadCells(ctx.db, scope, first, last, grainsFor(period.kind)) : Promise.resolve([] as Cell[]),
    ctx.db.kpiTarget.findMany({ where: { ...ownerOf(scope), periodKind: period.kind, periodStart: period.start }, select: { id: true, kpiId: true, ownerKind: true, ownerId: true, value: true, goal: true } }),
  ]);
  const parts: ScorecardPart[] = [];
  if (withParts) {
    const byChild = new Map<string, Cell[]>();
    for (const cell of cells) byChild.set(cell.child, [...(byChild.get(cell.child) ?? []), cell]);
    for (const [child, mine] of byChild) parts.push({ child, figures: figuresFrom(kpis, mine, period, measures, fiscal, running) });
  }
  return { totals: figuresFrom(kpis, totalCells(cells), period, measures, fiscal, running), targets, parts };
}

/** The computed figures of `scope` for `period`, from the cache or computed (and kept unless a write of this process overlapped). */
async function computedFor(ctx: AppContext, c: KpiContext, scope: Scope, period: Period, withParts: boolean): Promise<Computed> {
  const running = inProgress(ctx, period, c.settings);
  const cache = lruOf(computedCache, ctx.db, 500);
  const key = keyOf(scope, period, c.settings, `${withParts}|${running}`);
  const hit = cache.get(key);
  if (hit) return hit;
  const mark = writeMark(ctx.db);
  const computed = await compute(ctx, c, scope, period, withParts, running);
  if (mark !== null && mark === writeMark(ctx.db)) cache.set(key, computed);
  return computed;
}

/** A scorecard's rows: each KPI's figure with its target (of `targets`, one owner's), pace and status. */
function rowsOf(ctx: AppContext, c: KpiContext, period: Period, figures: ReadonlyMap<string, KpiFigure>, targets: readonly TargetRow[]): ScorecardRow[] {
  const byKpi = new Map(targets.map((tg) => [tg.kpiId, tg]));
  return c.kpis.map((kpi) => {
    const figure = figures.get(kpi.id) as KpiFigure;
    const tg = byKpi.get(kpi.id);
    return { kpi, figure, target: tg ? targetView(ctx, c.settings, kpi, period, tg, figure) : null };
  });
}

/** The scorecard of `scope` for `period` (with its parts unless `parts` is false). Pace is computed for now. */
export async function scorecard(ctx: AppContext, scope: Scope, period: Period, opts: { parts?: boolean } = {}): Promise<Scorecard> {
  const c = await kpiContext(ctx);
  const { settings, kpis, measures } = c;
  const withParts = opts.parts !== false && scope.kind !== 'person';
  const computed = await computedFor(ctx, c, scope, period, withParts);
  const rows = rowsOf(ctx, c, period, computed.totals, computed.targets);
  return { scope, period, settings, kpis, rows, parts: computed.parts, measures };
}

/**
 * Every department's scorecard rows for `period` at once (HR's overview side by side): the company's parts, which
 * are its departments' summed base measures (the numbers each department's own scorecard computes, from the same
 * cells grouped by department instead of by team), with every department target of the period in one query.
 * Two queries for all departments instead of two per department; the figures are kept like scorecards.
 */
export async function departmentScorecards(ctx: AppContext, departmentIds: readonly string[], period: Period): Promise<Map<string, ScorecardRow[]>> {
  const c = await kpiContext(ctx);
  const { settings, kpis, measures } = c;
  const running = inProgress(ctx, period, settings);
  const computed = await computedFor(ctx, c, { kind: 'company' }, period, true);
  const targets = await ctx.db.kpiTarget.findMany({
    where: { ownerKind: 'department', ownerId: { in: [...departmentIds] }, periodKind: period.kind, periodStart: period.start },
    select: { id: true, kpiId: true, ownerKind: true, ownerId: true, value: true, goal: true },
  });
  const figuresOf = new Map(computed.parts.map((p) => [p.child, p.figures]));
  const none = figuresFrom(kpis, [], period, measures, settings.fiscalYearStartMonth, running);
  const out = new Map<string, ScorecardRow[]>();
  for (const id of departmentIds) {
    const figures = figuresOf.get(id) ?? none;
    out.set(id, rowsOf(ctx, c, period, figures, targets.filter((tg) => tg.ownerId === id)));
  }
  return out;
}

/** A team's scorecard for a period (for the manager's team page). */
export function teamScorecard(ctx: AppContext, teamId: string, period: Period): Promise<Scorecard> {
  return scorecard(ctx, { kind: 'team', id: teamId }, period);
}

/** The KPIs of a person with a target for `period` that are at risk, off track or missed. */
export async function offTrackKpis(ctx: AppContext, personId: string, period: Period): Promise<ScorecardRow[]> {
  const card = await scorecard(ctx, { kind: 'person', id: personId }, period, { parts: false });
  return card.rows.filter((r) => r.target && ['at_risk', 'off_track', 'missed'].includes(r.target.pace.status));
}

export interface Trend {
  periods: Period[];
  /** KPI id → its figure per period (oldest first). */
  series: Map<string, KpiFigure[]>;
}

/** Every active KPI of `scope` over the `count` periods ending with `period` (kept like scorecards). */
export async function kpiTrend(ctx: AppContext, scope: Scope, period: Period, count: number): Promise<Trend> {
  const { settings, kpis, measures } = await kpiContext(ctx);
  const cache = lruOf(trendCache, ctx.db, 200);
  const key = keyOf(scope, period, settings, `${count}|${inProgress(ctx, period, settings)}`);
  const hit = cache.get(key);
  if (hit) return hit;
  const mark = writeMark(ctx.db);
  const fiscal = settings.fiscalYearStartMonth;
  const periods = periodsEndingWith(period, count, fiscal);
  const depth = Math.max(0, ...kpis.map((k) => k.shift));
  const [first, last] = rangeOf(periods, depth, fiscal);
  const cells = kpis.length ? totalCells(await loadCells(ctx.db, scope, first, last, grainsFor(period.kind))) : [];
  const series = new Map<string, KpiFigure[]>(kpis.map((k) => [k.id, []]));
  for (const p of periods) {
    const figures = figuresFrom(kpis, cells, p, measures, fiscal, inProgress(ctx, p, settings));
    for (const k of kpis) series.get(k.id)!.push(figures.get(k.id) as KpiFigure);
  }
  const trend = { periods, series };
  if (mark !== null && mark === writeMark(ctx.db)) cache.set(key, trend);
  return trend;
}
