/**
 * Reminders. Reminder k of a round is due at reminderTimes(...)[k]. A tick claims the latest due reminder with
 * a conditional update of Round.remindersDone (the value read → k + 1), and in the same transaction queues one
 * email per invitation not yet answered, with the link recovered from its sealed token. After an outage only
 * the latest due reminder goes out, not a burst of them. With local-time sending (local-delivery.ts) each
 * person's reminder waits as long after the round's reminder time as their invitation waited after the opening,
 * so it keeps its local time of day and never comes before the invitation; one that would then fall after the
 * close is not queued.
 */
import type { AppContext } from '../../context';
import { toLocale } from '../../i18n/i18n';
import { enqueueEmails } from '../email/outbox.service';
import { reminderTimes } from '../surveys/schedule-times';
import { answerLink, CHUNK } from './round-writer';
import { ROUND_TX } from './open-round.service';
import { inWriteTurn } from './write-turns';
import { forEachIsolated } from '../shared/isolated';
import { personalSendTime, zoneOfPerson } from './local-delivery';
import { optedOut } from './reminders-opt-out';
import { inviteWords } from './invite-words';

export interface RemindersSent {
  roundId: string;
  reminder: number;
  queued: number;
}

/** A reminder's secret values: the answer link, and the link that stops this round's reminders (List-Unsubscribe). */
function withOptOut(link: string): { link: string; unsubscribe: string } {
  return { link, unsubscribe: `${link}/reminders-off` };
}

/** The index of the latest reminder due at `now` that has not been sent, or null. */
export function dueReminder(times: Date[], done: number, now: Date): number | null {
  let due: number | null = null;
  for (let k = done; k < times.length; k++) if (times[k].getTime() <= now.getTime()) due = k;
  return due;
}

/** Queues the due reminders of every open round; returns what this instance queued. */
export async function sendDueReminders(ctx: AppContext): Promise<RemindersSent[]> {
  const now = ctx.clock.now();
  const rounds = await ctx.db.round.findMany({
    where: { status: 'open', closesAt: { gt: now }, reminderCount: { gt: 0 } },
    select: {
      id: true,
      title: true,
      intro: true,
      titleId: true,
      introId: true,
      openedAt: true,
      closesAt: true,
      reminderCount: true,
      remindersDone: true,
      localSendAt: true,
      schedule: { select: { timeZone: true } },
    },
  });
  const pending = rounds.filter((r) => r.remindersDone < r.reminderCount);
  if (pending.length === 0) return [];
  const settings = await ctx.db.orgSettings.findUnique({ where: { id: 1 }, select: { defaultTimeZone: true } });
  const sent: RemindersSent[] = [];
  // Each round on its own: one that fails is logged and the others still get their reminders.
  await forEachIsolated(ctx.logger, 'send-reminders', pending, (round) => ({ roundId: round.id }), async (round) => {
    const zone = round.schedule?.timeZone ?? settings?.defaultTimeZone ?? 'UTC';
    const k = dueReminder(reminderTimes(round.openedAt, round.closesAt, round.reminderCount, zone), round.remindersDone, now);
    if (k === null) return;
    const queued = await inWriteTurn(ctx, () => ctx.db.$transaction(async (tx) => {
      const { count } = await tx.round.updateMany({
        where: { id: round.id, status: 'open', remindersDone: round.remindersDone },
        data: { remindersDone: k + 1 },
      });
      if (count !== 1) return null;
      const waiting = { roundId: round.id, answered: false, tokenCipher: { not: null }, employee: { active: true } };
      const stopped = await optedOut(tx, round.id);
      const invitations = await tx.invitation.findMany({
        where: waiting,
        select: { id: true, tokenCipher: true, locale: true, employee: { select: { email: true, name: true, timeZone: true } } },
      });
      const { localSendAt } = round;
      // The person's delay: how long their invitation waited after the opening (none without local-time sending).
      const delay = (timeZone: string) =>
        localSendAt ? personalSendTime(localSendAt, zoneOfPerson(timeZone, settings?.defaultTimeZone), round.openedAt).getTime() - round.openedAt.getTime() : 0;
      const due = invitations
        .filter((inv) => !stopped.has(inv.id))
        .map((inv) => ({ inv, notBefore: new Date(now.getTime() + delay(inv.employee.timeZone)) }))
        .filter(({ notBefore }) => notBefore.getTime() < round.closesAt.getTime());
      for (let i = 0; i < due.length; i += CHUNK) {
        await enqueueEmails(
          ctx,
          tx,
          due.slice(i, i + CHUNK).map(({ inv, notBefore }) => ({
            dedupeKey: `remind:${k}:${inv.id}`,
            template: 'survey-reminder',
            to: inv.employee.email,
            toName: inv.employee.name,
            locale: toLocale(inv.locale),
            data: { ...inviteWords(toLocale(inv.locale), round), name: inv.employee.name, closesAt: round.closesAt.toISOString(), timeZone: inv.employee.timeZone },
            secret: withOptOut(answerLink(ctx, ctx.keyring.open(inv.tokenCipher as string))),
            roundId: round.id,
            notBefore,
          })),
        );
      }
      return due.length;
    }, ROUND_TX));
    if (queued !== null) {
      sent.push({ roundId: round.id, reminder: k, queued });
      ctx.logger.info({ event: 'reminder_queued', roundId: round.id, reminder: k, queued }, 'reminder queued');
    }
  });
  if (sent.length > 0) ctx.kick('send-emails');
  return sent;
}
