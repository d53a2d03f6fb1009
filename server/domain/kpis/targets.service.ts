/**
 * SMART targets: a KPI, an owner (person, team, department or the company), a value for one period, and the
 * business goal it serves. Targets differ per period; one form can set the same value for the next few periods.
 * The form shows the owner's actuals of the periods before, so the target is achievable.
 */
import { audit } from '../audit/audit.service';
import type { AppContext } from '../../context';
import { ForbiddenError, NotFoundError, StaleCopyError, ValidationError, type FieldIssue } from '../../errors';
import { t, type Locale } from '../../i18n/i18n';
import { maySetTarget, mayViewOwner, type KpiViewer, type TargetOwnerKind } from './access';
import { getKpi, kpiName, listKpis, type KpiDef } from './kpi-definitions.service';
import { getKpiSettings, kpiWrite } from './kpi-settings.service';
import { typedNumber } from './numbers';
import { choosePeriod, periodChoices } from './period-choice';
import { parsePeriodKey, periodContaining, shiftPeriod, type Period, type PeriodKind } from './periods';
import { formatAmount, periodName, statusLabel } from './presenter';
import { div, formatDecimal, parseDecimal, rational, toNumber, type Rational } from './rational';
import type { Scope } from './rollup';
import { kpiTrend, scorecard, targetView } from './scorecard.service';
import { ownerFor } from './scorecard-page.service';
import { targetFormSchema } from './target.schema';

export interface TargetOwner {
  kind: TargetOwnerKind;
  id: string;
}

/** "person:<id>", "team:<id>", "department:<id>" or "company". */
export function parseOwner(raw: unknown): TargetOwner | null {
  if (raw === 'company') return { kind: 'company', id: '' };
  const m = typeof raw === 'string' ? /^(person|team|department):([\w-]{1,64})$/.exec(raw) : null;
  return m ? { kind: m[1] as TargetOwnerKind, id: m[2] } : null;
}
export const ownerParam = (o: TargetOwner) => (o.kind === 'company' ? 'company' : `${o.kind}:${o.id}`);
const scopeOf = (o: TargetOwner): Scope => (o.kind === 'company' ? { kind: 'company' } : { kind: o.kind, id: o.id });

const HUNDRED = rational(100n) as Rational;
/** What a person types for a target of `kpi` (a percent as points) as the stored decimal in the KPI's unit. */
function targetValue(locale: Locale, kpi: KpiDef, typed: string): Rational | string {
  const machine = typedNumber(locale, typed);
  const r = machine === null ? null : parseDecimal(machine);
  if (!r) return 'Enter the target as a number';
  if (r.n === 0n) return 'A target of 0 cannot be paced; choose another value';
  return kpi.unit === 'percent' ? (div(r, HUNDRED) as Rational) : r;
}

/** A stored target as the form shows it (a percent as points, in the reader's decimals). */
function typedTarget(locale: Locale, kpi: KpiDef, stored: string): string {
  const r = parseDecimal(stored) as Rational;
  const text = formatDecimal(kpi.unit === 'percent' ? { n: r.n * 100n, d: r.d } : r, 6);
  return locale === 'id' ? text.replace('.', ',') : text;
}

export interface TargetQuery {
  kpi?: unknown;
  owner?: unknown;
  period?: unknown;
}

