/** /admin/audit: HR's audit log of admin actions (filter by who, action and dates; paged) and its CSV export. */
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { t } from '../../i18n/i18n';
import { AUDIT_ACTIONS } from '../../domain/audit/audit.service';
import { auditActors, auditCsv, listAuditEvents, type AuditFilter } from '../../domain/audit/audit-log.service';
import { requireRole, requireSignedIn } from '../middleware/authorize';
import { fieldErrors, issuesOf } from '../validation';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date as YYYY-MM-DD').refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'Enter a date as YYYY-MM-DD');
const emptyToUndefined = (v: unknown) => (v === '' || v === undefined ? undefined : v);
export const auditFilterSchema = z.object({
  actor: z.preprocess(emptyToUndefined, z.uuid('Choose someone from the list').optional()),
  action: z.preprocess(emptyToUndefined, z.enum(AUDIT_ACTIONS, 'Choose an action from the list').optional()),
  from: z.preprocess(emptyToUndefined, day.optional()),
  to: z.preprocess(emptyToUndefined, day.optional()),
  page: z.preprocess(emptyToUndefined, z.coerce.number().int('Not a page number').min(1, 'Not a page number').max(100_000, 'Not a page number').optional()),
});

/** The query's filter, or the field errors (only the first value of a repeated parameter counts). */
function readFilter(req: Request) {
  const q: Record<string, unknown> = {};
  for (const k of ['actor', 'action', 'from', 'to', 'page']) {
    const v = req.query[k];
    q[k] = Array.isArray(v) ? v[0] : typeof v === 'string' ? v : undefined;
  }
  const parsed = auditFilterSchema.safeParse(q);
  if (!parsed.success) return { errors: fieldErrors(issuesOf(parsed.error)), raw: q };
  const d = parsed.data;
  const filter: AuditFilter = { actorId: d.actor, action: d.action, from: d.from, to: d.to };
  return { filter, page: d.page ?? 1, raw: q };
}

function queryString(f: AuditFilter, page?: number): string {
  const p = new URLSearchParams();
  if (f.actorId) p.set('actor', f.actorId);
  if (f.action) p.set('action', f.action);
  if (f.from) p.set('from', f.from);
  if (f.to) p.set('to', f.to);
  if (page) p.set('page', String(page));
  return p.toString();
}

export function auditRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use('/admin/audit', requireSignedIn, requireRole('hr_admin'));

  router.get('/admin/audit', async (req, res) => {
    const read = readFilter(req);
    const actors = await auditActors(ctx);
    const choices = {
      actors: actors.map((a) => ({ ...a, selected: a.id === read.raw.actor })),
      actions: AUDIT_ACTIONS.map((a) => ({ value: a, label: t(req.locale, `audit.action.${a}`), selected: a === read.raw.action })),
    };
    if (!('filter' in read) || !read.filter) {
      return res.status(400).render('pages/admin/audit', { title: t(req.locale, 'audit.title'), ...choices, values: read.raw, errors: read.errors, events: [] });
    }
    const { filter, page } = read;
    const list = await listAuditEvents(ctx, filter, page);
    res.render('pages/admin/audit', {
      title: t(req.locale, 'audit.title'),
      ...choices,
      values: read.raw,
      total: list.total,
      page,
      pages: list.pages,
      events: list.events.map((e) => ({
        ...e,
        actionLabel: (AUDIT_ACTIONS as readonly string[]).includes(e.action) ? t(req.locale, `audit.action.${e.action}`) : e.action,
        viaLabel: t(req.locale, `audit.via.${e.via}`),
        details: Object.entries(e.detail).map(([k, v]) => ({ key: k, value: Array.isArray(v) ? v.join(', ') : String(v) })),
      })),
      prevHref: page > 1 ? `/admin/audit?${queryString(filter, page - 1)}` : null,
      nextHref: page < list.pages ? `/admin/audit?${queryString(filter, page + 1)}` : null,
      exportHref: `/admin/audit/export.csv?${queryString(filter)}`,
    });
  });

  router.get('/admin/audit/export.csv', async (req, res) => {
    const read = readFilter(req);
    if (!('filter' in read) || !read.filter) return res.status(400).json({ error: { id: 'validation', fields: read.errors } });
    res.attachment('pulse-audit-log.csv');
    res.type('text/csv; charset=utf-8').send(await auditCsv(ctx, read.filter));
  });
  return router;
}
