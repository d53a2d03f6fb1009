/** Builders for the directory and API tests: people of each role who can sign in, and API tokens. */
import type { AppContext } from '../../server/context';
import { createApiToken } from '../../server/domain/api-tokens/api-tokens.service';
import { hashPassword } from '../../server/domain/auth/passwords';
import { buildEmployee, buildOrg, buildTeam } from '../factories';
import { TEST_PASSWORD } from '../helpers/sign-in';

let testPasswordHash: Promise<string> | undefined;
/** TEST_PASSWORD hashed once per test file (scrypt is deliberately slow). */
const passwordHash = () => (testPasswordHash ??= hashPassword(TEST_PASSWORD));

/** An HR admin, a manager running a team, and an employee in that team, all able to sign in with TEST_PASSWORD. */
export async function buildPeople(ctx: AppContext) {
  const { admin } = await buildOrg(ctx.db, { adminPassword: TEST_PASSWORD });
  const manager = await buildEmployee(ctx.db, { role: 'manager', email: 'maya.manager@acme.test', name: 'Maya Manager' });
  const team = await buildTeam(ctx.db, { name: 'Field Sales', managerId: manager.id });
  const employee = await buildEmployee(ctx.db, { email: 'eka.employee@acme.test', name: 'Eka Employee', teamId: team.id, managerId: manager.id });
  await ctx.db.employee.updateMany({ where: { id: { in: [manager.id, employee.id] } }, data: { passwordHash: await passwordHash() } });
  return { admin, manager, employee, team };
}

/** A live API token created by `adminId`; returns the clear token and its row. */
export async function buildApiToken(ctx: AppContext, adminId: string, name = 'HRIS sync') {
  return createApiToken(ctx, { name }, adminId);
}
