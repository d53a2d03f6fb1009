/**
 * CSV imports of KPI values, in the background with their progress, all or nothing:
 *   queued → checking (the dry run: every row resolved and compared with what is stored) → checked
 *   checked → applying (the same rows written in one transaction by applyWrites) → applied (the file is deleted)
 * An import that finds problems stays checked with its issues and can not be applied. The work is claimed with a
 * lease (claimToken, claimedUntil): if the process dies, the kpi-imports job picks the import up again when the
 * lease runs out (applying again is safe: writing the same values changes nothing).
 */
import crypto from 'node:crypto';
import { audit } from '../audit/audit.service';
import type { AppContext } from '../../context';
import { ConflictError, ForbiddenError, NotFoundError, type FieldIssue } from '../../errors';
import { formatNumber, t, type Locale } from '../../i18n/i18n';
import type { KpiViewer } from './access';
import type { MeasureUnit } from './catalogue';
import { measuresByKey, measureName } from './kpi-definitions.service';
import { getKpiSettings } from './kpi-settings.service';
import { formatAmount, periodName } from './presenter';
import { fromScaled } from './rational';
import { parseValueCsv, roughRowCount } from './value-csv';
import { resolveValueRows } from './value-rows';
import { applyWrites, planWrites, type PlannedWrite, type ValueWrite, type WriteAction, type WritePlan } from './value-writes.service';
import { editScopeOf, kpiViewerOf } from './viewer.service';

export const LEASE_MS = 5 * 60_000;
/** How long this process keeps a clean check's resolved rows for applying them without reading the file again. */
const CHECKED_KEEP_MS = 10 * 60_000;

interface Checked {
  at: number;
  definitionsVersion: number;
  writes: ValueWrite[];
  plan: WritePlan;
  rows: number;
}
/** Clean checks of this process, by import id: applying soon after reuses them (the plan is still made again under the lock if anything was written meanwhile). */
const checked = new Map<string, Checked>();
/** Files up to this many rows are checked before the upload's answer (no progress page needed). */
export const INLINE_ROWS = 2000;
const LISTED = 200;

export type ImportStatus = 'queued' | 'checking' | 'checked' | 'applying' | 'applied' | 'failed';

interface ListedChange {
  line: number;
  owner: string;
  measure: string;
  period: string;
  action: WriteAction;
  old: string | null;
  new: string | null;
}

export interface ImportSummary {
  phase?: 'parsing' | 'checking' | 'writing';
  rows?: number;
  counts?: Record<WriteAction, number>;
  issueCount?: number;
  issues?: { line: number | null; field: string | null; message: string }[];
  changes?: ListedChange[];
  error?: string;
}

export async function createImport(ctx: AppContext, viewer: KpiViewer, csv: string, fileName = ''): Promise<{ id: string; rows: number }> {
  const rows = roughRowCount(csv.replace(/^\uFEFF/, ''));
  const row = await ctx.db.kpiImport.create({ data: { createdById: viewer.id, fileName: fileName.slice(0, 200), totalRows: rows, status: 'queued', createdAt: ctx.clock.now(), file: { create: { csv } } } });
  ctx.logger.info({ event: 'kpi_import_created', importId: row.id, rows, by: viewer.id }, 'KPI import created');
  return { id: row.id, rows };
}

/** Claims import `id` in one of `statuses` for this worker; returns the claim token or null when another has it. */
async function claim(ctx: AppContext, id: string, statuses: ImportStatus[]): Promise<string | null> {
  const token = crypto.randomUUID();
  const now = ctx.clock.now();
  const { count } = await ctx.db.kpiImport.updateMany({
    where: { id, status: { in: statuses }, OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] },
    data: { claimToken: token, claimedUntil: new Date(now.getTime() + LEASE_MS) },
  });
  return count ? token : null;
}

