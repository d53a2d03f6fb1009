/** Teams: a name, the department it belongs to and its manager. */
import { audit } from '../audit/audit.service';
import type { AppContext } from '../../context';
import { isUniqueViolation } from '../../db/errors';
import { NotFoundError, ValidationError, type FieldIssue } from '../../errors';
import type { TeamInput, TeamOutput } from './team.schema';
import { containsText } from './text-search';

const include = { department: true, manager: { select: { email: true, name: true } }, _count: { select: { members: true } } } as const;

type TeamRow = Awaited<ReturnType<typeof loadTeam>>;
async function loadTeam(ctx: AppContext, id: string) {
  return ctx.db.team.findUnique({ where: { id }, include });
}

function toOutput(t: NonNullable<TeamRow>): TeamOutput & { managerName: string | null } {
  return {
    id: t.id,
    name: t.name,
    department: t.department.name,
    departmentId: t.departmentId,
    managerEmail: t.manager?.email ?? null,
    managerName: t.manager?.name ?? null,
    memberCount: t._count.members,
  };
}

/** Teams whose name or department matches `search`, by department then name. */
export async function listTeams(ctx: AppContext, search = '') {
  const rows = await ctx.db.team.findMany({
    where: search ? { OR: [{ name: containsText(ctx, search) }, { department: { name: containsText(ctx, search) } }] } : undefined,
    include,
    orderBy: [{ department: { name: 'asc' } }, { name: 'asc' }],
  });
  return rows.map(toOutput);
}

export async function getTeam(ctx: AppContext, id: string) {
  const row = await loadTeam(ctx, id);
  if (!row) throw new NotFoundError('No such team');
  return toOutput(row);
}

/** The department and manager a TeamInput names, or the field issues saying what is missing. */
async function resolve(ctx: AppContext, input: TeamInput) {
  const issues: FieldIssue[] = [];
  const department = await ctx.db.department.findUnique({ where: { name: input.department } });
  if (!department) issues.push({ path: ['department'], message: 'No department has this name' });
  const manager = input.managerEmail ? await ctx.db.employee.findUnique({ where: { email: input.managerEmail } }) : null;
  if (input.managerEmail && !manager) issues.push({ path: ['managerEmail'], message: 'Nobody has this email address' });
  if (issues.length) throw new ValidationError('Some fields need attention', issues);
  return { departmentId: department!.id, managerId: manager?.id ?? null };
}

async function save(ctx: AppContext, input: TeamInput, id?: string) {
  const data = { name: input.name, ...(await resolve(ctx, input)) };
  try {
    const row = await ctx.db.$transaction(async (tx) => {
      const saved = id ? await tx.team.update({ where: { id }, data }) : await tx.team.create({ data });
      await audit(ctx, tx, { action: id ? 'team.update' : 'team.create', targetKind: 'team', targetId: saved.id, detail: { name: saved.name, managerId: saved.managerId } });
      return saved;
    });
    return getTeam(ctx, row.id);
  } catch (err) {
    if (isUniqueViolation(err)) throw new ValidationError('Some fields need attention', [{ path: ['name'], message: 'This department has a team with this name already' }]);
    throw err;
  }
}

export const createTeam = (ctx: AppContext, input: TeamInput) => save(ctx, input);

export async function updateTeam(ctx: AppContext, id: string, input: TeamInput) {
  await getTeam(ctx, id);
  return save(ctx, input, id);
}
