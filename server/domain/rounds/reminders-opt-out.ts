/**
 * Opting out of a round's reminders from the reminder itself: its List-Unsubscribe link (/s/<token>/reminders-off)
 * carries the person's answer token. Opening it only reads (mail scanners open links); posting it (the page's
 * button, or a mail client's RFC 8058 one-click POST) marks the invitation, and reminders pass it over
 * (reminders.service.ts). The mark goes when the round's traces are reduced to counts (release.service.ts).
 */
import type { AppContext } from '../../context';
import { hashToken } from '../../secrets';
import { inWriteTurn } from './write-turns';

/** Stops the reminders of the open round behind answer token `token`; false when the link is unknown or closed. */
export async function stopReminders(ctx: AppContext, token: string): Promise<boolean> {
  const { count } = await inWriteTurn(ctx, () =>
    ctx.db.invitation.updateMany({ where: { tokenHash: hashToken(token), round: { status: 'open' } }, data: { remindersOff: true } }),
  );
  return count === 1;
}
