/** Scorecards of the company, a department, a team and a person, their CSV exports, and /kpis (your own first page). */
import { Router, type Request } from 'express';
import type { AppContext } from '../../context';
import { t } from '../../i18n/i18n';
import type { KpiAction } from '../../domain/kpis/access';
import type { Scope } from '../../domain/kpis/rollup';
import { scorecardPage } from '../../domain/kpis/scorecard-page.service';
import { scorecardCsv } from '../../domain/kpis/export.service';
import { homeScorecardPath } from '../../domain/kpis/kpi-pages.service';
import { kpiGate, kpiViewer } from './kpis-gate';

const SCOPES: { path: string; action: KpiAction; scope: (req: Request) => Scope }[] = [
  { path: '/kpis/company', action: 'company', scope: () => ({ kind: 'company' }) },
  { path: '/kpis/departments/:id', action: 'department', scope: (req) => ({ kind: 'department', id: String(req.params.id) }) },
  { path: '/kpis/teams/:id', action: 'team', scope: (req) => ({ kind: 'team', id: String(req.params.id) }) },
  { path: '/kpis/people/:id', action: 'person', scope: (req) => ({ kind: 'person', id: String(req.params.id) }) },
];

export function kpiScorecardRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/kpis', ...kpiGate(ctx, 'read'), async (req, res) => {
    res.redirect(303, await homeScorecardPath(ctx, kpiViewer(req)));
  });
  for (const s of SCOPES) {
    router.get(s.path, ...kpiGate(ctx, s.action), async (req, res) => {
      const page = await scorecardPage(ctx, kpiViewer(req), s.scope(req), req.query, req.locale);
      res.render('pages/kpis/scorecard', { title: t(req.locale, 'kpis.scorecard.title', { name: page.owner.name }), ...page });
    });
    router.get(`${s.path}/export.csv`, ...kpiGate(ctx, s.action), async (req, res) => {
      const { filename, csv } = await scorecardCsv(ctx, kpiViewer(req), s.scope(req), req.query.period, req.locale);
      res.set('Cache-Control', 'no-store');
      res.type('text/csv; charset=utf-8').attachment(filename).send(csv);
    });
  }
  return router;
}
