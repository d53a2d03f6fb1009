/** HR admins' team pages: list with search and a create form, and an edit form (name, department, manager). */
import { Router, type Request, type Response } from 'express';
import { t } from '../../i18n/i18n';
import type { AppContext } from '../../context';
import { ValidationError } from '../../errors';
import { teamInputSchema } from '../../domain/org/team.schema';
import { listDepartments } from '../../domain/org/departments.service';
import { createTeam, getTeam, listTeams, updateTeam } from '../../domain/org/teams.service';
import { managerChoices } from '../../domain/org/employees.service';
import { fieldErrors, parseOrThrow } from '../validation';

const q = (v: unknown) => (typeof v === 'string' ? v.trim().slice(0, 100) : '');

export function teamsRoutes(ctx: AppContext): Router {
  const router = Router();
  const choices = async () => ({ departments: await listDepartments(ctx), managers: await managerChoices(ctx) });
  const renderList = async (req: Request, res: Response, search: string, extra: Record<string, unknown> = {}) =>
    res.render('pages/admin/teams', { title: t(req.locale, 'org.teams.title'), search, teams: await listTeams(ctx, search), ...(await choices()), ...extra });

  router.get('/admin/teams', async (req, res) => {
    await renderList(req, res, q(req.query.q), { created: req.query.created === '1' });
  });
  router.post('/admin/teams', async (req, res) => {
    try {
      await createTeam(ctx, parseOrThrow(teamInputSchema, req.body));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(400);
      return renderList(req, res, '', { values: req.body, errors: fieldErrors(err.issues) });
    }
    res.redirect(303, '/admin/teams?created=1');
  });
  router.get('/admin/teams/:id', async (req, res) => {
    const team = await getTeam(ctx, req.params.id);
    res.render('pages/admin/teams-edit', { title: team.name, team, values: team, saved: req.query.saved === '1', ...(await choices()) });
  });
  router.post('/admin/teams/:id', async (req, res) => {
    const team = await getTeam(ctx, req.params.id);
    try {
      await updateTeam(ctx, team.id, parseOrThrow(teamInputSchema, req.body));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return res.status(400).render('pages/admin/teams-edit', { title: team.name, team, values: req.body, errors: fieldErrors(err.issues), ...(await choices()) });
    }
    res.redirect(303, `/admin/teams/${team.id}?saved=1`);
  });
  return router;
}
