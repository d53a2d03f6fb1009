/** Builds the results Viewer of a signed-in person: for managers, the teams in their scope (via org/manager-scope). */
import type { AppContext } from '../../context';
import { employeeIdsUnder, teamIdsManagedBy } from '../org/manager-scope';
import type { ResultsRole, Viewer } from './access';

export async function viewerOf(ctx: AppContext, person: { id: string; role: string }): Promise<Viewer> {
  const role: ResultsRole = person.role === 'hr_admin' || person.role === 'manager' ? person.role : 'employee';
  if (role !== 'manager') return { id: person.id, role, teamIds: new Set() };
  const own = await teamIdsManagedBy(ctx, person.id);
  const under = await employeeIdsUnder(ctx, person.id);
  const theirs = under.length ? await ctx.db.team.findMany({ where: { managerId: { in: under } }, select: { id: true } }) : [];
  return { id: person.id, role, teamIds: new Set([...own, ...theirs.map((t) => t.id)]) };
}

/** Departments of the teams in a manager's scope (whose department numbers they see once published). */
export async function departmentsInScope(ctx: AppContext, viewer: Viewer): Promise<Set<string>> {
  if (viewer.teamIds.size === 0) return new Set();
  const teams = await ctx.db.team.findMany({ where: { id: { in: [...viewer.teamIds] } }, select: { departmentId: true } });
  return new Set(teams.map((t) => t.departmentId));
}
