/**
 * Sales KPIs: every page of the capability (scorecards, definitions, entry, import, targets, HR's settings). Each
 * route passes the KPI access table first (kpis-gate.ts), then the object rules in the services.
 */
import { Router } from 'express';
import type { AppContext } from '../../context';
import { t } from '../../i18n/i18n';
import { definitionPage, definitionsPage } from '../../domain/kpis/kpi-pages.service';
import { kpiAdminRoutes } from './kpis-admin.routes';
import { kpiEntryRoutes } from './kpis-entry.routes';
import { kpiImportRoutes } from './kpis-import.routes';
import { kpiScorecardRoutes } from './kpis-scorecards.routes';
import { kpiTargetRoutes } from './kpis-targets.routes';
import { kpiGate } from './kpis-gate';

export function kpisRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/kpis/definitions', ...kpiGate(ctx, 'read'), async (req, res) => {
    res.render('pages/kpis/definitions', { title: t(req.locale, 'kpis.definitions.title'), ...(await definitionsPage(ctx, req.locale)) });
  });
  router.get('/kpis/definitions/:key', ...kpiGate(ctx, 'read'), async (req, res) => {
    const page = await definitionPage(ctx, String(req.params.key), req.locale);
    res.render('pages/kpis/definition', { title: page.kpi.name, ...page });
  });
  router.use(kpiEntryRoutes(ctx), kpiImportRoutes(ctx), kpiTargetRoutes(ctx), kpiAdminRoutes(ctx), kpiScorecardRoutes(ctx));
  return router;
}
