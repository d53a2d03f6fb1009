import { Router } from 'express';
import type { AppContext } from '../../context';
import { databaseReachable } from '../../domain/home/home.service';

/** GET /healthz: 200 when the process is up and the database answers, 503 otherwise. */
export function healthRoutes(ctx: AppContext, isShuttingDown: () => boolean): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    if (isShuttingDown()) return res.status(503).json({ status: 'shutting_down' });
    if (await databaseReachable(ctx)) res.json({ status: 'ok', database: 'ok' });
    else res.status(503).json({ status: 'error', database: 'unreachable' });
  });
  return router;
}
