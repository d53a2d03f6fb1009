/**
 * Who a manager is responsible for: the teams they manage, and everyone under them (members of those teams
 * and people reporting to them), followed down the chain transitively. Results, 1:1s and other
 * manager-facing features scope their data with these.
 */
import type { AppContext } from '../../context';

/** Ids of the teams whose manager is `managerId`. */
export async function teamIdsManagedBy(ctx: AppContext, managerId: string): Promise<string[]> {
  const teams = await ctx.db.team.findMany({ where: { managerId }, select: { id: true }, orderBy: { id: 'asc' } });
  return teams.map((t) => t.id);
}

/**
 * Ids of everyone under `managerId`, directly or through the people under them (the manager excluded).
 * Only active people unless `includeInactive`. Safe against reporting cycles.
 */
export async function employeeIdsUnder(ctx: AppContext, managerId: string, opts: { includeInactive?: boolean } = {}): Promise<string[]> {
  const seen = new Set<string>([managerId]);
  const found: string[] = [];
  let frontier = [managerId];
  while (frontier.length) {
    const teams = await ctx.db.team.findMany({ where: { managerId: { in: frontier } }, select: { id: true } });
    const people = await ctx.db.employee.findMany({
      where: { OR: [{ managerId: { in: frontier } }, { teamId: { in: teams.map((t) => t.id) } }] },
      select: { id: true, active: true },
    });
    frontier = [];
    for (const p of people) {
      if (seen.has(p.id)) continue;
      seen.add(p.id);
      frontier.push(p.id);
      if (p.active || opts.includeInactive) found.push(p.id);
    }
  }
  return found.sort();
}
