/**
 * The entry grid: one team's people × the measures entered per the chosen period (a week, month or quarter), plus
 * the team's own team-level measures, typed in the reader's language. Saving writes every changed cell through
 * applyWrites (history source "form", one reason for the lot), all or nothing. A cell someone else changed since
 * the page was loaded is never overwritten by the value that page showed; if both changed it, nothing is saved and
 * the page says so.
 */
import type { AppContext } from '../../context';
import { ForbiddenError, NotFoundError } from '../../errors';
import { t, type Locale } from '../../i18n/i18n';
import { mayEditPerson, mayEditTeam, type KpiViewer } from './access';
import { listKpis, listMeasures, measureName, type MeasureDef } from './kpi-definitions.service';
import { currentWriteSeq, getKpiSettings } from './kpi-settings.service';
import { typedNumber } from './numbers';
import { choosePeriod, periodChoices } from './period-choice';
import type { Period } from './periods';
import { formatDecimal, fromScaled } from './rational';
import { editScopeOf } from './viewer.service';
import { resolveValueRows, scaledValue, type RawValueRow } from './value-rows';
import { applyWrites } from './value-writes.service';

export const PAGE_SIZE = 40;

const cellName = (ownerKind: string, ownerId: string, measureKey: string) => `c:${ownerKind}:${ownerId}:${measureKey}`;

/** A stored integer as a person would type it in `locale` (no grouping): 1250000,5 in Indonesian. */
export function inputText(locale: Locale, value: bigint | null, decimals: number): string {
  if (value === null) return '';
  const text = formatDecimal(fromScaled(value, decimals), decimals);
  return locale === 'id' ? text.replace('.', ',') : text;
}

async function editableTeams(ctx: AppContext, viewer: KpiViewer) {
  const teams = await ctx.db.team.findMany({
    where: viewer.role === 'hr_admin' ? {} : { id: { in: [...viewer.teams] } },
    select: { id: true, name: true, department: { select: { name: true } } },
    orderBy: [{ department: { name: 'asc' } }, { name: 'asc' }],
  });
  return teams.filter((tm) => mayEditTeam(viewer, tm.id));
}

interface Grid {
  team: { id: string; name: string };
  period: Period;
  measures: MeasureDef[];
  people: { id: string; name: string; editable: boolean }[];
  teamMeasures: MeasureDef[];
  values: Map<string, { id: string; value: bigint | null }>;
  page: number;
  pages: number;
}

async function loadGrid(ctx: AppContext, viewer: KpiViewer, teamId: string, period: Period, page: number): Promise<Grid> {
  const team = await ctx.db.team.findUnique({ where: { id: teamId }, select: { id: true, name: true } });
  if (!team) throw new NotFoundError();
  if (!mayEditTeam(viewer, teamId)) throw new ForbiddenError();
  const used = new Set((await listKpis(ctx)).flatMap((k) => k.measureKeys));
  const all = (await listMeasures(ctx)).filter((m) => m.grain === period.kind && used.has(m.key));
  const measures = all.filter((m) => m.level === 'person');
  const teamMeasures = all.filter((m) => m.level === 'team');
  const members = await ctx.db.employee.findMany({ where: { teamId, active: true }, select: { id: true } });
  const recorded = await ctx.db.kpiValue.findMany({ where: { teamId, ownerKind: 'person', periodStart: period.start }, select: { ownerId: true }, distinct: ['ownerId'] });
  const ids = [...new Set([...members.map((m) => m.id), ...recorded.map((r) => r.ownerId)])];
  const everyone = await ctx.db.employee.findMany({ where: { id: { in: ids } }, select: { id: true, name: true }, orderBy: { name: 'asc' } });
  const pages = Math.max(1, Math.ceil(everyone.length / PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pages);
  const people = everyone.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE).map((p) => ({ ...p, editable: mayEditPerson(viewer, p.id) }));
  const rows = await ctx.db.kpiValue.findMany({
    where: {
      periodStart: period.start,
      measureKey: { in: all.map((m) => m.key) },
      OR: [{ ownerKind: 'person', ownerId: { in: people.map((p) => p.id) } }, { ownerKind: 'team', ownerId: teamId }],
    },
    select: { id: true, ownerKind: true, ownerId: true, measureKey: true, value: true },
  });
  const values = new Map(rows.map((r) => [cellName(r.ownerKind, r.ownerId, r.measureKey), { id: r.id, value: r.value }]));
  return { team, period, measures, people, teamMeasures, values, page: current, pages };
}

