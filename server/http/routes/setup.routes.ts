/** First run: while setup has never run, /setup creates the first HR admin and signs them in; afterwards it is closed for good. */
import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context';
import { createFirstAdmin, needsSetup, setupNeedsPassword, setupSchema } from '../../domain/auth/setup.service';
import { startSession } from '../../domain/auth/sessions.service';
import { ValidationError, type FieldIssue } from '../../errors';
import { fieldErrors, issuesOf } from '../validation';
import { setCookie } from '../middleware/cookies';
import { SESSION_COOKIE } from '../middleware/session';
import { failureLimit } from '../middleware/failure-limit';
import { timeZoneChoices } from '../forms/schedule-form';

export function setupRoutes(ctx: AppContext): Router {
  const router = Router();
  // The zone is a list of every zone this runtime knows; on a first visit a small script picks the browser's
  // (views/assets/time-zone-default.js), and without scripts UTC stays chosen.
  const render = (res: Response, status: number, values: Record<string, unknown>, issues: FieldIssue[] = []) =>
    res.status(status).render('pages/setup', {
      values,
      errors: fieldErrors(issues),
      passwordRequired: setupNeedsPassword(ctx),
      timeZones: timeZoneChoices(typeof values.timeZone === 'string' ? values.timeZone : 'UTC'),
      browserZone: status === 200,
      scripts: ['time-zone-default.js'],
    });
  const typed = (req: Request) => {
    const { password: _pw, ...values } = req.body as Record<string, unknown>;
    return values;
  };

  router.get('/setup', async (_req, res) => {
    if (!(await needsSetup(ctx))) return res.redirect(303, '/login');
    render(res, 200, { timeZone: 'UTC' });
  });
  router.post('/setup', failureLimit(ctx, 'setup'), async (req, res) => {
    if (!(await needsSetup(ctx))) return res.redirect(303, '/login');
    const parsed = setupSchema.safeParse(req.body);
    if (!parsed.success) return render(res, 400, typed(req), issuesOf(parsed.error));
    let admin;
    try {
      admin = await createFirstAdmin(ctx, parsed.data);
    } catch (err) {
      if (err instanceof ValidationError) return render(res, 400, typed(req), err.issues);
      throw err;
    }
    await req.attempt?.succeeded();
    setCookie(res, ctx.config, SESSION_COOKIE, await startSession(ctx, admin.id), ctx.config.SESSION_ABSOLUTE_DAYS * 86400);
    ctx.logger.info({ event: 'setup_done', employeeId: admin.id }, 'first HR admin created');
    res.redirect(303, '/');
  });
  return router;
}
