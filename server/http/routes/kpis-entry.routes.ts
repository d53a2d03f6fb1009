/** Entering numbers: the grid (a team's people × measures for one period) and one value's page with its history. */
import { Router } from 'express';
import type { AppContext } from '../../context';
import { t } from '../../i18n/i18n';
import { entryPage, saveEntry } from '../../domain/kpis/entry.service';
import { saveValue, valuePage } from '../../domain/kpis/value-history.service';
import { kpiGate, kpiViewer } from './kpis-gate';

export function kpiEntryRoutes(ctx: AppContext): Router {
  const router = Router();
  const tz = (res: { locals: Record<string, unknown> }) => String(res.locals.timeZone ?? 'UTC');

  router.get('/kpis/entry', ...kpiGate(ctx, 'enter'), async (req, res) => {
    const page = await entryPage(ctx, kpiViewer(req), req.query, req.locale);
    res.render('pages/kpis/entry', { title: t(req.locale, 'kpis.entry.title'), ...page, saved: req.query.saved });
  });

  router.post('/kpis/entry', ...kpiGate(ctx, 'enter'), async (req, res) => {
    const outcome = await saveEntry(ctx, kpiViewer(req), req.body as Record<string, unknown>, req.locale);
    if (outcome.saved) {
      ctx.logger.info({ event: 'kpi_values_entered', changed: outcome.changed, by: kpiViewer(req).id }, 'KPI values entered');
      return res.redirect(303, outcome.redirect);
    }
    const page = await entryPage(ctx, kpiViewer(req), outcome.query, req.locale, outcome.typed, outcome.errors);
    res.status(400).render('pages/kpis/entry', { title: t(req.locale, 'kpis.entry.title'), ...page, formError: outcome.message, reason: (req.body as { reason?: string }).reason });
  });

  router.get('/kpis/values/:id', ...kpiGate(ctx, 'value'), async (req, res) => {
    const page = await valuePage(ctx, kpiViewer(req), String(req.params.id), req.locale, tz(res));
    res.render('pages/kpis/value', { title: t(req.locale, 'kpis.value.title', { measure: page.measure, owner: page.owner }), ...page, saved: req.query.saved === '1' });
  });

  router.post('/kpis/values/:id', ...kpiGate(ctx, 'value'), async (req, res) => {
    const id = String(req.params.id);
    const body = req.body as { value?: string; reason?: string };
    const problem = await saveValue(ctx, kpiViewer(req), id, body, req.locale);
    if (!problem) return res.redirect(303, `/kpis/values/${id}?saved=1`);
    const page = await valuePage(ctx, kpiViewer(req), id, req.locale, tz(res), { value: body.value ?? '', reason: body.reason ?? '', error: problem });
    res.status(400).render('pages/kpis/value', { title: t(req.locale, 'kpis.value.title', { measure: page.measure, owner: page.owner }), ...page });
  });
  return router;
}
