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

/** A viewer's own place in a round: the team and department their invitation was filed under. */
export interface Membership {
  teamId: string | null;
  departmentId: string | null;
}

/**
 * Where `viewer` was invited in each of `roundIds` (rounds they were not invited to are absent): the groups
 * that hold them, where they need k others (suppression.ts). One query.
 */
export async function membershipsOf(ctx: AppContext, viewer: Pick<Viewer, 'id'>, roundIds: readonly string[]): Promise<Map<string, Membership>> {
  if (roundIds.length === 0) return new Map();
  const rows = await ctx.db.invitation.findMany({
    where: { employeeId: viewer.id, roundId: { in: [...roundIds] } },
    select: { roundId: true, teamId: true, departmentId: true },
  });
  return new Map(rows.map((r) => [r.roundId, { teamId: r.teamId, departmentId: r.departmentId }]));
}

/** Departments of the teams in a manager's scope (whose department numbers they see once published). */
export async function departmentsInScope(ctx: AppContext, viewer: Viewer): Promise<Set<string>> {
  if (viewer.teamIds.size === 0) return new Set();
  const teams = await ctx.db.team.findMany({ where: { id: { in: [...viewer.teamIds] } }, select: { departmentId: true } });
  return new Set(teams.map((t) => t.departmentId));
}
