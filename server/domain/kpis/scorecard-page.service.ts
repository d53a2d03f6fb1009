/**
 * What a scorecard page shows, for one viewer: the owner, the period and its selector, every KPI (grouped into
 * performance and process) with its value, parts, target, pace and status, the parts below the owner, the
 * team's attainment leaderboard, and one KPI's trend with its targets. Routes render this.
 */
import type { AppContext } from '../../context';
import { ForbiddenError, NotFoundError } from '../../errors';
import { formatNumber, formatPercent, t, type Locale } from '../../i18n/i18n';
import { mayEditTeam, mayEditPerson, mayViewDepartment, mayViewPerson, mayViewTeam, maySetTarget, type KpiViewer } from './access';
import { lineChart } from './charts';
import { kpiName, type KpiDef } from './kpi-definitions.service';
import { choosePeriod, periodChoices, trendLength } from './period-choice';
import { periodsEndingWith, type Period } from './periods';
import { formatAmount, formatTick, paceRule, periodShortName, presentFigure, presentPace, type Money } from './presenter';
import { add, compare, div, neg, parseDecimal, rational, sub, toNumber, type Rational } from './rational';
import { getKpiSettings } from './kpi-settings.service';
import type { Scope } from './rollup';
import { kpiTrend, ownerOf, scorecard, type Scorecard } from './scorecard.service';

export interface ScorecardQuery {
  period?: unknown;
  trend?: unknown;
  board?: unknown;
}

interface Owner {
  name: string;
  /** Under the name: the department of a team, the team of a person. */
  context: string | null;
}

/** The owner of `scope`, if `viewer` may see its scorecard (404 when it does not exist, 403 when not theirs). */
export async function ownerFor(ctx: AppContext, viewer: KpiViewer, scope: Scope): Promise<Owner> {
  if (scope.kind === 'company') {
    if (viewer.role !== 'hr_admin') throw new ForbiddenError();
    return { name: (await ctx.db.orgSettings.findUnique({ where: { id: 1 }, select: { companyName: true } }))?.companyName ?? '', context: null };
  }
  if (scope.kind === 'department') {
    const d = await ctx.db.department.findUnique({ where: { id: scope.id }, select: { name: true } });
    if (!d) throw new NotFoundError();
    if (!mayViewDepartment(viewer, scope.id)) throw new ForbiddenError();
    return { name: d.name, context: null };
  }
  if (scope.kind === 'team') {
    const team = await ctx.db.team.findUnique({ where: { id: scope.id }, select: { name: true, department: { select: { name: true } } } });
    if (!team) throw new NotFoundError();
    if (!mayViewTeam(viewer, scope.id)) throw new ForbiddenError();
    return { name: team.name, context: team.department.name };
  }
  const person = await ctx.db.employee.findUnique({ where: { id: scope.id }, select: { name: true, team: { select: { name: true } } } });
  if (!person) throw new NotFoundError();
  if (!mayViewPerson(viewer, scope.id)) throw new ForbiddenError();
  return { name: person.name, context: person.team?.name ?? null };
}

const scopePath = (scope: Scope) => (scope.kind === 'company' ? '/kpis/company' : `/kpis/${scope.kind === 'person' ? 'people' : `${scope.kind}s`}/${scope.id}`);
export { scopePath };

/** Names and links of the parts below a scope (departments, teams or people). */
async function partNames(ctx: AppContext, viewer: KpiViewer, card: Scorecard, locale: Locale): Promise<Map<string, { name: string; href: string | null; order: number }>> {
  const children = card.parts.map((p) => p.child);
  const out = new Map<string, { name: string; href: string | null; order: number }>();
  if (card.scope.kind === 'company') {
    const rows = await ctx.db.department.findMany({ where: { id: { in: children } }, select: { id: true, name: true } });
    for (const d of rows) out.set(d.id, { name: d.name, href: `/kpis/departments/${d.id}`, order: 0 });
    out.set('', { name: t(locale, 'kpis.scorecard.noDepartment'), href: null, order: 1 });
  } else if (card.scope.kind === 'department') {
    const rows = await ctx.db.team.findMany({ where: { id: { in: children } }, select: { id: true, name: true } });
    for (const team of rows) out.set(team.id, { name: team.name, href: mayViewTeam(viewer, team.id) ? `/kpis/teams/${team.id}` : null, order: 0 });
  } else if (card.scope.kind === 'team') {
    const personIds = children.filter((c) => c.startsWith('person:')).map((c) => c.slice(7));
    const rows = await ctx.db.employee.findMany({ where: { id: { in: personIds } }, select: { id: true, name: true } });
    for (const p of rows) out.set(`person:${p.id}`, { name: p.name, href: mayViewPerson(viewer, p.id) ? `/kpis/people/${p.id}` : null, order: 0 });
    out.set(`team:${card.scope.id}`, { name: t(locale, 'kpis.scorecard.teamNumbers'), href: null, order: 1 });
  }
  return out;
}

