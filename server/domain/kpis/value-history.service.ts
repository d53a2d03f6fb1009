/**
 * One stored value: whose, which measure and period, its history (who changed it, when, from what to what, by
 * which way — the form, a CSV import or an API token — and why), and changing it from its page.
 */
import type { AppContext } from '../../context';
import { ForbiddenError, NotFoundError } from '../../errors';
import { formatDateTime, t, type Locale } from '../../i18n/i18n';
import { mayEditValue, mayViewValue, type KpiViewer } from './access';
import type { MeasureUnit } from './catalogue';
import { measureName, type MeasureDef } from './kpi-definitions.service';
import { getKpiSettings } from './kpi-settings.service';
import { typedNumber } from './numbers';
import { periodContaining, type Grain } from './periods';
import { formatAmount, periodName } from './presenter';
import { fromScaled } from './rational';
import { inputText } from './entry.service';
import { editScopeOf } from './viewer.service';
import { resolveValueRows } from './value-rows';
import { applyWrites } from './value-writes.service';

async function loadValue(ctx: AppContext, viewer: KpiViewer, id: string) {
  const row = await ctx.db.kpiValue.findUnique({ where: { id }, include: { measure: true } });
  if (!row) throw new NotFoundError();
  if (!mayViewValue(viewer, row)) throw new ForbiddenError();
  return row;
}

export async function valuePage(ctx: AppContext, viewer: KpiViewer, id: string, locale: Locale, timeZone: string, typed?: { value: string; reason: string; error?: string }) {
  const row = await loadValue(ctx, viewer, id);
  const settings = await getKpiSettings(ctx);
  const measure = row.measure as unknown as MeasureDef;
  const money = { currency: settings.currency };
  const amount = (v: bigint | null) => formatAmount(locale, measure.unit as MeasureUnit, v === null ? null : fromScaled(v, measure.decimals), money);
  const [owner, team, changes] = await Promise.all([
    row.ownerKind === 'team' ? ctx.db.team.findUnique({ where: { id: row.ownerId }, select: { name: true } }) : ctx.db.employee.findUnique({ where: { id: row.ownerId }, select: { name: true } }),
    row.teamId ? ctx.db.team.findUnique({ where: { id: row.teamId }, select: { name: true } }) : null,
    ctx.db.kpiValueChange.findMany({ where: { valueId: id }, orderBy: [{ seq: 'desc' }, { changedAt: 'desc' }] }),
  ]);
  const people = new Map((await ctx.db.employee.findMany({ where: { id: { in: changes.flatMap((c) => (c.changedById ? [c.changedById] : [])) } }, select: { id: true, name: true } })).map((p) => [p.id, p.name]));
  const tokens = new Map((await ctx.db.apiToken.findMany({ where: { id: { in: changes.flatMap((c) => (c.apiTokenId ? [c.apiTokenId] : [])) } }, select: { id: true, name: true } })).map((tk) => [tk.id, tk.name]));
  return {
    id,
    owner: owner?.name ?? '',
    ownerHref: row.ownerKind === 'team' ? `/kpis/teams/${row.ownerId}` : `/kpis/people/${row.ownerId}`,
    measure: measureName(locale, measure),
    measureKey: measure.key,
    period: periodName(locale, periodContaining(row.grain as Grain, row.periodStart, settings.fiscalYearStartMonth), settings.fiscalYearStartMonth),
    team: team?.name ?? null,
    value: amount(row.value),
    unit: t(locale, `kpis.unit.${measure.unit}`),
    editable: mayEditValue(viewer, row),
    input: typed ?? { value: inputText(locale, row.value, measure.decimals), reason: '' },
    history: changes.map((c) => ({
      when: formatDateTime(locale, c.changedAt, timeZone),
      who: c.changedById ? (people.get(c.changedById) ?? '') : c.apiTokenId ? t(locale, 'kpis.history.token', { name: tokens.get(c.apiTokenId) ?? '' }) : '',
      source: t(locale, `kpis.history.source.${c.source}`),
      old: amount(c.oldValue),
      new: amount(c.newValue),
      reason: c.reason,
    })),
  };
}

/** Changes one value from its page; returns the problem with what was typed, or null when saved. */
export async function saveValue(ctx: AppContext, viewer: KpiViewer, id: string, body: { value?: unknown; reason?: unknown }, locale: Locale): Promise<string | null> {
  const row = await loadValue(ctx, viewer, id);
  if (!mayEditValue(viewer, row)) throw new ForbiddenError();
  const text = typeof body.value === 'string' ? body.value : '';
  const machine = text.trim() === '' ? '' : typedNumber(locale, text);
  if (machine === null) return 'Give the value as a number, like 1250000.50';
  const settings = await getKpiSettings(ctx);
  const reason = typeof body.reason === 'string' && body.reason.trim() ? body.reason.trim().slice(0, 500) : undefined;
  const { writes, issues } = await resolveValueRows(
    ctx.db,
    [{ ref: ['value'], data: { [row.ownerKind === 'team' ? 'teamId' : 'employeeId']: row.ownerId, measure: row.measureKey, period: row.periodStart, value: machine, reason } }],
    editScopeOf(viewer),
    settings.fiscalYearStartMonth,
    { allowClear: true },
  );
  if (issues.length) return issues[0].message;
  await applyWrites(ctx, writes, { source: 'form', changedById: viewer.id, apiTokenId: null });
  return null;
}
