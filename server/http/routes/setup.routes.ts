/** First run: while no HR admin exists, /setup creates one and signs them in; afterwards it is closed. */
import { Router } from 'express';
import type { AppContext } from '../../context';
import { createFirstAdmin, needsSetup, setupSchema } from '../../domain/auth/setup.service';
import { startSession } from '../../domain/auth/sessions.service';
import { fieldErrors, issuesOf } from '../validation';
import { setCookie } from '../middleware/cookies';
import { SESSION_COOKIE } from '../middleware/session';
import { attemptLimiter } from '../middleware/rate-limit';

export function setupRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/setup', async (_req, res) => {
    if (!(await needsSetup(ctx))) return res.redirect(303, '/login');
    res.render('pages/setup', { values: { timeZone: 'UTC' } });
  });
  router.post('/setup', attemptLimiter(20, 15), async (req, res) => {
    if (!(await needsSetup(ctx))) return res.redirect(303, '/login');
    const parsed = setupSchema.safeParse(req.body);
    if (!parsed.success) {
      const { password: _pw, ...values } = req.body as Record<string, unknown>;
      return res.status(400).render('pages/setup', { values, errors: fieldErrors(issuesOf(parsed.error)) });
    }
    const admin = await createFirstAdmin(ctx, parsed.data);
    setCookie(res, ctx.config, SESSION_COOKIE, await startSession(ctx, admin.id), ctx.config.SESSION_ABSOLUTE_DAYS * 86400);
    ctx.logger.info({ event: 'setup_done', employeeId: admin.id }, 'first HR admin created');
    res.redirect(303, '/');
  });
  return router;
}