async function update(ctx: AppContext, id: string, token: string, data: { status?: ImportStatus; doneRows?: number; summary?: ImportSummary; finishedAt?: Date; release?: boolean }) {
  await ctx.db.kpiImport.updateMany({
    where: { id, claimToken: token },
    data: {
      ...(data.status ? { status: data.status } : {}),
      ...(data.doneRows !== undefined ? { doneRows: data.doneRows } : {}),
      ...(data.summary ? { summary: JSON.stringify(data.summary) } : {}),
      ...(data.finishedAt ? { finishedAt: data.finishedAt } : {}),
      claimedUntil: data.release ? null : new Date(ctx.clock.now().getTime() + LEASE_MS),
      ...(data.release ? { claimToken: null } : {}),
    },
  });
}

const issueRows = (issues: FieldIssue[]) =>
  issues.slice(0, LISTED).map((i) => ({ line: i.path[0] === 'line' ? Number(i.path[1]) : null, field: i.path.slice(2).join('.') || null, message: i.message }));

/** Parses and resolves the file of import `id`, as its creator may. */
async function prepare(ctx: AppContext, id: string, token: string, phaseBase: ImportSummary) {
  const row = await ctx.db.kpiImport.findUniqueOrThrow({ where: { id }, include: { file: true } });
  const creator = await ctx.db.employee.findUnique({ where: { id: row.createdById }, select: { id: true, role: true, active: true } });
  const viewer = await kpiViewerOf(ctx, creator && creator.active ? creator : { id: row.createdById, role: 'employee' });
  const settings = await getKpiSettings(ctx);
  await update(ctx, id, token, { summary: { ...phaseBase, phase: 'parsing' } });
  const parsed = await parseValueCsv(row.file?.csv ?? '', (n) => update(ctx, id, token, { doneRows: Math.floor(n / 4) }));
  // A problem with the file as a whole (its header, its size) stops here; bad rows are listed with the others.
  if (parsed.issues.some((i) => i.path[0] !== 'line' || i.path[1] === 1) || !parsed.rows.length) return { issues: parsed.issues, writes: [], rows: parsed.rows.length, settings };
  await update(ctx, id, token, { summary: { ...phaseBase, phase: 'checking' } });
  const resolved = await resolveValueRows(ctx.db, parsed.rows, viewer.role === 'employee' ? { all: false, people: new Set(), teams: new Set() } : editScopeOf(viewer), settings.fiscalYearStartMonth, {
    onProgress: (n) => update(ctx, id, token, { doneRows: Math.floor(parsed.rows.length / 4 + (n * 3) / 4) }),
  });
  const issues = [...parsed.issues, ...resolved.issues].sort((a, b) => Number(a.path[1] ?? 0) - Number(b.path[1] ?? 0));
  return { issues, writes: resolved.writes, rows: parsed.rows.length + parsed.issues.length, settings };
}

/** The first changes of a plan, described for the preview (names and formatted values). */
async function listChanges(ctx: AppContext, planned: PlannedWrite[], locale: Locale): Promise<ListedChange[]> {
  const shown = planned.filter((p) => p.action !== 'unchanged').slice(0, LISTED);
  const measures = await measuresByKey(ctx);
  const settings = await getKpiSettings(ctx);
  const people = new Map((await ctx.db.employee.findMany({ where: { id: { in: shown.filter((p) => p.write.ownerKind === 'person').map((p) => p.write.ownerId) } }, select: { id: true, email: true } })).map((p) => [p.id, p.email]));
  const teams = new Map((await ctx.db.team.findMany({ where: { id: { in: shown.filter((p) => p.write.ownerKind === 'team').map((p) => p.write.ownerId) } }, select: { id: true, name: true } })).map((tm) => [tm.id, tm.name]));
  const money = { currency: settings.currency };
  return shown.map((p) => {
    const m = measures.get(p.write.measure.key)!;
    const amount = (v: bigint | null) => formatAmount(locale, m.unit as MeasureUnit, v === null ? null : fromScaled(v, m.decimals), money);
    return {
      line: Number(p.write.ref[1]),
      owner: (p.write.ownerKind === 'person' ? people : teams).get(p.write.ownerId) ?? '',
      measure: measureName(locale, m),
      period: periodName(locale, p.write.period, settings.fiscalYearStartMonth),
      action: p.action,
      old: amount(p.old),
      new: amount(p.write.value),
    };
  });
}

