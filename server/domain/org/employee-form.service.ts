/** The admin's employee form: the team is chosen from a list (by id), then the row goes through the same upsert. */
import type { AppContext } from '../../context';
import { ValidationError } from '../../errors';
import { applyUpsert } from './employee-upsert.service';

export const EMPLOYEE_FORM_FIELDS = ['name', 'email', 'teamId', 'managerEmail', 'role', 'startDate', 'locale', 'timeZone'] as const;

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** Creates (no `id`) or updates the employee the form describes; returns the id. Issues carry form field names. */
export async function saveEmployeeForm(ctx: AppContext, form: Record<string, unknown>, id?: string): Promise<string> {
  const teamId = str(form.teamId);
  const team = teamId ? await ctx.db.team.findUnique({ where: { id: teamId }, include: { department: true } }) : null;
  if (teamId && !team) throw new ValidationError('Some fields need attention', [{ path: ['teamId'], message: 'Choose a team from the list' }]);
  const email = str(form.email).trim().toLowerCase();
  if (!id && email) {
    const taken = await ctx.db.employee.findUnique({ where: { email }, select: { id: true } });
    if (taken) throw new ValidationError('Some fields need attention', [{ path: ['email'], message: 'Someone already has this email address; open their page to change it' }]);
  }
  const data = {
    name: str(form.name),
    email: str(form.email),
    department: team?.department.name ?? '',
    team: team?.name ?? '',
    managerEmail: str(form.managerEmail),
    role: str(form.role),
    startDate: str(form.startDate),
    locale: str(form.locale),
    timeZone: str(form.timeZone),
  };
  try {
    const result = await applyUpsert(ctx, [{ ref: [], id, data }], 'Some fields need attention');
    return result.rows[0].id;
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    const issues = err.issues.map((i) => (i.path[0] === 'department' || i.path[0] === 'team' ? { ...i, path: ['teamId'] } : i));
    throw new ValidationError(err.message, issues);
  }
}
