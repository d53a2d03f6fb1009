/**
 * Who sees which results, in one place. The route table says which roles may use each results page at all;
 * the object rules say which rounds, teams and groups within it a person may see.
 *  - HR admins: every closed round, every group above the thresholds; publish, export, settings.
 *  - Managers: the teams they manage and the teams of the people under them (never sibling teams); the
 *    department and company numbers only of rounds HR published.
 *  - Employees: the company numbers of rounds HR published.
 * Open rounds show no results to anyone: numbers that change with each answer would tell who just answered.
 * Closed rounds show them once their answers are released (rounds/release.service.ts).
 */
export type ResultsRole = 'hr_admin' | 'manager' | 'employee';
export type ResultsAction = 'overview' | 'round' | 'team' | 'publish' | 'export' | 'settings';

export const RESULTS_ACCESS: Readonly<Record<ResultsAction, readonly ResultsRole[]>> = {
  overview: ['hr_admin', 'manager', 'employee'],
  round: ['hr_admin', 'manager', 'employee'],
  team: ['hr_admin', 'manager'],
  publish: ['hr_admin'],
  export: ['hr_admin'],
  settings: ['hr_admin'],
};

export interface Viewer {
  id: string;
  role: ResultsRole;
  /** Teams in a manager's scope (empty for others). */
  teamIds: ReadonlySet<string>;
}

export interface RoundAccessFacts {
  status: string;
  published: boolean;
  /** When the round's answers were released (null until a minute or two after it closed). */
  releasedAt: Date | null;
}

export function mayUse(viewer: Pick<Viewer, 'role'>, action: ResultsAction): boolean {
  return RESULTS_ACCESS[action].includes(viewer.role);
}

export function mayOpenRound(viewer: Viewer, round: RoundAccessFacts): boolean {
  if (round.status !== 'closed' || round.releasedAt === null) return false;
  if (viewer.role === 'hr_admin') return true;
  if (viewer.role === 'manager') return round.published || viewer.teamIds.size > 0;
  return round.published;
}

/**
 * Whether `viewer` will see this round's results once it has closed and its answers are released, but not
 * yet: the page then says when they appear instead of refusing.
 */
export function resultsPending(viewer: Viewer, round: RoundAccessFacts): boolean {
  return !mayOpenRound(viewer, round) && mayOpenRound(viewer, { ...round, status: 'closed', releasedAt: round.releasedAt ?? new Date(0) });
}

export function mayOpenTeam(viewer: Viewer, teamId: string): boolean {
  return viewer.role === 'hr_admin' || (viewer.role === 'manager' && viewer.teamIds.has(teamId));
}

/** Whether `viewer` may see group `g` of a round (its numbers still only if above the thresholds). */
export function groupInScope(viewer: Viewer, g: { kind: string; teamId: string | null; departmentId: string | null }, published: boolean, scopeDepartments: ReadonlySet<string> = new Set()): boolean {
  if (viewer.role === 'hr_admin') return true;
  if (viewer.role === 'employee') return published && g.kind === 'company';
  if (g.kind === 'team') return g.teamId !== null && viewer.teamIds.has(g.teamId);
  if (!published) return false;
  return g.kind === 'company' || (g.departmentId !== null && scopeDepartments.has(g.departmentId));
}
