/**
 * Server-side sessions (ASVS 7.2–7.4): a 256-bit random cookie value, stored only as its SHA-256,
 * with an idle and an absolute timeout, ended at sign-out and when the person is deactivated.
 */
import type { AppContext } from '../../context';
import type { Employee } from '../../../prisma/generated/sqlite/client';
import { hashToken, randomToken } from '../../secrets';

export interface SignedIn {
  sessionId: string;
  employee: Employee;
  /** When this session began (a fresh sign-in may set a first password). */
  signedInAt: Date;
}

const TOUCH_EVERY_MS = 60_000;

/** Starts a new session for `employeeId` and returns the cookie value. */
export async function startSession(ctx: AppContext, employeeId: string): Promise<string> {
  const token = randomToken();
  const now = ctx.clock.now();
  await ctx.db.session.create({
    data: {
      id: hashToken(token),
      employeeId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + ctx.config.SESSION_ABSOLUTE_DAYS * 86_400_000),
    },
  });
  return token;
}

/** The session and its person for a cookie value, or null when unknown, expired, idle too long or deactivated. */
export async function resumeSession(ctx: AppContext, token: string): Promise<SignedIn | null> {
  const id = hashToken(token);
  const row = await ctx.db.session.findUnique({ where: { id }, include: { employee: true } });
  if (!row) return null;
  const now = ctx.clock.now().getTime();
  const idleLimit = ctx.config.SESSION_IDLE_MINUTES * 60_000;
  if (!row.employee.active || row.expiresAt.getTime() <= now || now - row.lastSeenAt.getTime() > idleLimit) {
    await ctx.db.session.deleteMany({ where: { id } });
    return null;
  }
  if (now - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await ctx.db.session.updateMany({ where: { id }, data: { lastSeenAt: new Date(now) } });
  }
  return { sessionId: id, employee: row.employee, signedInAt: row.createdAt };
}

export async function endSession(ctx: AppContext, sessionId: string): Promise<void> {
  await ctx.db.session.deleteMany({ where: { id: sessionId } });
}

/**
 * Ends every session of a person (deactivation, password change), and spends their unused sign-in links: a link
 * is a session not begun yet, and one made before a deactivation must not open again after a reactivation.
 * Returns how many sessions ended.
 */
export async function endAllSessions(ctx: AppContext, employeeId: string): Promise<number> {
  await ctx.db.loginToken.updateMany({ where: { employeeId, usedAt: null }, data: { usedAt: ctx.clock.now() } });
  const { count } = await ctx.db.session.deleteMany({ where: { employeeId } });
  return count;
}
