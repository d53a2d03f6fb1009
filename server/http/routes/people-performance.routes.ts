/** People and performance (HR and managers): team eNPS beside KPI attainment, and their correlation across teams. */
import { Router } from 'express';
import type { AppContext } from '../../context';
import { t } from '../../i18n/i18n';
import { getKpiSettings } from '../../domain/kpis/kpi-settings.service';
import { peoplePerformanceQuerySchema } from '../../domain/insights/people-performance.schema';
import { peoplePerformance } from '../../domain/insights/people-performance.service';
import { presentPeoplePerformance } from '../../domain/insights/people-performance.presenter';
import { requireRole, requireSignedIn } from '../middleware/authorize';
import { parseOrThrow } from '../validation';

export function peoplePerformanceRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/people-performance', requireSignedIn, requireRole('hr_admin', 'manager'), async (req, res) => {
    const q = parseOrThrow(peoplePerformanceQuerySchema, req.query, t(req.locale, 'error.validation_failed'));
    const me = req.auth!.employee;
    const [data, settings] = await Promise.all([peoplePerformance(ctx, me, q, req.locale), getKpiSettings(ctx)]);
    res.render('pages/insights/people-performance', { title: t(req.locale, 'insights.title'), page: presentPeoplePerformance(req.locale, data, q.team, settings.fiscalYearStartMonth) });
  });
  return router;
}
