import type { Express } from 'express';
import type { AppContext } from '../../context';
import { surveysRoutes } from './surveys.routes';
import { schedulesRoutes } from './schedules.routes';
import { resultsRoutes } from './results.routes';
import { surveysApiRoutes } from './api/surveys.api';
import { directoryRoutes } from './directory.routes';
import { apiV1Routes } from './api';
import { mailboxRoutes } from './mailbox.routes';

/** Mounts each capability's routes (directory, API, mailbox, surveys…). One line per capability. */
export function registerFeatureRoutes(app: Express, ctx: AppContext): void {
  void app;
  void ctx;
  app.use(mailboxRoutes(ctx));
  app.use(directoryRoutes(ctx));
  app.use('/api/v1', apiV1Routes(ctx));
  app.use(surveysRoutes(ctx), schedulesRoutes(ctx));
  app.use(resultsRoutes(ctx));
  app.use('/api/v1', surveysApiRoutes(ctx));
}
