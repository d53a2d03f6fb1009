/**
 * Sign-in by emailed link. The link's token (256 bits) is stored only as a hash and lives 15 minutes.
 * Opening the link (GET) never spends it, since mail scanners open links first; the person's POST does,
 * with a conditional update so a link signs in once.
 */
import type { AppContext } from '../../context';
import { enqueueEmail } from '../email/outbox.service';
import { hashToken, randomToken } from '../../secrets';
import { toLocale } from '../../i18n/i18n';

export const LINK_MINUTES = 15;

/** Emails a sign-in link when `email` belongs to an active person; says nothing either way. */
export async function requestLoginLink(ctx: AppContext, email: string): Promise<void> {
  const person = await ctx.db.employee.findUnique({ where: { email } });
  if (!person || !person.active) {
    ctx.logger.info({ event: 'login_link_unknown' }, 'sign-in link asked for an unknown or inactive address');
    return;
  }
  const token = randomToken();
  const now = ctx.clock.now();
  await ctx.db.$transaction(async (tx) => {
    const link = await tx.loginToken.create({
      data: { tokenHash: hashToken(token), employeeId: person.id, expiresAt: new Date(now.getTime() + LINK_MINUTES * 60_000) },
    });
    await enqueueEmail(ctx, tx, {
      dedupeKey: `login:${link.id}`,
      template: 'login-link',
      to: person.email,
      toName: person.name,
      locale: toLocale(person.locale),
      data: { name: person.name, minutes: LINK_MINUTES },
      secret: { link: `${ctx.config.BASE_URL}/login/link/${token}` },
    });
  });
  ctx.kick('send-emails');
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