/** The form to set (or change) a target, with the owner's recent actuals. */
export async function targetFormPage(ctx: AppContext, viewer: KpiViewer, query: TargetQuery, locale: Locale, typed?: { value: string; goal: string; repeat: string; errors: Record<string, string> }) {
  const owner = parseOwner(query.owner);
  if (!owner) throw new NotFoundError();
  const who = await ownerFor(ctx, viewer, scopeOf(owner));
  if (!maySetTarget(viewer, owner.kind, owner.id)) throw new ForbiddenError();
  const settings = await getKpiSettings(ctx);
  const kpis = await listKpis(ctx);
  const kpi = kpis.find((k) => k.key === query.kpi || k.id === query.kpi) ?? kpis[0];
  const period = choosePeriod(query.period, settings, ctx.clock.now());
  if (!kpi) return { owner: { ...owner, name: who.name, param: ownerParam(owner) }, kpis: [], period: periodChoices(locale, period, settings, ctx.clock.now()) };
  const money = { currency: settings.currency };
  const fiscal = settings.fiscalYearStartMonth;
  const before = shiftPeriod(period, 1, fiscal);
  const trend = await kpiTrend(ctx, scopeOf(owner), before, 6);
  const earlier = await ctx.db.kpiTarget.findMany({ where: { kpiId: kpi.id, ownerKind: owner.kind, ownerId: owner.id, periodKind: period.kind, periodStart: { in: [...trend.periods.map((p) => p.start), period.start] } } });
  const existing = earlier.find((e) => e.periodStart === period.start);
  const figures = trend.series.get(kpi.id) ?? [];
  return {
    owner: { ...owner, name: who.name, param: ownerParam(owner) },
    kpis: kpis.map((k) => ({ key: k.key, name: kpiName(locale, k), selected: k.id === kpi.id })),
    kpi: { key: kpi.key, name: kpiName(locale, kpi), unit: t(locale, `kpis.unit.${kpi.unit}`), direction: t(locale, `kpis.direction.${kpi.direction}`), percent: kpi.unit === 'percent' },
    period: periodChoices(locale, period, settings, ctx.clock.now()),
    periodName: periodName(locale, period, fiscal),
    existingId: existing?.id ?? null,
    seen: seenToken(existing),
    recent: trend.periods.map((p, i) => {
      const tg = earlier.find((e) => e.periodStart === p.start);
      const view = tg ? targetView(ctx, settings, kpi, p, tg, figures[i]) : null;
      return { name: periodName(locale, p, fiscal), actual: formatAmount(locale, kpi.unit, figures[i]?.value ?? null, money), target: view ? formatAmount(locale, kpi.unit, view.value, money) : null, status: view ? statusLabel(locale, view.pace.status) : null };
    }),
    values: typed ?? { value: existing ? typedTarget(locale, kpi, existing.value) : '', goal: existing?.goal ?? '', repeat: '1', errors: {} },
    backHref: `/kpis/${owner.kind === 'company' ? 'company' : `${owner.kind === 'person' ? 'people' : `${owner.kind}s`}/${owner.id}`}?period=${period.key}`,
  };
}

/**
 * The form's copy of the target it changes (optimistic concurrency without a version column): the target's
 * last change time in ms, '' when the period had no target yet.
 */
function seenToken(target: { updatedAt: Date } | null | undefined): string {
  return target ? String(target.updatedAt.getTime()) : '';
}

export interface TargetSaveInput {
  kpi: unknown;
  owner: unknown;
  period: unknown;
  value: unknown;
  goal: unknown;
  repeat: unknown;
  /** The `seen` field of the form (seenToken); undefined when the caller does not take part (unconditional save). */
  seen?: unknown;
}

