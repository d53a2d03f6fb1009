import { Router } from 'express';
import type { AppContext } from '../../context';
import { needsSetup } from '../../domain/auth/setup.service';
import { requireSignedIn } from '../middleware/authorize';

/** The start page: first-run setup when nobody can sign in yet, else the person's home. */
export function homeRoutes(ctx: AppContext): Router {
  const router = Router();
  router.get('/', async (req, res, next) => {
    if (!req.auth && (await needsSetup(ctx))) return res.redirect(303, '/setup');
    next();
  }, requireSignedIn, async (req, res) => {
    const me = req.auth!.employee;
    const counts =
      me.role === 'hr_admin'
        ? {
            employees: await ctx.db.employee.count({ where: { active: true } }),
            teams: await ctx.db.team.count(),
            departments: await ctx.db.department.count(),
          }
        : undefined;
    const reports = me.role === 'manager' ? await ctx.db.employee.count({ where: { active: true, OR: [{ managerId: me.id }, { team: { managerId: me.id } }] } }) : 0;
    res.render('pages/home', { counts, reports });
  });
  return router;
}
