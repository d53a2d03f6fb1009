/**
 * Who may see and change which KPI numbers, in one place. The route table says which roles may use each kind of
 * KPI page at all; the object rules say whose numbers within it:
 *  - HR admins: everything; the catalogue, custom KPIs, measures and settings are theirs alone.
 *  - Managers: the people under them (their teams' members and their reports, down the chain) and the teams in
 *    their scope (theirs and those of the managers under them); a department when all its teams are in scope.
 *    They see and change those numbers, targets and histories, but never change their own numbers.
 *  - Employees: their own scorecard.
 *  - API tokens (not a viewer): every value, through /api/v1 only.
 */
export type KpiRole = 'hr_admin' | 'manager' | 'employee';
export type KpiAction = 'read' | 'company' | 'department' | 'team' | 'person' | 'enter' | 'import' | 'value' | 'targets' | 'manage';

export const KPI_ACCESS: Readonly<Record<KpiAction, readonly KpiRole[]>> = {
  read: ['hr_admin', 'manager', 'employee'],
  company: ['hr_admin'],
  department: ['hr_admin', 'manager'],
  team: ['hr_admin', 'manager'],
  person: ['hr_admin', 'manager', 'employee'],
  enter: ['hr_admin', 'manager'],
  import: ['hr_admin', 'manager'],
  value: ['hr_admin', 'manager'],
  targets: ['hr_admin', 'manager'],
  manage: ['hr_admin'],
};

export interface KpiViewer {
  id: string;
  role: KpiRole;
  /** People under a manager (not the manager). */
  people: ReadonlySet<string>;
  /** Teams in a manager's scope. */
  teams: ReadonlySet<string>;
  /** Departments all of whose teams are in a manager's scope. */
  departments: ReadonlySet<string>;
}

export const mayUse = (v: Pick<KpiViewer, 'role'>, action: KpiAction) => KPI_ACCESS[action].includes(v.role);
const hr = (v: KpiViewer) => v.role === 'hr_admin';

export const mayViewPerson = (v: KpiViewer, personId: string) => hr(v) || personId === v.id || (v.role === 'manager' && v.people.has(personId));
export const mayEditPerson = (v: KpiViewer, personId: string) => hr(v) || (v.role === 'manager' && v.people.has(personId));
export const mayViewTeam = (v: KpiViewer, teamId: string) => hr(v) || (v.role === 'manager' && v.teams.has(teamId));
export const mayEditTeam = mayViewTeam;
export const mayViewDepartment = (v: KpiViewer, departmentId: string) => hr(v) || (v.role === 'manager' && v.departments.has(departmentId));

export interface ValueFacts {
  ownerKind: string;
  ownerId: string;
  /** The team the value was recorded for. */
  teamId: string;
}

/** A value's page and history: HR, and the managers of the person or team concerned (then or now). */
export function mayViewValue(v: KpiViewer, value: ValueFacts): boolean {
  if (hr(v)) return true;
  if (v.role !== 'manager') return false;
  if (value.ownerKind === 'team') return v.teams.has(value.ownerId);
  return v.people.has(value.ownerId) || (value.ownerId !== v.id && v.teams.has(value.teamId));
}

export function mayEditValue(v: KpiViewer, value: Pick<ValueFacts, 'ownerKind' | 'ownerId'>): boolean {
  return value.ownerKind === 'team' ? mayEditTeam(v, value.ownerId) : mayEditPerson(v, value.ownerId);
}

export type TargetOwnerKind = 'person' | 'team' | 'department' | 'company';

/** Setting or changing a target: HR for anyone; a manager for the people and teams under them. */
export function maySetTarget(v: KpiViewer, ownerKind: TargetOwnerKind, ownerId: string): boolean {
  if (hr(v)) return true;
  if (ownerKind === 'person') return mayEditPerson(v, ownerId);
  if (ownerKind === 'team') return mayEditTeam(v, ownerId);
  return false;
}

/** Seeing an owner's scorecard (and so its targets). */
export function mayViewOwner(v: KpiViewer, ownerKind: TargetOwnerKind, ownerId: string): boolean {
  if (ownerKind === 'person') return mayViewPerson(v, ownerId);
  if (ownerKind === 'team') return mayViewTeam(v, ownerId);
  if (ownerKind === 'department') return mayViewDepartment(v, ownerId);
  return hr(v);
}
