/**
 * 1:1 series pages: the overview (a manager's reports, and everyone's own 1:1s), setting up a series, a pair's
 * history (searchable) with the series' settings, and pause / resume / end. Content is the pair's only: the
 * services answer "not found" to anyone else (domain/one-on-ones/access.ts).
 */
import { Router, type Request, type Response } from 'express';
import { ConflictError } from '../../errors';
import type { AppContext } from '../../context';
import { t } from '../../i18n/i18n';
import { historyQuerySchema, newSeriesSchema, seriesInputSchema } from '../../domain/one-on-ones/one-on-one.schema';
import { changeSeries, createSeries, endSeries, newSeriesForm, setSeriesPaused } from '../../domain/one-on-ones/series.service';
import { myPairs, pairHistory } from '../../domain/one-on-ones/history.service';
import { managerOverview } from '../../domain/one-on-ones/overview.service';
import { requireSignedIn } from '../middleware/authorize';
import { fieldErrors, issuesOf, parseOrThrow } from '../validation';
import { seriesChoices, seriesFieldsOf, seriesFormValues, translateOneOnOneErrors } from '../forms/one-on-one-form';

/** 1:1 pages hold personal conversations: never cached, never sent as a Referer. */
export function keepOneOnOnePrivate(res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
}

export function oneOnOnesRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use('/one-on-ones', requireSignedIn, (_req, res, next) => {
    keepOneOnOnePrivate(res);
    next();
  });
  const me = (req: Request) => req.auth!.employee.id;

  router.get('/one-on-ones', async (req, res) => {
    const [overview, pairs] = await Promise.all([managerOverview(ctx, me(req)), myPairs(ctx, me(req))]);
    res.render('pages/one-on-ones/overview', {
      title: t(req.locale, 'oneOnOnes.overview.title'),
      overview,
      asReport: pairs.filter((p) => p.role === 'report'),
      ended: pairs.filter((p) => p.role === 'manager' && p.status === 'ended'),
      timeZone: req.auth!.employee.timeZone,
    });
  });

  const renderNew = async (req: Request, res: Response, reportId: string, status = 200, submitted?: Record<string, unknown>, errors: Record<string, string> = {}) => {
    const form = await newSeriesForm(ctx, me(req), reportId);
    const values = seriesFormValues(submitted ?? form.defaults);
    res.status(status).render('pages/one-on-ones/series-new', { title: t(req.locale, 'oneOnOnes.new.title', { name: form.report.name }), report: form.report, values, errors, ...seriesChoices(req.locale, values) });
  };

  router.get('/one-on-ones/new', async (req, res) => {
    const { reportId } = parseOrThrow(newSeriesSchema, { reportId: req.query.report });
    await renderNew(req, res, reportId);
  });

  router.post('/one-on-ones', async (req, res) => {
    const { reportId } = parseOrThrow(newSeriesSchema, req.body);
    const raw = seriesFieldsOf(req.body);
    const parsed = seriesInputSchema.safeParse(raw);
    if (!parsed.success) return renderNew(req, res, reportId, 400, raw, translateOneOnOneErrors(req.locale, fieldErrors(issuesOf(parsed.error))));
    const series = await createSeries(ctx, me(req), reportId, parsed.data);
    ctx.logger.info({ event: 'one_on_one_series_created', seriesId: series.id, by: me(req) }, '1:1 series set up');
    res.redirect(303, `/one-on-ones/series/${series.id}?saved=1`);
  });

  const renderSeries = async (req: Request, res: Response, status = 200, submitted?: Record<string, unknown>, errors: Record<string, string> = {}) => {
    const query = parseOrThrow(historyQuerySchema, req.query);
    const history = await pairHistory(ctx, me(req), String(req.params.id), query);
    // An ended series shows no form to put the errors next to: the edit is refused as such.
    if (status === 400 && history.series.status === 'ended') throw new ConflictError('This series has ended');
    const values = seriesFormValues(submitted ?? history.series);
    res.status(status).render('pages/one-on-ones/series', {
      title: t(req.locale, 'oneOnOnes.series.title', { name: history.other.name }),
      ...history,
      isManager: history.role === 'manager',
      live: history.series.status !== 'ended',
      values,
      errors,
      ...seriesChoices(req.locale, values),
      saved: req.query.saved === '1',
      olderPage: history.page < history.pages ? history.page + 1 : null,
      newerPage: history.page > 1 ? history.page - 1 : null,
      timeZone: req.auth!.employee.timeZone,
    });
  };

  router.get('/one-on-ones/series/:id', (req, res) => renderSeries(req, res));

  router.post('/one-on-ones/series/:id', async (req, res) => {
    const raw = seriesFieldsOf(req.body);
    const parsed = seriesInputSchema.safeParse(raw);
    if (!parsed.success) return renderSeries(req, res, 400, raw, translateOneOnOneErrors(req.locale, fieldErrors(issuesOf(parsed.error))));
    await changeSeries(ctx, me(req), String(req.params.id), parsed.data);
    ctx.logger.info({ event: 'one_on_one_series_changed', seriesId: req.params.id, by: me(req) }, '1:1 series changed');
    res.redirect(303, `/one-on-ones/series/${String(req.params.id)}?saved=1`);
  });

  for (const action of ['pause', 'resume', 'end'] as const) {
    router.post(`/one-on-ones/series/:id/${action}`, async (req, res) => {
      const id = String(req.params.id);
      if (action === 'end') await endSeries(ctx, me(req), id);
      else await setSeriesPaused(ctx, me(req), id, action === 'pause');
      ctx.logger.info({ event: `one_on_one_series_${action}`, seriesId: id, by: me(req) }, '1:1 series changed');
      res.redirect(303, `/one-on-ones/series/${id}`);
    });
  }
  return router;
}
