/**
 * HR's view of 1:1s: cadence health per department and team (share of pairs within cadence, overdue pairs, age
 * of open action items). Built from pair facts only (cadence.ts): no agenda, note or action text is read, and
 * no pair is named, so this page and its API answer cannot show content.
 */
import type { AppContext } from '../../context';
import { healthOf, pairFacts, type CadenceHealth, type PairFacts } from './cadence';

export interface TeamHealth extends CadenceHealth {
  teamId: string | null;
  team: string | null;
}

export interface DepartmentHealth extends CadenceHealth {
  departmentId: string | null;
  department: string | null;
  teams: TeamHealth[];
}

export async function cadenceHealth(ctx: AppContext): Promise<{ company: CadenceHealth; departments: DepartmentHealth[] }> {
  const facts = await pairFacts(ctx);
  const reports = facts.length
    ? await ctx.db.employee.findMany({ where: { oneOnOnesHad: { some: { status: { in: ['active', 'paused'] } } } }, select: { id: true, team: { select: { id: true, name: true, department: { select: { id: true, name: true } } } } } })
    : [];
  const teamOf = new Map(reports.map((r) => [r.id, r.team]));
  const byDept = new Map<string, { dept: { id: string; name: string } | null; teams: Map<string, { team: { id: string; name: string } | null; facts: PairFacts[] }> }>();
  for (const f of facts) {
    const team = teamOf.get(f.reportId) ?? null;
    const dKey = team?.department.id ?? '';
    const d = byDept.get(dKey) ?? { dept: team ? team.department : null, teams: new Map() };
    byDept.set(dKey, d);
    const tKey = team?.id ?? '';
    const t = d.teams.get(tKey) ?? { team: team ? { id: team.id, name: team.name } : null, facts: [] };
    d.teams.set(tKey, t);
    t.facts.push(f);
  }
  const byName = (a: { name: string | null }, b: { name: string | null }) => (a.name === null ? 1 : b.name === null ? -1 : a.name.localeCompare(b.name));
  const departments = [...byDept.values()]
    .map((d) => ({
      ...healthOf([...d.teams.values()].flatMap((t) => t.facts)),
      departmentId: d.dept?.id ?? null,
      department: d.dept?.name ?? null,
      name: d.dept?.name ?? null,
      teams: [...d.teams.values()].map((t) => ({ ...healthOf(t.facts), teamId: t.team?.id ?? null, team: t.team?.name ?? null, name: t.team?.name ?? null })).sort(byName),
    }))
    .sort(byName);
  return { company: healthOf(facts), departments };
}
