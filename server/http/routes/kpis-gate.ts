/**
 * The gate every KPI page passes: signed in, allowed by the KPI access table for the action (KPI_ACCESS), and the
 * viewer's scope resolved for the handler (the object rules are applied in the services).
 */
import type { Request, RequestHandler } from 'express';
import type { AppContext } from '../../context';
import { ForbiddenError } from '../../errors';
import { mayUse, type KpiAction, type KpiViewer } from '../../domain/kpis/access';
import { kpiViewerOf } from '../../domain/kpis/viewer.service';
import { requireSignedIn } from '../middleware/authorize';

const viewers = new WeakMap<Request, KpiViewer>();

export function kpiGate(ctx: AppContext, action: KpiAction): RequestHandler[] {
  return [
    requireSignedIn,
    async (req, _res, next) => {
      const viewer = await kpiViewerOf(ctx, req.auth!.employee);
      if (!mayUse(viewer, action)) {
        ctx.logger.warn({ event: 'kpi_access_refused', action, by: viewer.id }, 'KPI access refused');
        return next(new ForbiddenError());
      }
      viewers.set(req, viewer);
      next();
    },
  ];
}

/** The viewer the gate resolved for this request. */
export const kpiViewer = (req: Request): KpiViewer => viewers.get(req) as KpiViewer;