/** Sets the target for the period and the `repeat − 1` after it; throws a ValidationError listing each problem. */
export async function saveTargets(ctx: AppContext, viewer: KpiViewer, input: TargetSaveInput, locale: Locale): Promise<{ count: number; backHref: string }> {
  const owner = parseOwner(input.owner);
  if (!owner) throw new NotFoundError();
  await ownerFor(ctx, viewer, scopeOf(owner));
  if (!maySetTarget(viewer, owner.kind, owner.id)) throw new ForbiddenError();
  const kpi = await getKpi(ctx, String(input.kpi ?? ''));
  const settings = await getKpiSettings(ctx);
  const period = typeof input.period === 'string' ? parsePeriodKey(input.period, settings.fiscalYearStartMonth) : null;
  if (!period) throw new NotFoundError();
  const parsed = targetFormSchema.safeParse({ value: input.value, goal: input.goal, repeat: input.repeat || 1 });
  const issues: FieldIssue[] = parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message }));
  const value = typeof input.value === 'string' && input.value.trim() ? targetValue(locale, kpi, input.value) : null;
  if (typeof value === 'string' && !issues.some((i) => i.path[0] === 'value')) issues.push({ path: ['value'], message: value });
  if (issues.length || !parsed.success || !value || typeof value === 'string') throw new ValidationError('Some fields need attention', issues);
  const stored = formatDecimal(value, 12);
  const periods: Period[] = Array.from({ length: parsed.data.repeat }, (_, i) => shiftPeriod(period, -i, settings.fiscalYearStartMonth));
  await kpiWrite(ctx, async (tx) => {
    // Two people editing one target: the second save, made from a copy older than the stored target, is refused.
    if (input.seen !== undefined) {
      const current = await tx.kpiTarget.findUnique({
        where: { kpiId_ownerKind_ownerId_periodKind_periodStart: { kpiId: kpi.id, ownerKind: owner.kind, ownerId: owner.id, periodKind: period.kind, periodStart: period.start } },
        select: { updatedAt: true },
      });
      if (seenToken(current) !== String(input.seen)) throw new StaleCopyError('Someone else changed this target after you opened it', current?.updatedAt.getTime() ?? 0);
    }
    for (const p of periods) {
      await tx.kpiTarget.upsert({
        where: { kpiId_ownerKind_ownerId_periodKind_periodStart: { kpiId: kpi.id, ownerKind: owner.kind, ownerId: owner.id, periodKind: p.kind, periodStart: p.start } },
        create: { kpiId: kpi.id, ownerKind: owner.kind, ownerId: owner.id, periodKind: p.kind, periodStart: p.start, value: stored, goal: parsed.data.goal, createdById: viewer.id, updatedById: viewer.id },
        update: { value: stored, goal: parsed.data.goal, updatedById: viewer.id },
      });
    }
    await audit(ctx, tx, { action: 'kpi.target_save', targetKind: owner.kind, targetId: owner.id, detail: { kpi: kpi.key, period: period.key, periods: periods.length } });
  });
  ctx.logger.info({ event: 'kpi_targets_saved', kpi: kpi.key, ownerKind: owner.kind, periods: periods.length, by: viewer.id }, 'KPI targets saved');
  return { count: periods.length, backHref: `/kpis/targets/new?kpi=${kpi.key}&owner=${ownerParam(owner)}&period=${period.key}&saved=${periods.length}` };
}

/** A target's owner, KPI and period (for its own page), checked against the viewer. */
export async function targetById(ctx: AppContext, viewer: KpiViewer, id: string) {
  const target = await ctx.db.kpiTarget.findUnique({ where: { id }, include: { kpi: true } });
  if (!target) throw new NotFoundError();
  if (!mayViewOwner(viewer, target.ownerKind as TargetOwnerKind, target.ownerId)) throw new ForbiddenError();
  const settings = await getKpiSettings(ctx);
  const period = periodContaining(target.periodKind as PeriodKind, target.periodStart, settings.fiscalYearStartMonth);
  return { target, query: { kpi: target.kpi.key, owner: ownerParam({ kind: target.ownerKind as TargetOwnerKind, id: target.ownerId }), period: period.key } };
}

export async function deleteTarget(ctx: AppContext, viewer: KpiViewer, id: string): Promise<string> {
  const { target, query } = await targetById(ctx, viewer, id);
  if (!maySetTarget(viewer, target.ownerKind as TargetOwnerKind, target.ownerId)) throw new ForbiddenError();
  await kpiWrite(ctx, async (tx) => {
    await tx.kpiTarget.delete({ where: { id } });
    await audit(ctx, tx, { action: 'kpi.target_delete', targetKind: target.ownerKind, targetId: target.ownerId, detail: { kpi: query.kpi, period: query.period } });
  });
  return `/kpis/targets/new?kpi=${query.kpi}&owner=${query.owner}&period=${query.period}&deleted=1`;
}

/** The owner's progress on `kpi` for a period, for tests and the API. */
export async function targetProgress(ctx: AppContext, scope: Scope, period: Period, kpiKey: string) {
  const card = await scorecard(ctx, scope, period, { parts: false });
  const row = card.rows.find((r) => r.kpi.key === kpiKey);
  return row?.target ? { status: row.target.pace.status, progress: row.target.pace.progress ? toNumber(row.target.pace.progress) : null } : null;
}
