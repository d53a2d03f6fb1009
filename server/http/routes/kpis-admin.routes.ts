/** HR's KPI pages: switch catalogue KPIs on and off, custom measures and KPIs (formulas checked with positions), settings. */
import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context';
import { ConflictError, ValidationError } from '../../errors';
import { t } from '../../i18n/i18n';
import { FormulaError } from '../../domain/kpis/formula';
import { AGGREGATIONS, KPI_UNITS, LEVELS, MEASURE_UNITS } from '../../domain/kpis/catalogue';
import { GRAINS } from '../../domain/kpis/periods';
import { formulaErrorView, kpiAdminPage, measureChoices } from '../../domain/kpis/kpi-admin.service';
import { createMeasure, enableCatalogueKpi, getKpi, saveCustomKpi, setKpiActive } from '../../domain/kpis/kpi-definitions.service';
import { customKpiInputSchema, measureInputSchema } from '../../domain/kpis/kpi.schema';
import { COMMON_CURRENCIES, CURRENCIES, kpiSettingsSchema } from '../../domain/kpis/kpi-settings.schema';
import { getKpiSettings, saveKpiSettings } from '../../domain/kpis/kpi-settings.service';
import { fieldErrors, issuesOf } from '../validation';
import { kpiGate, kpiViewer } from './kpis-gate';

const MONTHS = Array.from({ length: 12 }, (_, i) => i + 1);

/** Options of a select whose labels are kpis.<group>.<value>. */
const options = (req: Request, values: readonly string[], group: string, selected: unknown) =>
  values.map((value) => ({ value, label: t(req.locale, `kpis.${group}.${value}`), selected: value === selected }));

