/** HR closing an open round early (after a confirmation page) or extending its window (round-window.service.ts). */
import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context';
import { closeRoundEarly, extendRound, extendSchema, roundToClose } from '../../domain/rounds/round-window.service';
import { requireRole, requireSignedIn } from '../middleware/authorize';
import { fieldErrors, issuesOf } from '../validation';
import { t } from '../../i18n/i18n';

const hrOnly = [requireSignedIn, requireRole('hr_admin')];

export function roundWindowRoutes(ctx: AppContext): Router {
  const router = Router();
  const page = async (req: Request, res: Response, view: 'close' | 'extend', status = 200, values: Record<string, unknown> = {}, errors: Record<string, string> = {}) => {
    const round = await roundToClose(ctx, String(req.params.id));
    res.status(status).render(`pages/surveys/round-${view}`, { title: t(req.locale, `roundWindow.${view}.pageTitle`), round, values, errors });
  };

  router.get('/admin/rounds/:id/close', ...hrOnly, (req, res) => page(req, res, 'close'));
  router.post('/admin/rounds/:id/close', ...hrOnly, async (req, res) => {
    await closeRoundEarly(ctx, String(req.params.id));
    ctx.logger.info({ event: 'round_closed_early', roundId: req.params.id, by: req.auth!.employee.id }, 'round closed early');
    res.redirect(303, `/admin/rounds/${String(req.params.id)}`);
  });

  router.get('/admin/rounds/:id/extend', ...hrOnly, (req, res) => page(req, res, 'extend', 200, { days: '2' }));
  router.post('/admin/rounds/:id/extend', ...hrOnly, async (req, res) => {
    const parsed = extendSchema.safeParse(req.body);
    if (!parsed.success) return page(req, res, 'extend', 400, req.body as Record<string, unknown>, fieldErrors(issuesOf(parsed.error)));
    const closesAt = await extendRound(ctx, String(req.params.id), parsed.data);
    ctx.logger.info({ event: 'round_extended', roundId: req.params.id, closesAt, by: req.auth!.employee.id }, 'round window extended');
    res.redirect(303, `/admin/rounds/${String(req.params.id)}`);
  });
  return router;
}
