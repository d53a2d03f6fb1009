/** Reading the directory, and deactivating / reactivating people (their sessions end at once). */
import { audit } from '../audit/audit.service';
import type { AppContext } from '../../context';
import { endSeriesOfLeavers } from '../one-on-ones/series.service';
import type { DbTx } from '../../db/client';
import { ForbiddenError, NotFoundError } from '../../errors';
import { endAllSessions } from '../auth/sessions.service';
import { assertAnHrAdminRemains, lockHrRoster, revokeTokensOfFormerAdmins } from './hr-admins';
import type { EmployeeOutput } from './employee.schema';
import { containsText } from './text-search';

export const employeeInclude = {
  team: { include: { department: true } },
  manager: { select: { email: true, name: true } },
} as const;

type EmployeeRow = NonNullable<Awaited<ReturnType<typeof findWithRelations>>>;
function findWithRelations(db: DbTx, id: string) {
  return db.employee.findUnique({ where: { id }, include: employeeInclude });
}

/** The public shape of an employee (the API's and the CSV's columns). */
export function toEmployeeOutput(e: EmployeeRow): EmployeeOutput {
  return {
    id: e.id,
    email: e.email,
    name: e.name,
    role: e.role as EmployeeOutput['role'],
    department: e.team?.department.name ?? null,
    team: e.team?.name ?? null,
    managerEmail: e.manager?.email ?? null,
    startDate: e.startDate,
    locale: e.locale as EmployeeOutput['locale'],
    timeZone: e.timeZone,
    active: e.active,
  };
}

export interface EmployeeFilter {
  search?: string;
  active?: boolean;
  teamId?: string;
}

function whereOf(ctx: AppContext, f: EmployeeFilter) {
  return {
    ...(f.active === undefined ? {} : { active: f.active }),
    ...(f.teamId ? { teamId: f.teamId } : {}),
    ...(f.search ? { OR: [{ name: containsText(ctx, f.search) }, { email: containsText(ctx, f.search) }] } : {}),
  };
}

/** A page of the directory for the admin list, by name. */
export async function listEmployees(ctx: AppContext, f: EmployeeFilter, page = 1, perPage = 50) {
  const where = whereOf(ctx, f);
  const [rows, total] = await Promise.all([
    ctx.db.employee.findMany({ where, include: employeeInclude, orderBy: [{ name: 'asc' }, { id: 'asc' }], skip: (page - 1) * perPage, take: perPage }),
    ctx.db.employee.count({ where }),
  ]);
  return { rows: rows.map((r) => ({ ...toEmployeeOutput(r), managerName: r.manager?.name ?? null })), total, pages: Math.max(1, Math.ceil(total / perPage)) };
}

/** Keyset paging for the API: ordered by id, `cursor` is the last id of the previous page. */
export async function pageEmployees(ctx: AppContext, f: EmployeeFilter, limit: number, cursor?: string) {
  const rows = await ctx.db.employee.findMany({
    where: { ...whereOf(ctx, f), ...(cursor ? { id: { gt: cursor } } : {}) },
    include: employeeInclude,
    orderBy: { id: 'asc' },
    take: limit + 1,
  });
  const more = rows.length > limit;
  const data = rows.slice(0, limit).map(toEmployeeOutput);
  return { data, nextCursor: more ? data[data.length - 1].id : null };
}

/** Every employee, for the CSV export. */
export async function allEmployees(ctx: AppContext): Promise<EmployeeOutput[]> {
  const rows = await ctx.db.employee.findMany({ include: employeeInclude, orderBy: [{ email: 'asc' }] });
  return rows.map(toEmployeeOutput);
}

export async function getEmployee(ctx: AppContext, id: string) {
  const row = await findWithRelations(ctx.db, id);
  if (!row) throw new NotFoundError('No such employee');
  return { ...toEmployeeOutput(row), teamId: row.teamId, deactivatedAt: row.deactivatedAt, managerName: row.manager?.name ?? null };
}

/**
 * Marks a leaver inactive (kept for history, never deleted) and ends all their sessions. An HR admin's API
 * tokens are revoked with it; the last active HR admin cannot be deactivated, also by two admins at once
 * (hr-admins.ts), and an admin who lost that status meanwhile can no longer deactivate anyone.
 */
export async function deactivateEmployee(ctx: AppContext, id: string, byId: string): Promise<void> {
  if (id === byId) throw new ForbiddenError('You cannot deactivate yourself; ask another HR admin');
  const now = ctx.clock.now();
  await ctx.db.$transaction(async (tx) => {
    await lockHrRoster(tx, now);
    const [person, by] = await Promise.all([tx.employee.findUnique({ where: { id } }), tx.employee.findUnique({ where: { id: byId } })]);
    if (!person) throw new NotFoundError('No such employee');
    if (!by?.active || by.role !== 'hr_admin') throw new ForbiddenError('Your account is no longer an active HR admin');
    if (!person.active) return;
    await tx.employee.update({ where: { id }, data: { active: false, deactivatedAt: now } });
    await audit(ctx, tx, { action: 'employee.deactivate', targetKind: 'employee', targetId: id, detail: { name: person.name } });
    // Their 1:1 series end with them (the other person gets the calendar cancellation).
    await endSeriesOfLeavers(ctx, tx, [id]);
    if (person.role === 'hr_admin') {
      await assertAnHrAdminRemains(tx);
      await revokeTokensOfFormerAdmins(tx, [id], now);
    }
  });
  ctx.kick('send-emails');
  await endAllSessions(ctx, id);
  ctx.logger.info({ event: 'employee_deactivated', employeeId: id, by: byId }, 'employee deactivated');
}

export async function reactivateEmployee(ctx: AppContext, id: string, byId: string): Promise<void> {
  const person = await getEmployee(ctx, id);
  await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.employee.updateMany({ where: { id, active: false }, data: { active: true, deactivatedAt: null } });
    if (count) await audit(ctx, tx, { action: 'employee.reactivate', targetKind: 'employee', targetId: id, detail: { name: person.name } });
  });
  ctx.logger.info({ event: 'employee_reactivated', employeeId: id, by: byId }, 'employee reactivated');
}

/** Active people who can be chosen as a manager in forms (email and name). */
export async function managerChoices(ctx: AppContext) {
  return ctx.db.employee.findMany({ where: { active: true }, select: { email: true, name: true }, orderBy: { name: 'asc' } });
}
