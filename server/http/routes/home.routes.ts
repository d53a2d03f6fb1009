import { Router } from 'express';
import type { AppContext } from '../../context';
import { needsSetup } from '../../domain/auth/setup.service';
import { requireSignedIn } from '../middleware/authorize';
import { homeSummary } from '../../domain/home/home.service';

/** The start page: first-run setup when nobody can sign in yet, else the person's home. */
export function homeRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/', async (req, res, next) => {
    if (!req.auth && (await needsSetup(ctx))) return res.redirect(303, '/setup');
    next();
  }, requireSignedIn, async (req, res) => {
    res.render('pages/home', await homeSummary(ctx, req.auth!.employee));
  });
  return router;
}
