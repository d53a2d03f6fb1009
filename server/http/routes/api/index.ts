/** The JSON API for integrations, version 1: the OpenAPI document (public), then everything behind a bearer token. */
import { Router } from 'express';
import type { AppContext } from '../../../context';
import { apiAuth } from '../../middleware/api-auth';
import { openApiDocument } from '../../openapi';
import { employeesApi } from './employees.api';
import { directoryApi } from './directory.api';

export { API_BASE } from './base';

export function apiV1Routes(ctx: AppContext): Router {
  const router = Router();
  router.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument(ctx.config.BASE_URL));
  });
  // Only on this router's own paths, so other capabilities' /api/v1 routers mounted later are not intercepted.
  router.use(['/employees', '/teams', '/departments'], apiAuth(ctx));
  employeesApi(router, ctx);
  directoryApi(router, ctx);
  return router;
}
