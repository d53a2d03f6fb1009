/** HR admins' department pages: list with search and a create form, and a rename form. */
import { Router, type Request, type Response } from 'express';
import { t } from '../../i18n/i18n';
import type { AppContext } from '../../context';
import { ValidationError } from '../../errors';
import { departmentInputSchema } from '../../domain/org/department.schema';
import { createDepartment, getDepartment, listDepartments, renameDepartment } from '../../domain/org/departments.service';
import { fieldErrors, parseOrThrow } from '../validation';

const q = (v: unknown) => (typeof v === 'string' ? v.trim().slice(0, 100) : '');

export function departmentsRoutes(ctx: AppContext): Router {
  const router = Router();
  const renderList = async (req: Request, res: Response, search: string, extra: Record<string, unknown> = {}) =>
    res.render('pages/admin/departments', { title: t(req.locale, 'org.departments.title'), search, departments: await listDepartments(ctx, search), ...extra });

  router.get('/admin/departments', async (req, res) => {
    await renderList(req, res, q(req.query.q), { created: req.query.created === '1' });
  });
  router.post('/admin/departments', async (req, res) => {
    try {
      await createDepartment(ctx, parseOrThrow(departmentInputSchema, req.body));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(400);
      return renderList(req, res, '', { values: req.body, errors: fieldErrors(err.issues) });
    }
    res.redirect(303, '/admin/departments?created=1');
  });
  router.get('/admin/departments/:id', async (req, res) => {
    const department = await getDepartment(ctx, req.params.id);
    res.render('pages/admin/departments-edit', { title: department.name, department, values: department, saved: req.query.saved === '1' });
  });
  router.post('/admin/departments/:id', async (req, res) => {
    const department = await getDepartment(ctx, req.params.id);
    try {
      await renameDepartment(ctx, department.id, parseOrThrow(departmentInputSchema, req.body));
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return res.status(400).render('pages/admin/departments-edit', { title: department.name, department, values: req.body, errors: fieldErrors(err.issues) });
    }
    res.redirect(303, `/admin/departments/${department.id}?saved=1`);
  });
  return router;
}
