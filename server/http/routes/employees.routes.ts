/** HR admins' employee pages: list with search, the new/edit form, deactivation and reactivation. */
import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context';
import { ValidationError } from '../../errors';
import { t, LOCALES, LOCALE_NAMES } from '../../i18n/i18n';
import { ROLES } from '../../domain/org/employee.schema';
import { deactivateEmployee, getEmployee, listEmployees, managerChoices, reactivateEmployee } from '../../domain/org/employees.service';
import { saveEmployeeForm } from '../../domain/org/employee-form.service';
import { listTeams } from '../../domain/org/teams.service';
import { fieldErrors } from '../validation';

const text = (v: unknown, max = 100) => (typeof v === 'string' ? v.trim().slice(0, max) : '');
const STATUSES = ['active', 'inactive', 'all'] as const;

export function employeesRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/admin/employees', async (req, res) => {
    const search = text(req.query.q);
    const status = STATUSES.find((s) => s === req.query.status) ?? 'active';
    const page = Math.max(1, Math.min(10_000, Number.parseInt(text(req.query.page), 10) || 1));
    const list = await listEmployees(ctx, { search, active: status === 'all' ? undefined : status === 'active' }, page);
    res.render('pages/admin/employees', {
      title: t(req.locale, 'org.employees.title'),
      search,
      status,
      statuses: STATUSES.map((s) => ({ value: s, selected: s === status, label: t(req.locale, `org.employees.status.${s}`) })),
      ...list,
      page,
      prevPage: page > 1 ? page - 1 : null,
      nextPage: page < list.pages ? page + 1 : null,
      imported: req.query.imported === '1',
    });
  });

  const formChoices = async (req: Request) => ({
    teams: await listTeams(ctx),
    managers: await managerChoices(ctx),
    roles: ROLES.map((r) => ({ value: r, label: t(req.locale, `org.role.${r}`) })),
    locales: LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] })),
  });
  const renderForm = async (req: Request, res: Response, locals: Record<string, unknown>) =>
    res.render('pages/admin/employees-form', { ...(await formChoices(req)), ...locals });

  router.get('/admin/employees/new', async (req, res) => {
    await renderForm(req, res, { title: t(req.locale, 'org.employees.new'), isNew: true, values: { role: 'employee', locale: 'en', timeZone: 'UTC' } });
  });
  router.post('/admin/employees', async (req, res) => {
    let id: string;
    try {
      id = await saveEmployeeForm(ctx, req.body as Record<string, unknown>);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(400);
      return renderForm(req, res, { title: t(req.locale, 'org.employees.new'), isNew: true, values: req.body, errors: fieldErrors(err.issues) });
    }
    res.redirect(303, `/admin/employees/${id}?saved=1`);
  });

  router.get('/admin/employees/:id', async (req, res) => {
    const employee = await getEmployee(ctx, req.params.id);
    await renderForm(req, res, { title: employee.name, employee, values: employee, saved: req.query.saved === '1', isSelf: employee.id === req.auth!.employee.id });
  });
  router.post('/admin/employees/:id', async (req, res) => {
    const employee = await getEmployee(ctx, req.params.id);
    try {
      await saveEmployeeForm(ctx, req.body as Record<string, unknown>, employee.id);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(400);
      return renderForm(req, res, { title: employee.name, employee, values: req.body, errors: fieldErrors(err.issues), isSelf: employee.id === req.auth!.employee.id });
    }
    res.redirect(303, `/admin/employees/${employee.id}?saved=1`);
  });

  router.post('/admin/employees/:id/deactivate', async (req, res) => {
    await deactivateEmployee(ctx, req.params.id, req.auth!.employee.id);
    res.redirect(303, `/admin/employees/${req.params.id}`);
  });
  router.post('/admin/employees/:id/reactivate', async (req, res) => {
    await reactivateEmployee(ctx, req.params.id, req.auth!.employee.id);
    res.redirect(303, `/admin/employees/${req.params.id}`);
  });
  return router;
}
