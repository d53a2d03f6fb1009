/**
 * Results pages. Every route passes the one access table (RESULTS_ACCESS) first, then the object rules in
 * the services (which round, which team, which groups).
 */
import { Router, type Request, type RequestHandler } from 'express';
import type { AppContext } from '../../context';
import { ForbiddenError, NotFoundError } from '../../errors';
import { t } from '../../i18n/i18n';
import { mayUse, type ResultsAction, type Viewer } from '../../domain/results/access';
import { viewerOf } from '../../domain/results/viewer.service';
import { overviewPage, pendingRound, PERIOD_MONTHS, roundPage, teamPage, type PeriodMonths } from '../../domain/results/pages.service';
import { setPublished } from '../../domain/results/result-rounds.service';
import { roundCsv } from '../../domain/results/export.service';
import { getThresholds, saveThresholds } from '../../domain/results/settings.service';
import { thresholdsSchema } from '../../domain/results/settings.schema';
import { requireSignedIn } from '../middleware/authorize';
import { issuesOf } from '../validation';

/** The viewer each gated request resolved, for its handler. */
const viewers = new WeakMap<Request, Viewer>();

/** Signed in, allowed by the table for `action`, and the viewer's scope resolved into res.locals. */
function gate(ctx: AppContext, action: ResultsAction): RequestHandler[] {
  return [
    requireSignedIn,
    async (req, _res, next) => {
      const viewer = await viewerOf(ctx, req.auth!.employee);
      if (!mayUse(viewer, action)) {
        ctx.logger.warn({ event: 'results_access_refused', action, by: viewer.id }, 'results access refused');
        return next(new ForbiddenError());
      }
      viewers.set(req, viewer);
      next();
    },
  ];
}

const months = (raw: unknown): PeriodMonths => (PERIOD_MONTHS as readonly number[]).includes(Number(raw)) ? (Number(raw) as PeriodMonths) : 12;

export function resultsRoutes(ctx: AppContext): Router {
  const router = Router();
  const viewer = (req: Request) => viewers.get(req) as Viewer;
  const tz = (res: { locals: Record<string, unknown> }) => String(res.locals.timeZone ?? 'UTC');

  router.get('/results', ...gate(ctx, 'overview'), async (req, res) => {
    const page = await overviewPage(ctx, viewer(req), req.locale, tz(res), months(req.query.months));
    res.render('pages/results/overview', { title: t(req.locale, 'results.overview.title'), ...page });
  });

  router.get('/results/rounds/:id', ...gate(ctx, 'round'), async (req, res) => {
    // A round still open (or closed a moment ago, answers not yet released): say when results appear.
    const pending = await pendingRound(ctx, viewer(req), String(req.params.id));
    if (pending) return res.render('pages/results/pending', { title: pending.title, pending });
    const page = await roundPage(ctx, viewer(req), String(req.params.id), req.locale);
    res.render('pages/results/round', { title: page.round.title, ...page, published: req.query.published });
  });

  router.get('/results/rounds/:id/export.csv', ...gate(ctx, 'export'), async (req, res) => {
    const { filename, csv } = await roundCsv(ctx, String(req.params.id), viewer(req));
    res.type('text/csv; charset=utf-8').attachment(filename).send(`\uFEFF${csv}`);
  });

  for (const [path, value] of [['publish', true], ['unpublish', false]] as const) {
    router.post(`/results/rounds/:id/${path}`, ...gate(ctx, 'publish'), async (req, res) => {
      const id = String(req.params.id);
      if (!(await setPublished(ctx, id, value))) throw new NotFoundError();
      ctx.logger.info({ event: value ? 'results_published' : 'results_unpublished', roundId: id, by: viewer(req).id }, 'results publication changed');
      res.redirect(303, `/results/rounds/${id}?published=${value ? '1' : '0'}`);
    });
  }

  router.get('/results/teams/:id', ...gate(ctx, 'team'), async (req, res) => {
    const page = await teamPage(ctx, viewer(req), String(req.params.id), req.locale, tz(res));
    res.render('pages/results/team', { title: page.team.name, ...page });
  });

  router.get('/admin/results/settings', ...gate(ctx, 'settings'), async (req, res) => {
    res.render('pages/results/settings', { title: t(req.locale, 'results.settings.title'), values: await getThresholds(ctx), saved: req.query.saved === '1' });
  });

  router.post('/admin/results/settings', ...gate(ctx, 'settings'), async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const parsed = thresholdsSchema.safeParse({ minGroupSize: body.minGroupSize, minCommentGroupSize: body.minCommentGroupSize });
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of issuesOf(parsed.error)) errors[String(issue.path[0])] ??= t(req.locale, issue.message);
      return res.status(400).render('pages/results/settings', { title: t(req.locale, 'results.settings.title'), values: { minGroupSize: body.minGroupSize, minCommentGroupSize: body.minCommentGroupSize }, errors });
    }
    await saveThresholds(ctx, parsed.data);
    ctx.logger.info({ event: 'results_thresholds_saved', by: viewer(req).id, ...parsed.data }, 'thresholds saved');
    res.redirect(303, '/admin/results/settings?saved=1');
  });

  return router;
}