/** The dry run of import `id`: what each row would do, and every problem with its line. */
export async function checkImport(ctx: AppContext, id: string, locale: Locale = 'en'): Promise<boolean> {
  const token = await claim(ctx, id, ['queued', 'checking']);
  if (!token) return false;
  await update(ctx, id, token, { status: 'checking', doneRows: 0 });
  try {
    const prepared = await prepare(ctx, id, token, {});
    if (prepared.issues.length) {
      await update(ctx, id, token, { status: 'checked', doneRows: prepared.rows, summary: { rows: prepared.rows, issueCount: prepared.issues.length, issues: issueRows(prepared.issues) }, release: true });
      return true;
    }
    const plan = await planWrites(ctx.db, prepared.writes);
    await update(ctx, id, token, { status: 'checked', doneRows: prepared.rows, summary: { rows: prepared.rows, counts: plan.counts, issueCount: 0, issues: [], changes: await listChanges(ctx, plan.rows, locale) }, release: true });
    checked.set(id, { at: Date.now(), definitionsVersion: prepared.settings.definitionsVersion, writes: prepared.writes, plan, rows: prepared.rows });
    setTimeout(() => checked.delete(id), CHECKED_KEEP_MS).unref();
  } catch (err) {
    ctx.logger.error({ err, importId: id }, 'KPI import check failed');
    await update(ctx, id, token, { status: 'failed', summary: { error: 'internal' }, release: true });
  }
  return true;
}

/** Asks for import `id` to be applied (only a clean, checked import, by its creator or HR). */
export async function requestApply(ctx: AppContext, viewer: KpiViewer, id: string): Promise<void> {
  const row = await ctx.db.kpiImport.findUnique({ where: { id } });
  if (!row) throw new NotFoundError();
  if (row.createdById !== viewer.id && viewer.role !== 'hr_admin') throw new ForbiddenError();
  const summary = JSON.parse(row.summary) as ImportSummary;
  if (row.status === 'applying' || row.status === 'applied') return;
  if (row.status !== 'checked' || summary.issueCount !== 0) throw new ConflictError('This import has problems or is not checked yet; it cannot be applied');
  await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.kpiImport.updateMany({ where: { id, status: 'checked' }, data: { status: 'applying', doneRows: 0, claimToken: null, claimedUntil: null } });
    if (count) await audit(ctx, tx, { action: 'kpi.import_apply', targetKind: 'kpi_import', targetId: id, detail: { file: row.fileName, rows: row.totalRows } });
  });
}

/** Writes import `id` (status applying) in one transaction, or sends it back to checked with the problems found. */
export async function applyImport(ctx: AppContext, id: string): Promise<boolean> {
  const token = await claim(ctx, id, ['applying']);
  if (!token) return false;
  try {
    const row = await ctx.db.kpiImport.findUniqueOrThrow({ where: { id } });
    const before = JSON.parse(row.summary) as ImportSummary;
    const kept = checked.get(id);
    checked.delete(id);
    const fresh = kept && Date.now() - kept.at < CHECKED_KEEP_MS && kept.definitionsVersion === (await getKpiSettings(ctx)).definitionsVersion;
    const prepared = fresh ? { issues: [], writes: kept.writes, rows: kept.rows } : await prepare(ctx, id, token, before);
    if (prepared.issues.length) {
      await update(ctx, id, token, { status: 'checked', summary: { rows: prepared.rows, issueCount: prepared.issues.length, issues: issueRows(prepared.issues) }, release: true });
      return true;
    }
    await update(ctx, id, token, { summary: { ...before, phase: 'writing' } });
    const result = await applyWrites(ctx, prepared.writes, { source: 'csv', changedById: row.createdById, apiTokenId: null, importId: id }, fresh ? kept.plan : undefined);
    ctx.logger.info({ event: 'kpi_import_applied', importId: id, ...result.counts }, 'KPI import applied');
    await update(ctx, id, token, { status: 'applied', doneRows: prepared.rows, finishedAt: ctx.clock.now(), summary: { ...before, phase: undefined, counts: result.counts }, release: true });
    await ctx.db.kpiImportFile.deleteMany({ where: { importId: id } });
  } catch (err) {
    ctx.logger.error({ err, importId: id }, 'KPI import failed');
    await update(ctx, id, token, { status: 'failed', summary: { error: 'internal' }, release: true });
  }
  return true;
}