/** Attainment for ranking: 1 = on target, more is better in both directions. */
function attainment(kpi: KpiDef, actual: Rational, target: Rational): Rational {
  const one = rational(1n) as Rational;
  const share = div(sub(actual, target), target.n < 0n ? neg(target) : target) as Rational;
  return kpi.direction === 'higher' ? add(one, share) : sub(one, share);
}

async function leaderboard(ctx: AppContext, card: Scorecard, names: Map<string, { name: string }>, asked: unknown, locale: Locale, money: Money) {
  if (card.scope.kind !== 'team' || !card.settings.leaderboard) return null;
  const people = card.parts.filter((p) => p.child.startsWith('person:')).map((p) => p.child.slice(7));
  const targets = people.length
    ? await ctx.db.kpiTarget.findMany({ where: { ownerKind: 'person', ownerId: { in: people }, periodKind: card.period.kind, periodStart: card.period.start, kpiId: { in: card.kpis.map((k) => k.id) } } })
    : [];
  const withTargets = card.kpis.filter((k) => targets.some((tg) => tg.kpiId === k.id));
  const kpi = withTargets.find((k) => k.key === asked) ?? withTargets[0];
  if (!kpi) return { kpis: [], entries: [], missing: 0 };
  const entries = targets
    .filter((tg) => tg.kpiId === kpi.id)
    .flatMap((tg) => {
      const actual = card.parts.find((p) => p.child === `person:${tg.ownerId}`)?.figures.get(kpi.id)?.value ?? null;
      const target = parseDecimal(tg.value) as Rational;
      if (!actual || target.n === 0n) return [];
      return [{ name: names.get(`person:${tg.ownerId}`)?.name ?? '', score: attainment(kpi, actual, target), actual: formatAmount(locale, kpi.unit, actual, money), target: formatAmount(locale, kpi.unit, target, money) }];
    })
    .sort((a, b) => compare(b.score, a.score) || a.name.localeCompare(b.name));
  return {
    kpis: withTargets.map((k) => ({ key: k.key, name: kpiName(locale, k), selected: k.id === kpi.id })),
    kpiName: kpiName(locale, kpi),
    entries: entries.map((e, i) => ({ rank: i + 1, name: e.name, actual: e.actual, target: e.target, attainment: formatPercent(locale, toNumber(e.score), 0) })),
    missing: people.length - entries.length,
  };
}

