/** Builds the KPI viewer of a signed-in person: for a manager, the people and teams under them (org/manager-scope). */
import type { AppContext } from '../../context';
import { employeeIdsUnder, teamIdsManagedBy } from '../org/manager-scope';
import type { EditScope } from './value-rows';
import type { KpiRole, KpiViewer } from './access';

export async function kpiViewerOf(ctx: AppContext, person: { id: string; role: string }): Promise<KpiViewer> {
  const role: KpiRole = person.role === 'hr_admin' || person.role === 'manager' ? person.role : 'employee';
  const none = new Set<string>();
  if (role !== 'manager') return { id: person.id, role, people: none, teams: none, departments: none };
  const [own, under] = await Promise.all([teamIdsManagedBy(ctx, person.id), employeeIdsUnder(ctx, person.id, { includeInactive: true })]);
  const theirs = under.length ? await ctx.db.team.findMany({ where: { managerId: { in: under } }, select: { id: true } }) : [];
  const teams = new Set([...own, ...theirs.map((t) => t.id)]);
  const departments = new Set<string>();
  if (teams.size) {
    const candidates = await ctx.db.team.findMany({ where: { id: { in: [...teams] } }, select: { departmentId: true } });
    const all = await ctx.db.team.findMany({ where: { departmentId: { in: [...new Set(candidates.map((c) => c.departmentId))] } }, select: { id: true, departmentId: true } });
    for (const d of new Set(all.map((t) => t.departmentId))) if (all.filter((t) => t.departmentId === d).every((t) => teams.has(t.id))) departments.add(d);
  }
  return { id: person.id, role, people: new Set(under), teams, departments };
}

/** Whose numbers `viewer` may change in bulk (CSV import). */
export function editScopeOf(viewer: KpiViewer): EditScope {
  return viewer.role === 'hr_admin' ? { all: true } : { all: false, people: viewer.people, teams: viewer.teams };
}
