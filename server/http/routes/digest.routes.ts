/**
 * Turning the weekly digest off from its email, without signing in: GET shows one button (opening the link changes
 * nothing, so mail scanners cannot turn it off), POST turns it off. The link's signature is checked both times.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { NotFoundError } from '../../errors';
import { t } from '../../i18n/i18n';
import { optOut, validOptOut } from '../../domain/digest/digest-opt-out.service';
import { parseOrThrow } from '../validation';

const optOutParams = z.object({ managerId: z.uuid(), sig: z.string().min(20).max(100) });

export function digestRoutes(ctx: AppContext): Router {
  const router = Router();
  const checked = (req: Request) => {
    const p = parseOrThrow(optOutParams, req.params, t(req.locale, 'error.validation_failed'));
    if (!validOptOut(ctx, p.managerId, p.sig)) throw new NotFoundError();
    return p;
  };
  router.use('/digest/off', (_req, res, next) => {
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  router.get('/digest/off/:managerId/:sig', (req, res) => {
    const p = checked(req);
    res.render('pages/digest-off', { title: t(req.locale, 'digest.off.title'), action: `/digest/off/${p.managerId}/${p.sig}`, done: false });
  });
  router.post('/digest/off/:managerId/:sig', async (req, res) => {
    const p = checked(req);
    await optOut(ctx, p.managerId);
    ctx.logger.info({ event: 'digest_opted_out', managerId: p.managerId }, 'weekly digest turned off');
    res.render('pages/digest-off', { title: t(req.locale, 'digest.off.title'), done: true });
  });
  return router;
}
