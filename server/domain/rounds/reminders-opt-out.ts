/**
 * Opting out of a round's reminders from the reminder itself: its List-Unsubscribe link (/s/<token>/reminders-off)
 * carries the person's answer token. Opening it only reads (mail scanners open links); posting it (the page's
 * button, or a mail client's RFC 8058 one-click POST) records an opt-out for the invitation, and reminders pass
 * it over (reminders.service.ts). Opt-outs live in their own table, without a time, never on the invitation, and
 * are deleted when the round closes (close-rounds.service.ts), with the round's waiting emails.
 */
import type { AppContext } from '../../context';
import type { DbTx } from '../../db/client';
import { hashToken } from '../../secrets';
import { inWriteTurn } from './write-turns';

/** Stops the reminders of the open round behind answer token `token`; false when the link is unknown or closed. */
export async function stopReminders(ctx: AppContext, token: string): Promise<boolean> {
  const invitation = await ctx.db.invitation.findFirst({ where: { tokenHash: hashToken(token), round: { status: 'open' } }, select: { id: true, roundId: true } });
  if (!invitation) return false;
  // Twice is once: the key is the invitation.
  await inWriteTurn(ctx, () =>
    ctx.db.reminderOptOut.upsert({ where: { invitationId: invitation.id }, create: { invitationId: invitation.id, roundId: invitation.roundId }, update: {} }),
  );
  return true;
}

/** The invitations of round `roundId` whose reminders were stopped. */
export async function optedOut(db: DbTx, roundId: string): Promise<Set<string>> {
  const rows = await db.reminderOptOut.findMany({ where: { roundId }, select: { invitationId: true } });
  return new Set(rows.map((r) => r.invitationId));
}
