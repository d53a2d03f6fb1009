/**
 * /api/v1 for KPIs, behind an API token: the KPIs and measures, values (list, and the idempotent bulk upsert of up
 * to 1,000 a request, all or nothing, with a dry run), and a scorecard. Documented in the OpenAPI registry.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../../context';
import { NotFoundError } from '../../../errors';
import { kpisJson, listValues, MAX_PUSH, measuresJson, pushValues, scorecardJson } from '../../../domain/kpis/api.service';
import { STATUSES } from '../../../domain/kpis/pace';
import type { Scope } from '../../../domain/kpis/rollup';
import { apiAuth } from '../../middleware/api-auth';
import { defineEndpoint } from '../../openapi';
import { API_BASE } from './base';

const tags = ['KPIs'];

const valueDoc = z.object({
  email: z.string().optional().describe('The person (person measures); or employeeId'),
  employeeId: z.string().optional(),
  team: z.string().optional().describe('The team by name (team measures); or teamId'),
  teamId: z.string().optional(),
  department: z.string().optional().describe('The team’s department, when two teams share the name'),
  measure: z.string().describe('A measure key, e.g. won_value (GET /kpi-measures)'),
  period: z.string().describe('2026-03 (month), 2026-W10 (ISO week), 2026-Q1 (fiscal quarter) or any date in the period, as the measure is entered'),
  value: z.union([z.number(), z.string()]).describe('A plain decimal: money in the company currency, e.g. 1250000.50'),
  reason: z.string().max(500).optional(),
});

const valueOut = z.object({
  id: z.string(),
  measure: z.string(),
  ownerKind: z.enum(['person', 'team']),
  employeeId: z.string().nullable(),
  email: z.string().nullable(),
  teamId: z.string().nullable(),
  period: z.string(),
  value: z.string(),
  updatedAt: z.string(),
});

function scopeOf(raw: string): Scope {
  if (raw === 'company') return { kind: 'company' };
  const m = /^(department|team|person):([\w-]{1,64})$/.exec(raw);
  if (!m) throw new NotFoundError('Scope must be company, department:<id>, team:<id> or person:<id>');
  return { kind: m[1] as 'department' | 'team' | 'person', id: m[2] };
}

export function kpisApiRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use(['/kpis', '/kpi-measures', '/kpi-values', '/kpi-scorecard'], apiAuth(ctx));

  defineEndpoint(
    router,
    API_BASE,
    {
      method: 'get',
      path: `${API_BASE}/kpis`,
      summary: 'The KPIs switched on, with their formulas over base measures',
      tags,
      response: z.object({ data: z.array(z.object({ key: z.string(), name: z.string(), formula: z.string(), unit: z.string(), direction: z.string(), kind: z.string(), measures: z.array(z.string()), catalogue: z.boolean() })) }),
    },
    async () => ({ data: await kpisJson(ctx) }),
  );

  defineEndpoint(
    router,
    API_BASE,
    {
      method: 'get',
      path: `${API_BASE}/kpi-measures`,
      summary: 'The base measures values are entered for (per person or team, per week, month or quarter)',
      tags,
      response: z.object({ data: z.array(z.object({ key: z.string(), unit: z.string(), decimals: z.number().int(), level: z.string(), grain: z.string(), aggregation: z.string(), catalogue: z.boolean() })) }),
    },
    async () => ({ data: await measuresJson(ctx) }),
  );

  defineEndpoint(
    router,
    API_BASE,
    {
      method: 'get',
      path: `${API_BASE}/kpi-values`,
      summary: 'Stored values, by id, a page at a time',
      tags,
      query: z.object({
        measure: z.string().max(40).optional(),
        period: z.string().max(10).optional(),
        employeeId: z.string().max(100).optional(),
        teamId: z.string().max(100).optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(200),
        cursor: z.string().max(100).optional(),
      }),
      response: z.object({ data: z.array(valueOut), nextCursor: z.string().nullable() }),
    },
    async ({ query }) => listValues(ctx, query),
  );

  defineEndpoint(
    router,
    API_BASE,
    {
      method: 'post',
      path: `${API_BASE}/kpi-values`,
      summary: `Create or update up to ${MAX_PUSH} values keyed on person (or team) + measure + period, all or nothing; sending the same values again changes nothing. dryRun: say what would change.`,
      tags,
      body: z.object({
        values: z.array(z.looseObject({}), 'Send an array of values').min(1, 'Send at least one value').max(MAX_PUSH, `Send at most ${MAX_PUSH} values at a time`),
        dryRun: z.boolean().optional(),
      }),
      bodyDoc: z.object({ values: z.array(valueDoc).min(1).max(MAX_PUSH), dryRun: z.boolean().optional() }),
      response: z.object({
        created: z.number().int(),
        updated: z.number().int(),
        unchanged: z.number().int(),
        dryRun: z.boolean(),
        values: z.array(z.object({ index: z.number().int(), action: z.enum(['create', 'update', 'unchanged']), id: z.string().nullable(), old: z.string().nullable(), new: z.string().nullable() })),
      }),
    },
    async ({ body }, req) => pushValues(ctx, body.values, req.apiTokenId as string, body.dryRun ?? false),
  );

  defineEndpoint(
    router,
    API_BASE,
    {
      method: 'get',
      path: `${API_BASE}/kpi-scorecard`,
      summary: 'Every KPI of the company, a department, a team or a person for a period, with its target and status',
      tags,
      query: z.object({ scope: z.string().max(80).default('company'), period: z.string().max(10) }),
      response: z.object({
        period: z.string(),
        currency: z.string(),
        kpis: z.array(z.object({ key: z.string(), unit: z.string(), value: z.string().nullable(), numerator: z.string().nullable(), denominator: z.string().nullable(), target: z.string().nullable(), status: z.enum(STATUSES).nullable() })),
      }),
    },
    async ({ query }) => scorecardJson(ctx, scopeOf(query.scope), query.period),
  );
  return router;
}