/** Does whatever import `id` is waiting for (check or apply); safe to call from anywhere, twice. */
export async function runImport(ctx: AppContext, id: string, locale: Locale = 'en'): Promise<void> {
  const row = await ctx.db.kpiImport.findUnique({ where: { id }, select: { status: true } });
  if (row?.status === 'queued' || row?.status === 'checking') await checkImport(ctx, id, locale);
  else if (row?.status === 'applying') await applyImport(ctx, id);
}

/** Starts `runImport` without waiting; failures are logged. */
export function runImportInBackground(ctx: AppContext, id: string, locale: Locale): void {
  runImport(ctx, id, locale).catch((err: unknown) => ctx.logger.error({ err, importId: id }, 'KPI import work failed'));
}

/** The kpi-imports job: imports waiting, or whose worker died (lease over), are taken up again. */
export async function resumeImports(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const due = await ctx.db.kpiImport.findMany({
    where: { status: { in: ['queued', 'checking', 'applying'] }, OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] },
    select: { id: true },
    orderBy: { createdAt: 'asc' },
    take: 5,
  });
  for (const d of due) await runImport(ctx, d.id);
  return due.length;
}

/** What the import page shows. */
export async function importPage(ctx: AppContext, viewer: KpiViewer, id: string, locale: Locale) {
  const row = await ctx.db.kpiImport.findUnique({ where: { id } });
  if (!row) throw new NotFoundError();
  if (row.createdById !== viewer.id && viewer.role !== 'hr_admin') throw new ForbiddenError();
  const summary = JSON.parse(row.summary) as ImportSummary;
  const status = row.status as ImportStatus;
  const working = status === 'queued' || status === 'checking' || status === 'applying';
  return {
    id,
    status,
    statusText: t(locale, `kpis.import.status.${status}`),
    fileName: row.fileName,
    working,
    phase: summary.phase ? t(locale, `kpis.import.phase.${summary.phase}`) : null,
    progress: { done: row.doneRows, total: Math.max(row.totalRows, row.doneRows, 1), text: t(locale, 'kpis.import.progress', { done: formatNumber(locale, row.doneRows), total: formatNumber(locale, row.totalRows) }) },
    counts: summary.counts ?? null,
    issueCount: summary.issueCount ?? 0,
    issues: summary.issues ?? [],
    moreIssues: Math.max(0, (summary.issueCount ?? 0) - (summary.issues?.length ?? 0)),
    changes: summary.changes ?? [],
    moreChanges: summary.counts ? Math.max(0, summary.counts.create + summary.counts.update - (summary.changes?.length ?? 0)) : 0,
    canApply: status === 'checked' && summary.issueCount === 0 && !!summary.counts && summary.counts.create + summary.counts.update > 0,
    nothingToDo: status === 'checked' && summary.issueCount === 0 && !!summary.counts && summary.counts.create + summary.counts.update === 0,
    failed: status === 'failed',
    applied: status === 'applied',
  };
}
