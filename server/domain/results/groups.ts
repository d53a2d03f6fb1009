/**
 * The group tree of one round, built from the team and department snapshot on each response:
 * company ⊃ departments ⊃ teams. A response without a team counts in its department and the company only.
 */
import { visibleGroups, type GroupCount } from './suppression';

export type GroupKind = 'company' | 'department' | 'team';

/** Counts for one (department, team) cell, as GROUP BY gives them. */
export interface Cell {
  departmentId: string | null;
  teamId: string | null;
  n: number;
}

export interface GroupRef {
  id: string;
  kind: GroupKind;
  parentId: string | null;
  departmentId: string | null;
  teamId: string | null;
}

export const COMPANY = 'company';
export const departmentGroupId = (departmentId: string) => `d:${departmentId}`;
export const teamGroupId = (departmentId: string | null, teamId: string) => `t:${departmentId ?? '-'}:${teamId}`;

/** The groups a cell counts in, innermost last. */
export function groupsOfCell(c: Pick<Cell, 'departmentId' | 'teamId'>): GroupRef[] {
  const out: GroupRef[] = [{ id: COMPANY, kind: 'company', parentId: null, departmentId: null, teamId: null }];
  if (c.departmentId) out.push({ id: departmentGroupId(c.departmentId), kind: 'department', parentId: COMPANY, departmentId: c.departmentId, teamId: null });
  if (c.teamId) {
    out.push({
      id: teamGroupId(c.departmentId, c.teamId),
      kind: 'team',
      parentId: c.departmentId ? departmentGroupId(c.departmentId) : COMPANY,
      departmentId: c.departmentId,
      teamId: c.teamId,
    });
  }
  return out;
}

/** Every group that appears in `cells` (the company always), with its total. */
export function groupTotals(cells: Iterable<Pick<Cell, 'departmentId' | 'teamId'> & { n: number }>): Map<string, GroupRef & { n: number }> {
  const totals = new Map<string, GroupRef & { n: number }>();
  totals.set(COMPANY, { id: COMPANY, kind: 'company', parentId: null, departmentId: null, teamId: null, n: 0 });
  for (const c of cells) {
    for (const g of groupsOfCell(c)) {
      const hit = totals.get(g.id) ?? { ...g, n: 0 };
      hit.n += c.n;
      totals.set(g.id, hit);
    }
  }
  return totals;
}

/**
 * The tree of `cells` as suppression takes it; `shape` adds groups with no count (invited, nobody answered).
 * The groups of `groupTotals`, in the same order, built for speed (a trend builds two per round shown): a
 * cell is looked up by its own department and team ids, and a group's id is made once (a team's parentId is
 * its department's id string itself, so suppression hashes each id once).
 */
export function treeOf(cells: Iterable<Cell>, shape: Iterable<Pick<Cell, 'departmentId' | 'teamId'>> = []): GroupCount[] {
  const company: GroupCount = { id: COMPANY, parentId: null, n: 0 };
  const out: GroupCount[] = [company];
  const departments = new Map<string, GroupCount>();
  const teams = new Map<string, Map<string, GroupCount>>();
  const add = (departmentId: string | null, teamId: string | null, n: number) => {
    company.n += n;
    let d: GroupCount | undefined;
    if (departmentId) {
      d = departments.get(departmentId);
      if (!d) {
        d = { id: departmentGroupId(departmentId), parentId: COMPANY, n: 0 };
        departments.set(departmentId, d);
        out.push(d);
      }
      d.n += n;
    }
    if (teamId) {
      const key = departmentId ?? '-';
      let byTeam = teams.get(key);
      if (!byTeam) teams.set(key, (byTeam = new Map()));
      let t = byTeam.get(teamId);
      if (!t) {
        t = { id: teamGroupId(departmentId, teamId), parentId: d ? d.id : COMPANY, n: 0 };
        byTeam.set(teamId, t);
        out.push(t);
      }
      t.n += n;
    }
  };
  for (const c of cells) add(c.departmentId, c.teamId, c.n);
  for (const s of shape) add(s.departmentId, s.teamId, 0);
  return out;
}

/** Adds up cells of the same (department, team), so trees are built from one cell per team. */
export function collapse(cells: readonly Cell[]): Cell[] {
  const out = new Map<string, Cell>();
  for (const c of cells) {
    const key = `${c.departmentId}|${c.teamId}`;
    const hit = out.get(key);
    if (hit) hit.n += c.n;
    else out.set(key, { departmentId: c.departmentId, teamId: c.teamId, n: c.n });
  }
  return [...out.values()];
}

/**
 * The ids of the groups that hold a viewer whose invitation to a round was filed under `cell` (their team,
 * department and the company); none for a viewer who was not invited.
 */
export function insiderGroups(cell: Pick<Cell, 'departmentId' | 'teamId'> | null | undefined): Set<string> {
  return new Set(cell ? groupsOfCell(cell).map((g) => g.id) : []);
}

/**
 * The groups whose numbers for one metric (responses, answers to one question, comments) may be shown:
 * safe for the responses themselves (threshold k) and for the metric (threshold `metricK`), with k others for
 * the groups that hold the viewer (`insiders`). Any subset of a safe set is safe (hiding a group only merges
 * regions), so the intersection is too.
 */
export function visibleFor(
  responses: readonly Cell[],
  metric: readonly Cell[] | null,
  k: number,
  metricK = k,
  byResponsesKnown?: ReadonlySet<string>,
  insiders?: ReadonlySet<string>,
): Set<string> {
  const byResponses = byResponsesKnown ?? visibleGroups(treeOf(responses), k, insiders);
  if (!metric) return new Set(byResponses);
  const byMetric = visibleGroups(treeOf(collapse(metric), responses), metricK, insiders);
  return new Set([...byResponses].filter((id) => byMetric.has(id)));
}
