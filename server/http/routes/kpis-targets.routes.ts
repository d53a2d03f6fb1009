/** SMART targets: the form (with the owner's recent actuals), saving for one or more periods, changing and deleting. */
import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context';
import { StaleCopyError, ValidationError } from '../../errors';
import { t } from '../../i18n/i18n';
import { deleteTarget, saveTargets, targetById, targetFormPage } from '../../domain/kpis/targets.service';
import { fieldErrors } from '../validation';
import { kpiGate, kpiViewer } from './kpis-gate';

export function kpiTargetRoutes(ctx: AppContext): Router {
  const router = Router();
  const render = async (req: Request, res: Response, query: Record<string, unknown>, typed?: Parameters<typeof targetFormPage>[4], status = 200) => {
    const page = await targetFormPage(ctx, kpiViewer(req), query, req.locale, typed);
    res.status(status).render('pages/kpis/target', { title: t(req.locale, 'kpis.target.title', { name: page.owner.name }), ...page, saved: req.query.saved, deleted: req.query.deleted === '1', stale: status === 409 });
  };

  router.get('/kpis/targets/new', ...kpiGate(ctx, 'targets'), (req, res) => render(req, res, req.query));

  router.get('/kpis/targets/:id', ...kpiGate(ctx, 'targets'), async (req, res) => {
    const { query } = await targetById(ctx, kpiViewer(req), String(req.params.id));
    await render(req, res, query);
  });

  router.post('/kpis/targets', ...kpiGate(ctx, 'targets'), async (req, res) => {
    const body = req.body as Record<string, string | undefined>;
    try {
      const saved = await saveTargets(ctx, kpiViewer(req), { kpi: body.kpi, owner: body.owner, period: body.period, value: body.value, goal: body.goal, repeat: body.repeat, seen: body.seen }, req.locale);
      res.redirect(303, saved.backHref);
    } catch (err) {
      const typed = { value: body.value ?? '', goal: body.goal ?? '', repeat: body.repeat ?? '1' };
      // A stale copy: the page comes back with this editor's values kept, and the stored target's copy, so a deliberate resave wins.
      if (err instanceof StaleCopyError) return render(req, res, body, { ...typed, errors: {} }, 409);
      if (!(err instanceof ValidationError)) throw err;
      await render(req, res, body, { ...typed, errors: fieldErrors(err.issues) }, 400);
    }
  });

  router.post('/kpis/targets/:id/delete', ...kpiGate(ctx, 'targets'), async (req, res) => {
    res.redirect(303, await deleteTarget(ctx, kpiViewer(req), String(req.params.id)));
  });
  return router;
}
