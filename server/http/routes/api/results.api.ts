/**
 * /api/v1/results: rounds with their response rates and eNPS, and one round's eNPS per group, for BI tools. The
 * numbers come from the results services under the same thresholds and roles as the pages (results-api.service.ts).
 */
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../../context';
import { apiRoundEnps, apiRounds, apiViewer } from '../../../domain/results/results-api.service';
import { apiAuth } from '../../middleware/api-auth';
import { defineEndpoint } from '../../openapi';
import { API_BASE } from './base';

const tags = ['Results'];
const forbidden = { 403: 'No results for this: the round is open or its answers are not released yet (or the token’s maker may no longer see results)' };

const enpsSchema = z.object({ score: z.number().nullable(), responses: z.number().int(), promoters: z.number().int(), passives: z.number().int(), detractors: z.number().int(), scale: z.string() });
const groupSchema = z.object({
  kind: z.enum(['company', 'department', 'team']),
  departmentId: z.string().nullable(),
  teamId: z.string().nullable(),
  name: z.string(),
  visible: z.boolean().describe('False below the minimum group size (or the insider rule): every number is then null'),
  responses: z.number().int().nullable(),
  invited: z.number().int().nullable(),
  responseRate: z.number().nullable().describe('0..1'),
  enps: enpsSchema.nullable(),
});
const roundSchema = z.object({
  id: z.string(),
  title: z.string(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  published: z.boolean(),
  company: groupSchema.nullable().describe('Null when the token’s maker may not see company numbers of this round'),
});

/** A router to mount at /api/v1; it authenticates its own paths only. */
export function resultsApiRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use('/results', apiAuth(ctx));

  defineEndpoint(
    router,
    API_BASE,
    {
      method: 'get',
      path: `${API_BASE}/results/rounds`,
      summary: 'Released rounds, newest first, with the company response rate and eNPS where the token’s maker may see them',
      tags,
      query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
      response: z.object({ data: z.array(roundSchema) }),
      statuses: forbidden,
    },
    async ({ query }, req) => ({ data: await apiRounds(ctx, await apiViewer(ctx, req.apiTokenId as string), query.limit) }),
  );

  defineEndpoint(
    router,
    API_BASE,
    {
      method: 'get',
      path: `${API_BASE}/results/rounds/{id}/enps`,
      summary: 'One released round’s response rate and eNPS per group (company, departments, teams) in the token maker’s scope',
      tags,
      response: z.object({ roundId: z.string(), groups: z.array(groupSchema) }),
      statuses: forbidden,
    },
    async ({ params }, req) => apiRoundEnps(ctx, await apiViewer(ctx, req.apiTokenId as string), params.id),
  );
  return router;
}