export function kpiAdminRoutes(ctx: AppContext): Router {
  const router = Router();
  const gate = kpiGate(ctx, 'manage');

  router.get('/admin/kpis', ...gate, async (req, res) => {
    res.render('pages/kpis/admin', { title: t(req.locale, 'kpis.admin.title'), ...(await kpiAdminPage(ctx, req.locale)), done: req.query.done });
  });

  router.post('/admin/kpis/catalogue/:key', ...gate, async (req, res) => {
    const kpi = await enableCatalogueKpi(ctx, String(req.params.key));
    ctx.logger.info({ event: 'kpi_enabled', kpi: kpi.key, by: kpiViewer(req).id }, 'KPI switched on');
    res.redirect(303, '/admin/kpis?done=on');
  });

  router.post('/admin/kpis/:id/active', ...gate, async (req, res) => {
    const active = (req.body as { active?: string }).active === '1';
    await setKpiActive(ctx, String(req.params.id), active);
    ctx.logger.info({ event: active ? 'kpi_enabled' : 'kpi_disabled', kpiId: req.params.id, by: kpiViewer(req).id }, 'KPI switched');
    res.redirect(303, `/admin/kpis?done=${active ? 'on' : 'off'}`);
  });

  const kpiForm = async (req: Request, res: Response, locals: { id?: string; values: Record<string, unknown> } & Record<string, unknown>, status = 200) =>
    res.status(status).render('pages/kpis/kpi-form', {
      title: t(req.locale, locals.id ? 'kpis.custom.editTitle' : 'kpis.custom.title'),
      measures: await measureChoices(ctx, req.locale),
      units: options(req, KPI_UNITS, 'unit', locals.values.unit),
      ...locals,
    });

  router.get('/admin/kpis/new', ...gate, (req, res) => kpiForm(req, res, { values: { unit: 'count', direction: 'higher', kind: 'performance' } }));

  router.get('/admin/kpis/:id/edit', ...gate, async (req, res) => {
    const kpi = await getKpi(ctx, String(req.params.id));
    if (kpi.catalogue) throw new ConflictError('Catalogue KPIs keep their formula; make a custom KPI instead');
    await kpiForm(req, res, { id: kpi.id, values: { ...kpi } });
  });

  const measureForm = (req: Request, res: Response, locals: { values: Record<string, unknown> } & Record<string, unknown>, status = 200) =>
    res.status(status).render('pages/kpis/measure-form', {
      title: t(req.locale, 'kpis.measureForm.title'),
      units: options(req, MEASURE_UNITS, 'unit', locals.values.unit),
      levels: options(req, LEVELS, 'level', locals.values.level),
      grains: options(req, GRAINS, 'grain', locals.values.grain),
      aggregations: options(req, AGGREGATIONS, 'aggregation', locals.values.aggregation),
      ...locals,
    });

  router.get('/admin/kpis/measures/new', ...gate, async (req, res) =>
    measureForm(req, res, { values: { unit: 'count', level: 'person', grain: (await getKpiSettings(ctx)).defaultGrain, aggregation: 'sum' } }),
  );

  router.post('/admin/kpis/measures', ...gate, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const parsed = measureInputSchema.safeParse(body);
    if (!parsed.success) return measureForm(req, res, { values: body, errors: fieldErrors(issuesOf(parsed.error)) }, 400);
    try {
      const m = await createMeasure(ctx, parsed.data);
      ctx.logger.info({ event: 'kpi_measure_created', measure: m.key, by: kpiViewer(req).id }, 'KPI measure created');
      res.redirect(303, '/admin/kpis?done=measure');
    } catch (err) {
      if (err instanceof ValidationError) return measureForm(req, res, { values: body, errors: fieldErrors(err.issues) }, 400);
      throw err;
    }
  });

  const settingsForm = (req: Request, res: Response, values: Record<string, unknown>, extra: Record<string, unknown> = {}, status = 200) =>
    res.status(status).render('pages/kpis/settings', {
      title: t(req.locale, 'kpis.settings.title'),
      values,
      currencies: [...COMMON_CURRENCIES, ...CURRENCIES.filter((c) => !COMMON_CURRENCIES.includes(c))].map((c) => ({ code: c, selected: c === values.currency })),
      grains: options(req, GRAINS, 'grain', values.defaultGrain),
      months: MONTHS.map((m) => ({ value: m, label: t(req.locale, `kpis.month.${m}`), selected: Number(values.fiscalYearStartMonth) === m })),
      ...extra,
    });

  router.get('/admin/kpis/settings', ...gate, async (req, res) => {
    const s = await getKpiSettings(ctx);
    settingsForm(req, res, { currency: s.currency, fiscalYearStartMonth: s.fiscalYearStartMonth, onTrackPoints: s.thresholds.onTrack, atRiskPoints: s.thresholds.atRisk, leaderboard: s.leaderboard, defaultGrain: s.defaultGrain }, { saved: req.query.saved === '1' });
  });

  router.post('/admin/kpis/settings', ...gate, async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const parsed = kpiSettingsSchema.safeParse({ ...body, leaderboard: body.leaderboard ?? '' });
    if (!parsed.success) return settingsForm(req, res, body, { errors: fieldErrors(issuesOf(parsed.error)) }, 400);
    try {
      await saveKpiSettings(ctx, parsed.data);
    } catch (err) {
      if (err instanceof ConflictError) return settingsForm(req, res, body, { conflict: err.message }, 409);
      throw err;
    }
    ctx.logger.info({ event: 'kpi_settings_saved', by: kpiViewer(req).id, ...parsed.data }, 'KPI settings saved');
    res.redirect(303, '/admin/kpis/settings?saved=1');
  });
  // Last: /admin/kpis/:id would otherwise take /admin/kpis/settings and /admin/kpis/measures.
  for (const path of ['/admin/kpis', '/admin/kpis/:id']) {
    router.post(path, ...gate, async (req, res) => {
      const id = req.params.id ? String(req.params.id) : undefined;
      const body = req.body as Record<string, unknown>;
      const parsed = customKpiInputSchema.safeParse(id ? { ...body, key: (await getKpi(ctx, id)).key } : body);
      if (!parsed.success) return kpiForm(req, res, { id, values: body, errors: fieldErrors(issuesOf(parsed.error)) }, 400);
      try {
        const kpi = await saveCustomKpi(ctx, parsed.data, id);
        ctx.logger.info({ event: 'kpi_custom_saved', kpi: kpi.key, by: kpiViewer(req).id }, 'custom KPI saved');
        res.redirect(303, `/kpis/definitions/${kpi.key}`);
      } catch (err) {
        if (err instanceof FormulaError) return kpiForm(req, res, { id, values: body, formulaError: formulaErrorView(req.locale, parsed.data.formula, err) }, 400);
        if (err instanceof ValidationError) return kpiForm(req, res, { id, values: body, errors: fieldErrors(err.issues) }, 400);
        throw err;
      }
    });
  }

  return router;
}
