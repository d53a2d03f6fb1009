/** Reading the audit log: HR's filtered, paged list and its CSV export. */
import type { AppContext } from '../../context';
import { toCsv } from '../shared/csv';
import { AUDIT_ACTIONS, type AuditAction } from './audit.service';

export interface AuditFilter {
  actorId?: string;
  action?: AuditAction;
  /** Inclusive UTC dates, YYYY-MM-DD. */
  from?: string;
  to?: string;
}

export const AUDIT_PAGE_SIZE = 50;
const EXPORT_LIMIT = 100_000;

function where(f: AuditFilter) {
  const at: { gte?: Date; lt?: Date } = {};
  if (f.from) at.gte = new Date(`${f.from}T00:00:00Z`);
  if (f.to) at.lt = new Date(new Date(`${f.to}T00:00:00Z`).getTime() + 86_400_000);
  return {
    ...(f.actorId ? { actorId: f.actorId } : {}),
    ...(f.action ? { action: f.action } : {}),
    ...(f.from || f.to ? { at } : {}),
  };
}

export async function listAuditEvents(ctx: AppContext, f: AuditFilter, page = 1) {
  const [total, rows] = await Promise.all([
    ctx.db.auditEvent.count({ where: where(f) }),
    ctx.db.auditEvent.findMany({ where: where(f), orderBy: [{ at: 'desc' }, { id: 'desc' }], skip: (page - 1) * AUDIT_PAGE_SIZE, take: AUDIT_PAGE_SIZE }),
  ]);
  return { total, pages: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)), events: rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> })) };
}

/** The people who appear as actors, for the filter. */
export async function auditActors(ctx: AppContext) {
  const rows = await ctx.db.auditEvent.findMany({ where: { actorId: { not: null } }, distinct: ['actorId'], select: { actorId: true, actorName: true }, orderBy: { actorName: 'asc' } });
  return rows.map((r) => ({ id: r.actorId as string, name: r.actorName }));
}

export function isAuditAction(v: unknown): v is AuditAction {
  return typeof v === 'string' && (AUDIT_ACTIONS as readonly string[]).includes(v);
}

/** The filtered log as CSV (newest first), cells defused for spreadsheets by toCsv. */
export async function auditCsv(ctx: AppContext, f: AuditFilter): Promise<string> {
  const rows = await ctx.db.auditEvent.findMany({ where: where(f), orderBy: [{ at: 'desc' }, { id: 'desc' }], take: EXPORT_LIMIT });
  return toCsv([
    ['at', 'actor_id', 'actor_name', 'via', 'action', 'target_kind', 'target_id', 'detail'],
    ...rows.map((r) => [r.at.toISOString(), r.actorId ?? '', r.actorName, r.via, r.action, r.targetKind, r.targetId, r.detail]),
  ]);
}
