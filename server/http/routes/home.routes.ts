import { Router } from 'express';
import type { AppContext } from '../../context';
import { t } from '../../i18n/i18n';
import { needsSetup } from '../../domain/auth/setup.service';
import { answerLinkFor } from '../../domain/home/employee-home.service';
import { answerRoundSchema, homeQuerySchema } from '../../domain/home/home.schema';
import { homeSummary } from '../../domain/home/home.service';
import { requireSignedIn } from '../middleware/authorize';
import { parseOrThrow } from '../validation';

/**
 * The start page: first-run setup when nobody can sign in yet, else the person's home (HR's overview, the
 * manager's team page, an employee's own page). "Answer now" posts here and is redirected to the person's own
 * survey link, recovered on the server (the link never appears in the page).
 */
export function homeRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/', async (req, res, next) => {
    if (!req.auth && (await needsSetup(ctx))) return res.redirect(303, '/setup');
    next();
  }, requireSignedIn, async (req, res) => {
    const query = parseOrThrow(homeQuerySchema, req.query, t(req.locale, 'error.validation_failed'));
    res.setHeader('Cache-Control', 'no-store');
    res.render('pages/home', { ...(await homeSummary(ctx, req.auth!.employee, query, req.locale)), surveyGone: query.survey === 'gone' });
  });
  router.post('/home/answer/:roundId', requireSignedIn, async (req, res) => {
    const { roundId } = parseOrThrow(answerRoundSchema, req.params, t(req.locale, 'error.validation_failed'));
    const link = await answerLinkFor(ctx, req.auth!.employee.id, roundId);
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (!link) return res.redirect(303, '/?survey=gone');
    res.redirect(303, link);
  });
  return router;
}
