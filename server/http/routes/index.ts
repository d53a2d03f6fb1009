import type { Express } from 'express';
import type { AppContext } from '../../context';
import { surveysRoutes } from './surveys.routes';
import { schedulesRoutes } from './schedules.routes';
import { resultsRoutes } from './results.routes';
import { surveysApiRoutes } from './api/surveys.api';
import { directoryRoutes } from './directory.routes';
import { apiV1Routes } from './api';
import { mailboxRoutes } from './mailbox.routes';
import { attemptLimiter } from '../middleware/rate-limit';
import { oneOnOnesRoutes } from './one-on-ones.routes';
import { oneOnOneMeetingsRoutes } from './one-on-ones-meetings.routes';
import { oneOnOnesApiRoutes, oneOnOnesHealthRoutes } from './one-on-ones-health.routes';
import { kpisRoutes } from './kpis.routes';
import { kpisApiRoutes } from './api/kpis.api';
import { auditRoutes } from './audit.routes';

/** Mounts each capability's routes (directory, API, mailbox, surveys…). One line per capability. */
export function registerFeatureRoutes(app: Express, ctx: AppContext): void {
  app.use(mailboxRoutes(ctx));
  app.use(directoryRoutes(ctx));
  // Integrations: 600 requests a minute per client address (bulk endpoints take up to 1,000 rows each).
  app.use('/api/v1', attemptLimiter(600, 1));
  app.use('/api/v1', apiV1Routes(ctx));
  app.use(surveysRoutes(ctx), schedulesRoutes(ctx));
  app.use(resultsRoutes(ctx));
  app.use('/api/v1', surveysApiRoutes(ctx));
  app.use(oneOnOnesRoutes(ctx), oneOnOneMeetingsRoutes(ctx), oneOnOnesHealthRoutes(ctx));
  app.use('/api/v1', oneOnOnesApiRoutes(ctx));
  app.use(kpisRoutes(ctx));
  app.use('/api/v1', kpisApiRoutes(ctx));
  app.use(auditRoutes(ctx));
}
