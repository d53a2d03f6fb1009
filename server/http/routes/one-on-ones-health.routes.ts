/**
 * Cadence health of 1:1s for HR: a page (HR admins) and an API endpoint (API tokens). Both show counts and ages
 * per department and team, never an agenda, a note, an action item's text or a pair's names.
 */
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { t } from '../../i18n/i18n';
import { cadenceHealth } from '../../domain/one-on-ones/health.service';
import { requireRole, requireSignedIn } from '../middleware/authorize';
import { apiAuth } from '../middleware/api-auth';
import { defineEndpoint } from '../openapi';
import { API_BASE } from './api/base';

const healthSchema = z.object({
  pairs: z.number().int(),
  withinShare: z.number().nullable(),
  overdue: z.number().int(),
  openActions: z.number().int(),
  medianActionAge: z.number().nullable(),
  oldestActionAge: z.number().nullable(),
});
const teamHealthSchema = healthSchema.extend({ teamId: z.string().nullable(), team: z.string().nullable() });
const departmentHealthSchema = healthSchema.extend({ departmentId: z.string().nullable(), department: z.string().nullable(), teams: z.array(teamHealthSchema) });
const responseSchema = z.object({ company: healthSchema, departments: z.array(departmentHealthSchema) });

/** HR's page, mounted with the other routes. */
export function oneOnOnesHealthRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/admin/one-on-ones', requireSignedIn, requireRole('hr_admin'), async (req, res) => {
    res.render('pages/one-on-ones/health', { title: t(req.locale, 'oneOnOnes.health.title'), ...(await cadenceHealth(ctx)) });
  });
  return router;
}

/** /api/v1/one-on-ones/health: the same figures as JSON, behind an API token. */
export function oneOnOnesApiRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use('/one-on-ones', apiAuth(ctx));
  defineEndpoint(
    router,
    API_BASE,
    { method: 'get', path: `${API_BASE}/one-on-ones/health`, summary: '1:1 cadence health per department and team (counts and ages only, never content)', tags: ['One-on-ones'], response: responseSchema },
    async () => {
      const h = await cadenceHealth(ctx);
      return { company: h.company, departments: h.departments.map(({ departmentId, department, teams, ...rest }) => ({ ...pick(rest), departmentId, department, teams: teams.map(({ teamId, team, ...r }) => ({ ...pick(r), teamId, team })) })) };
    },
  );
  return router;
}

function pick(h: z.infer<typeof healthSchema>): z.infer<typeof healthSchema> {
  return { pairs: h.pairs, withinShare: h.withinShare, overdue: h.overdue, openActions: h.openActions, medianActionAge: h.medianActionAge, oldestActionAge: h.oldestActionAge };
}
