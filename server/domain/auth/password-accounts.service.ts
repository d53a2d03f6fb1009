/** Signing in with a password, and setting or changing one's own. */
import type { AppContext } from '../../context';
import { ForbiddenError, ValidationError } from '../../errors';
import { hashPassword, verifyPassword } from './passwords';
import { endAllSessions, type SignedIn } from './sessions.service';

/** A person without a password may set a first one only this soon after signing in (by a link to their inbox). */
export const FRESH_SIGN_IN_MINUTES = 10;
export const CURRENT_PASSWORD_WRONG = 'That is not your current password';
export const SIGN_IN_AGAIN_TO_SET = 'For your safety, sign in again with a new link, then set your password within 10 minutes';

/** The active person whose email and password match, or null (same work either way, so timing tells nothing). */
export async function checkPassword(ctx: AppContext, email: string, password: string) {
  const person = await ctx.db.employee.findUnique({ where: { email } });
  const ok = await verifyPassword(password, person?.active ? person.passwordHash : null);
  return ok && person ? person : null;
}

/**
 * What changing the signed-in person's password asks for: their current password when they have one; without
 * one (they sign in by emailed link), a session begun in the last FRESH_SIGN_IN_MINUTES, so a session left open
 * on a shared or borrowed computer cannot be turned into a password the owner does not know ('stale').
 */
export function passwordChangeNeeds(ctx: AppContext, auth: SignedIn): 'current' | 'fresh' | 'stale' {
  if (auth.employee.passwordHash) return 'current';
  return ctx.clock.now().getTime() - auth.signedInAt.getTime() <= FRESH_SIGN_IN_MINUTES * 60_000 ? 'fresh' : 'stale';
}

/**
 * Changes the signed-in person's password (see `passwordChangeNeeds`) and ends all their sessions (the caller
 * signs them in again). A wrong current password is a ValidationError on the field `current`.
 */
export async function changeOwnPassword(ctx: AppContext, auth: SignedIn, current: string | undefined, password: string): Promise<void> {
  const person = await ctx.db.employee.findUniqueOrThrow({ where: { id: auth.employee.id } });
  const needs = passwordChangeNeeds(ctx, { ...auth, employee: person });
  if (needs === 'stale') throw new ForbiddenError(SIGN_IN_AGAIN_TO_SET);
  if (needs === 'current' && !(await verifyPassword(current ?? '', person.passwordHash))) {
    throw new ValidationError('Some fields need attention', [{ path: ['current'], message: CURRENT_PASSWORD_WRONG }]);
  }
  await setPassword(ctx, person.id, password);
  ctx.logger.info({ event: 'password_changed', employeeId: person.id }, 'password changed');
}

/** Sets a person's password and ends all their sessions. */
export async function setPassword(ctx: AppContext, employeeId: string, password: string): Promise<void> {
  await ctx.db.employee.update({ where: { id: employeeId }, data: { passwordHash: await hashPassword(password) } });
  await endAllSessions(ctx, employeeId);
}
