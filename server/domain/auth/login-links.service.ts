/**
 * Sign-in by emailed link. The link's token (256 bits) is stored only as a hash and lives 15 minutes.
 * Opening the link (GET) never spends it, since mail scanners open links first; the person's POST does,
 * with a conditional update so a link signs in once.
 *
 * Asking for a link answers before anything about the address is looked up (`requestLoginLinkAfter`): the
 * lookup, the token and the email happen once the answer has gone, so a known address and an unknown one take
 * the same time to answer (no account enumeration by timing).
 */
import type { AppContext } from '../../context';
import type { DbTx } from '../../db/client';
import { NotFoundError } from '../../errors';
import { enqueueEmail } from '../email/outbox.service';
import { hashToken, randomToken } from '../../secrets';
import { toLocale } from '../../i18n/i18n';

export const LINK_MINUTES = 15;

async function createLink(ctx: AppContext, tx: DbTx, employeeId: string) {
  const token = randomToken();
  const link = await tx.loginToken.create({
    data: { tokenHash: hashToken(token), employeeId, expiresAt: new Date(ctx.clock.now().getTime() + LINK_MINUTES * 60_000) },
  });
  return { id: link.id, url: `${ctx.config.BASE_URL}/login/link/${token}` };
}

/** Emails a sign-in link when `email` belongs to an active person; says nothing either way. */
export async function requestLoginLink(ctx: AppContext, email: string): Promise<void> {
  const person = await ctx.db.employee.findUnique({ where: { email } });
  if (!person || !person.active) {
    ctx.logger.info({ event: 'login_link_unknown' }, 'sign-in link asked for an unknown or inactive address');
    return;
  }
  await ctx.db.$transaction(async (tx) => {
    const link = await createLink(ctx, tx, person.id);
    await enqueueEmail(ctx, tx, {
      dedupeKey: `login:${link.id}`,
      template: 'login-link',
      to: person.email,
      toName: person.name,
      locale: toLocale(person.locale),
      data: { name: person.name, minutes: LINK_MINUTES },
      secret: { link: link.url },
    });
  });
  ctx.kick('send-emails');
}

const pending = new Set<Promise<void>>();

/**
 * Runs `requestLoginLink` once `response` has been sent (its 'finish' event), so the answer never waits on, nor
 * varies with, what the address turns out to be. Failures are logged; the person can ask again.
 */
export function requestLoginLinkAfter(ctx: AppContext, response: { once(event: 'finish', listener: () => void): unknown }, email: string): void {
  response.once('finish', () => {
    const work: Promise<void> = requestLoginLink(ctx, email)
      .catch((err: unknown) => ctx.logger.error({ err, event: 'login_link_failed' }, 'could not queue a sign-in link'))
      .finally(() => pending.delete(work));
    pending.add(work);
  });
}

/** Waits for the sign-in link requests still being handled (tests, and shutdown before the database closes). */
export async function settleLoginLinkRequests(): Promise<void> {
  while (pending.size) await Promise.all([...pending]);
}

/** A one-time sign-in link for an active person, returned instead of emailed. */
export async function issueLoginLink(ctx: AppContext, employeeId: string): Promise<string> {
  const person = await ctx.db.employee.findUnique({ where: { id: employeeId } });
  if (!person?.active) throw new NotFoundError('No active person with this id');
  const link = await createLink(ctx, ctx.db, person.id);
  ctx.logger.info({ event: 'login_link_issued', employeeId: person.id }, 'sign-in link issued without email');
  return link.url;
}

/**
 * The way back in for an operator whose HR admins cannot receive email (`npm run login-link`): a one-time
 * sign-in link for the active HR admin with this address.
 */
export async function issueHrAdminLoginLink(ctx: AppContext, email: string): Promise<string> {
  const person = await ctx.db.employee.findUnique({ where: { email } });
  if (!person?.active || person.role !== 'hr_admin') throw new NotFoundError('No active HR admin has this email address');
  return issueLoginLink(ctx, person.id);
}

/** Whether a link can still be used (for the page that GET shows). */
export async function loginLinkUsable(ctx: AppContext, token: string): Promise<boolean> {
  const row = await ctx.db.loginToken.findUnique({ where: { tokenHash: hashToken(token) }, include: { employee: true } });
  return !!row && !row.usedAt && row.expiresAt > ctx.clock.now() && row.employee.active;
}

/** Spends a link; returns the person's id, or null when the link is unknown, used, expired or the person inactive. */
export async function consumeLoginLink(ctx: AppContext, token: string): Promise<string | null> {
  const now = ctx.clock.now();
  const tokenHash = hashToken(token);
  const { count } = await ctx.db.loginToken.updateMany({
    where: { tokenHash, usedAt: null, expiresAt: { gt: now }, employee: { active: true } },
    data: { usedAt: now },
  });
  if (count !== 1) return null;
  const row = await ctx.db.loginToken.findUniqueOrThrow({ where: { tokenHash } });
  return row.employeeId;
}
