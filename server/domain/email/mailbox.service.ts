/**
 * The local mailbox: where emails land when no SMTP_URL is set, so Pulse can be tried without a mail
 * server. HR admins read it at /admin/mailbox.
 */
import { audit } from '../audit/audit.service';
import type { AppContext } from '../../context';
import { NotFoundError } from '../../errors';
import { LINK_MINUTES } from '../auth/login-links.service';

/**
 * Deletes the mailbox copies of sign-in links once the links have expired (they no longer work, and nobody
 * should browse who signed in when). Survey links go when their round closes (close-rounds.service.ts).
 */
export async function purgeExpiredLoginLinks(ctx: AppContext): Promise<number> {
  const before = new Date(ctx.clock.now().getTime() - LINK_MINUTES * 60_000);
  const { count } = await ctx.db.mailboxMessage.deleteMany({ where: { template: 'login-link', createdAt: { lt: before } } });
  return count;
}

/** The newest `limit` messages, newest first, with how many there are in all. */
export async function listMailbox(ctx: AppContext, limit = 200) {
  const [messages, total] = await Promise.all([
    ctx.db.mailboxMessage.findMany({
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
      select: { id: true, toAddress: true, subject: true, createdAt: true },
    }),
    ctx.db.mailboxMessage.count(),
  ]);
  return { messages, total };
}

export async function getMailboxMessage(ctx: AppContext, id: string) {
  const message = await ctx.db.mailboxMessage.findUnique({ where: { id } });
  if (!message) throw new NotFoundError();
  return message;
}

/** Opens message `id` for HR to read, logging that they did (it may hold someone's sign-in or answer link). */
export async function readMailboxMessage(ctx: AppContext, id: string) {
  const message = await getMailboxMessage(ctx, id);
  await audit(ctx, ctx.db, { action: 'mailbox.view', targetKind: 'mailbox_message', targetId: message.id, detail: { to: message.toAddress, subject: message.subject } });
  return message;
}

/** A run of plain text, or a link when `href` is set. */
export interface TextPart {
  text: string;
  href?: string;
}

/**
 * Splits an email's text part into plain runs and links, so a view can show it with its links clickable
 * while escaping everything. Only links into this Pulse (`baseUrl`) become links.
 */
export function textWithLinks(text: string, baseUrl: string): TextPart[] {
  const parts: TextPart[] = [];
  const base = baseUrl.replace(/\/+$/, '');
  let last = 0;
  for (const m of text.matchAll(/https?:\/\/[^\s<>"']+/g)) {
    const url = m[0].replace(/[.,;:!?)\]]+$/, '');
    const ours = url === base || url.startsWith(`${base}/`) || url.startsWith(`${base}?`);
    if (!ours) continue;
    const at = m.index;
    if (at > last) parts.push({ text: text.slice(last, at) });
    parts.push({ text: url, href: url });
    last = at + url.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