export interface EntryQuery {
  team?: unknown;
  period?: unknown;
  page?: unknown;
}

/** The grid page. `typed` and `errors` re-show what was typed after a refused save. */
export async function entryPage(ctx: AppContext, viewer: KpiViewer, query: EntryQuery, locale: Locale, typed: Record<string, string> = {}, errors: Record<string, string> = {}) {
  const settings = await getKpiSettings(ctx);
  const period = choosePeriod(query.period, settings, ctx.clock.now());
  const teams = await editableTeams(ctx, viewer);
  // Asking for a team that is not yours is refused, never quietly answered with another team.
  if (typeof query.team === 'string' && query.team && !teams.some((tm) => tm.id === query.team)) {
    if (await ctx.db.team.findUnique({ where: { id: query.team }, select: { id: true } })) throw new ForbiddenError();
    throw new NotFoundError();
  }
  const teamId = teams.find((tm) => tm.id === query.team)?.id ?? teams[0]?.id;
  const base = { teams: teams.map((tm) => ({ id: tm.id, name: `${tm.department.name} › ${tm.name}`, selected: tm.id === teamId })), period: periodChoices(locale, period, settings, ctx.clock.now()) };
  if (!teamId) return { ...base, grid: null, noTeams: true };
  if (period.kind === 'year') return { ...base, grid: null, yearChosen: true };
  const grid = await loadGrid(ctx, viewer, teamId, period, Number(query.page) || 1);
  const cell = (ownerKind: string, ownerId: string, m: MeasureDef, who: string, editable: boolean) => {
    const name = cellName(ownerKind, ownerId, m.key);
    const stored = grid.values.get(name);
    return {
      name,
      id: `cell-${ownerKind}-${ownerId}-${m.key}`.replace(/[^A-Za-z0-9_-]/g, '-'),
      value: name in typed ? typed[name] : inputText(locale, stored?.value ?? null, m.decimals),
      valueId: stored?.id ?? null,
      label: t(locale, 'kpis.entry.cellLabel', { measure: measureName(locale, m), who }),
      error: errors[name],
      editable,
    };
  };
  return {
    ...base,
    grid: {
      teamId: grid.team.id,
      teamName: grid.team.name,
      periodKey: period.key,
      page: grid.page,
      pages: grid.pages,
      pageLinks: grid.pages > 1 ? Array.from({ length: grid.pages }, (_, i) => ({ n: i + 1, current: i + 1 === grid.page })) : [],
      seq: await currentWriteSeq(ctx.db),
      heads: grid.measures.map((m) => ({ key: m.key, name: measureName(locale, m), unit: m.unit === 'money' ? settings.currency : t(locale, `kpis.unit.${m.unit}`) })),
      rows: grid.people.map((p) => ({ name: p.name, id: p.id, editable: p.editable, cells: grid.measures.map((m) => cell('person', p.id, m, p.name, p.editable)) })),
      teamCells: grid.page === 1 ? grid.teamMeasures.map((m) => ({ measure: measureName(locale, m), unit: m.unit === 'money' ? settings.currency : t(locale, `kpis.unit.${m.unit}`), ...cell('team', grid.team.id, m, grid.team.name, true) })) : [],
      empty: grid.measures.length + grid.teamMeasures.length === 0,
    },
  };
}

export type SaveOutcome = { saved: true; changed: number; redirect: string } | { saved: false; typed: Record<string, string>; errors: Record<string, string>; query: EntryQuery; message: string };