async function trendOf(ctx: AppContext, card: Scorecard, asked: unknown, locale: Locale, money: Money) {
  const kpi = card.kpis.find((k) => k.key === asked) ?? card.kpis[0];
  if (!kpi) return null;
  const fiscal = card.settings.fiscalYearStartMonth;
  const count = trendLength(card.period.kind);
  const trend = await kpiTrend(ctx, card.scope, card.period, count);
  const periods = periodsEndingWith(card.period, count, fiscal);
  const targets = await ctx.db.kpiTarget.findMany({ where: { kpiId: kpi.id, ...ownerOf(card.scope), periodKind: card.period.kind, periodStart: { in: periods.map((p) => p.start) } } });
  const targetOf = (p: Period) => {
    const tg = targets.find((x) => x.periodStart === p.start);
    return tg ? (parseDecimal(tg.value) as Rational) : null;
  };
  const figures = trend.series.get(kpi.id) ?? [];
  const points = trend.periods.map((p, i) => ({ label: periodShortName(locale, p, fiscal), value: figures[i]?.value ? toNumber(figures[i].value as Rational) : null, target: targetOf(p) ? toNumber(targetOf(p) as Rational) : null }));
  const chart = lineChart(points);
  const tick = (v: number) => formatTick(locale, kpi.unit, v, money);
  const shown = points.filter((p) => p.value !== null);
  return {
    kpis: card.kpis.map((k) => ({ key: k.key, name: kpiName(locale, k), selected: k.id === kpi.id })),
    kpiName: kpiName(locale, kpi),
    chart: { ...chart, yTicks: chart.yTicks.map((y) => ({ y: y.y, label: tick(y.value) })) },
    label: t(locale, 'kpis.trend.label', { kpi: kpiName(locale, kpi), count: points.length, shown: shown.length }),
    rows: trend.periods.map((p, i) => ({
      name: points[i].label,
      value: formatAmount(locale, kpi.unit, figures[i]?.value ?? null, money),
      target: formatAmount(locale, kpi.unit, targetOf(p), money),
    })),
  };
}

export async function scorecardPage(ctx: AppContext, viewer: KpiViewer, scope: Scope, query: ScorecardQuery, locale: Locale) {
  const owner = await ownerFor(ctx, viewer, scope);
  const now = ctx.clock.now();
  const period = choosePeriod(query.period, await getKpiSettings(ctx), now);
  const card = await scorecard(ctx, scope, period);
  const money: Money = { currency: card.settings.currency };
  const names = await partNames(ctx, viewer, card, locale);
  const row = (r: Scorecard['rows'][number]) => ({
    key: r.kpi.key,
    ...presentFigure(locale, r.kpi, r.figure, card.measures, money),
    direction: r.kpi.direction,
    target: r.target ? { id: r.target.id, goal: r.target.goal, ...presentPace(locale, r.kpi, r.target.value, r.target.pace, money) } : null,
  });
  const sections = (['performance', 'process'] as const)
    .map((kind) => ({ kind, title: `kpis.kind.${kind}`, rows: card.rows.filter((r) => r.kpi.kind === kind).map(row) }))
    .filter((s) => s.rows.length);
  const parts = card.parts
    .map((p) => ({ child: p.child, ...(names.get(p.child) ?? { name: p.child, href: null, order: 0 }), values: card.kpis.map((k) => formatAmount(locale, k.unit, p.figures.get(k.id)?.value ?? null, money)) }))
    // A team's own team-level numbers get a row only when some KPI can be computed from them alone.
    .filter((p) => !p.child.startsWith('team:') || p.values.some((v) => v !== null))
    .sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
  const editable = scope.kind === 'team' ? mayEditTeam(viewer, scope.id) : scope.kind === 'person' ? mayEditPerson(viewer, scope.id) : viewer.role === 'hr_admin';
  const { ownerKind, ownerId } = ownerOf(scope);
  return {
    scope: scope.kind,
    scopeLabel: t(locale, `kpis.scope.${scope.kind}`),
    partsTitle: t(locale, `kpis.parts.title.${scope.kind}`),
    path: scopePath(scope),
    owner,
    period: periodChoices(locale, period, card.settings, now),
    rule: paceRule(locale, card.settings.thresholds),
    sections,
    hasKpis: card.kpis.length > 0,
    partHeads: card.kpis.map((k) => kpiName(locale, k)),
    parts,
    leaderboard: await leaderboard(ctx, card, names, query.board, locale, money),
    trend: await trendOf(ctx, card, query.trend, locale, money),
    canEnter: editable && scope.kind !== 'company' && scope.kind !== 'department',
    entryHref: scope.kind === 'team' ? `/kpis/entry?team=${scope.id}&period=${period.key}` : null,
    canSetTargets: maySetTarget(viewer, ownerKind, ownerId),
    targetHref: `/kpis/targets/new?owner=${ownerKind === 'company' ? 'company' : `${ownerKind}:${ownerId}`}&period=${period.key}`,
    exportHref: `${scopePath(scope)}/export.csv?period=${period.key}`,
    periodCount: formatNumber(locale, card.rows.filter((r) => r.figure.value).length),
  };
}
