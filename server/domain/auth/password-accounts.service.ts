/** Signing in with a password, and setting one's own. */
import type { AppContext } from '../../context';
import { hashPassword, verifyPassword } from './passwords';
import { endAllSessions } from './sessions.service';

/** The active person whose email and password match, or null (same work either way, so timing tells nothing). */
export async function checkPassword(ctx: AppContext, email: string, password: string) {
  const person = await ctx.db.employee.findUnique({ where: { email } });
  const ok = await verifyPassword(password, person?.active ? person.passwordHash : null);
  return ok && person ? person : null;
}

/** Sets a person's password and ends all their sessions (the caller signs them in again). */
export async function setPassword(ctx: AppContext, employeeId: string, password: string): Promise<void> {
  await ctx.db.employee.update({ where: { id: employeeId }, data: { passwordHash: await hashPassword(password) } });
  await endAllSessions(ctx, employeeId);
}
