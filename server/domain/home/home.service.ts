import type { AppContext } from '../../context';
import type { Employee } from '../../../prisma/generated/sqlite/client';

/** What the start page shows a person: directory counts for HR, team size for managers. */
export async function homeSummary(ctx: AppContext, me: Employee) {
  if (me.role === 'hr_admin') {
    const [employees, teams, departments] = await Promise.all([
      ctx.db.employee.count({ where: { active: true } }),
      ctx.db.team.count(),
      ctx.db.department.count(),
    ]);
    return { counts: { employees, teams, departments }, reports: 0 };
  }
  const reports =
    me.role === 'manager'
      ? await ctx.db.employee.count({ where: { active: true, OR: [{ managerId: me.id }, { team: { managerId: me.id } }] } })
      : 0;
  return { counts: undefined, reports };
}

/** True when the database answers a trivial query. */
export async function databaseReachable(ctx: AppContext): Promise<boolean> {
  try {
    await ctx.db.$queryRawUnsafe('SELECT 1');
    return true;
  } catch {
    return false;
  }
}