/** Saves a posted grid. */
export async function saveEntry(ctx: AppContext, viewer: KpiViewer, body: Record<string, unknown>, locale: Locale): Promise<SaveOutcome> {
  const settings = await getKpiSettings(ctx);
  const query = { team: body.team, period: body.period, page: body.page };
  const period = choosePeriod(body.period, settings, ctx.clock.now());
  const grid = await loadGrid(ctx, viewer, String(body.team ?? ''), period, Number(body.page) || 1);
  const measures = new Map([...grid.measures, ...grid.teamMeasures].map((m) => [m.key, m]));
  const loadedSeq = Number(body.seq) || 0;
  const reason = typeof body.reason === 'string' && body.reason.trim() ? body.reason.trim().slice(0, 500) : undefined;
  const typed: Record<string, string> = {};
  const errors: Record<string, string> = {};
  const rows: RawValueRow[] = [];
  const submitted = new Map<string, bigint | null>();
  for (const [name, raw] of Object.entries(body)) {
    if (!name.startsWith('c:') || typeof raw !== 'string') continue;
    const [, ownerKind, ownerId, measureKey] = name.split(':');
    const m = measures.get(measureKey);
    const inGrid = ownerKind === 'team' ? ownerId === grid.team.id : grid.people.some((p) => p.id === ownerId);
    if (!m || !inGrid) continue;
    if (ownerKind === 'person' ? !mayEditPerson(viewer, ownerId) : !mayEditTeam(viewer, ownerId)) throw new ForbiddenError();
    typed[name] = raw;
    const machine = raw.trim() === '' ? '' : typedNumber(locale, raw);
    if (machine === null) {
      errors[name] = 'Give the value as a number, like 1250000.50';
      continue;
    }
    const scaled = machine === '' ? null : scaledValue(machine, m);
    if (scaled !== null && typeof scaled !== 'bigint') {
      errors[name] = scaled.error;
      continue;
    }
    submitted.set(name, scaled);
    rows.push({ ref: ['cell', name], data: { [ownerKind === 'team' ? 'teamId' : 'employeeId']: ownerId, measure: measureKey, period: period.key, value: machine, reason } });
  }
  // Cells changed by someone else since the page was loaded.
  const changedMeanwhile = new Map<string, bigint | null>();
  const stored = [...grid.values.entries()];
  if (stored.length) {
    const since = await ctx.db.kpiValueChange.findMany({ where: { valueId: { in: stored.map(([, v]) => v.id) }, seq: { gt: loadedSeq } }, orderBy: { seq: 'asc' }, select: { valueId: true, oldValue: true } });
    for (const c of since) {
      const name = stored.find(([, v]) => v.id === c.valueId)?.[0];
      if (name && !changedMeanwhile.has(name)) changedMeanwhile.set(name, c.oldValue);
    }
  }
  const keep: RawValueRow[] = [];
  for (const row of rows) {
    const name = String(row.ref[1]);
    if (changedMeanwhile.has(name)) {
      const atLoad = changedMeanwhile.get(name) ?? null;
      const now = grid.values.get(name)?.value ?? null;
      if (submitted.get(name) === atLoad) continue; // not touched here: keep the newer value
      if (submitted.get(name) !== now) errors[name] = 'Someone else changed this value after you opened the page; check it and save again';
    }
    keep.push(row);
  }
  if (Object.keys(errors).length) return { saved: false, typed, errors, query, message: 'kpis.entry.fixErrors' };
  const { writes, issues } = await resolveValueRows(ctx.db, keep, editScopeOf(viewer), settings.fiscalYearStartMonth, { allowClear: true });
  for (const i of issues) errors[String(i.path[1])] ??= i.message;
  if (Object.keys(errors).length) return { saved: false, typed, errors, query, message: 'kpis.entry.fixErrors' };
  const result = await applyWrites(ctx, writes, { source: 'form', changedById: viewer.id, apiTokenId: null });
  const changed = result.counts.create + result.counts.update;
  return { saved: true, changed, redirect: `/kpis/entry?team=${grid.team.id}&period=${period.key}&page=${grid.page}&saved=${changed}` };
}
