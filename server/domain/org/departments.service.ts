/** Departments: the top level of the directory (department > team > people). */
import { audit } from '../audit/audit.service';
import type { AppContext } from '../../context';
import { isUniqueViolation } from '../../db/errors';
import { NotFoundError, ValidationError } from '../../errors';
import type { DepartmentInput, DepartmentOutput } from './department.schema';
import { containsText } from './text-search';

const nameTaken = () => new ValidationError('Some fields need attention', [{ path: ['name'], message: 'A department with this name exists already' }]);

export async function listDepartments(ctx: AppContext, search = ''): Promise<DepartmentOutput[]> {
  const rows = await ctx.db.department.findMany({
    where: search ? { name: containsText(ctx, search) } : undefined,
    include: { _count: { select: { teams: true } } },
    orderBy: { name: 'asc' },
  });
  return rows.map((d) => ({ id: d.id, name: d.name, teamCount: d._count.teams }));
}

export async function getDepartment(ctx: AppContext, id: string) {
  const row = await ctx.db.department.findUnique({ where: { id } });
  if (!row) throw new NotFoundError('No such department');
  return row;
}

export async function createDepartment(ctx: AppContext, input: DepartmentInput) {
  try {
    return await ctx.db.$transaction(async (tx) => {
      const row = await tx.department.create({ data: { name: input.name } });
      await audit(ctx, tx, { action: 'department.create', targetKind: 'department', targetId: row.id, detail: { name: row.name } });
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken();
    throw err;
  }
}

export async function renameDepartment(ctx: AppContext, id: string, input: DepartmentInput) {
  await getDepartment(ctx, id);
  try {
    return await ctx.db.$transaction(async (tx) => {
      const row = await tx.department.update({ where: { id }, data: { name: input.name } });
      await audit(ctx, tx, { action: 'department.update', targetKind: 'department', targetId: id, detail: { name: row.name } });
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw nameTaken();
    throw err;
  }
}
