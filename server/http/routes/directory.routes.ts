/** The HR admin's directory pages (departments, teams, employees, CSV import/export) and API tokens, all hr_admin only. */
import { Router } from 'express';
import type { AppContext } from '../../context';
import { requireRole, requireSignedIn } from '../middleware/authorize';
import { departmentsRoutes } from './departments.routes';
import { teamsRoutes } from './teams.routes';
import { employeeImportRoutes } from './employee-import.routes';
import { employeesRoutes } from './employees.routes';
import { apiTokensRoutes } from './api-tokens.routes';

export const DIRECTORY_PATHS = ['/admin/departments', '/admin/teams', '/admin/employees', '/admin/api-tokens'];

export function directoryRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use(DIRECTORY_PATHS, requireSignedIn, requireRole('hr_admin'));
  router.use(departmentsRoutes(ctx));
  router.use(teamsRoutes(ctx));
  // Before employeesRoutes, whose /admin/employees/:id would otherwise match "import" and "export.csv".
  router.use(employeeImportRoutes(ctx));
  router.use(employeesRoutes(ctx));
  router.use(apiTokensRoutes(ctx));
  return router;
}
