/**
 * The emails a series sends, queued in the outbox in the caller's transaction (so a change and its emails
 * commit together), each to both people of the pair, in their own language and time zone, with the calendar
 * invitation in the row's data (`calendar`; the sender builds the text/calendar part from it). Nothing in them
 * comes from the meeting's content: the body and the invitation carry the time, the place and a link.
 */
import type { AppContext } from '../../context';
import type { DbTx } from '../../db/client';
import { toLocale } from '../../i18n/i18n';
import { enqueueEmails, type OutgoingEmail } from '../email/outbox.service';
import type { CalendarInvite } from '../email/icalendar';

export interface Person {
  id: string;
  name: string;
  email: string;
  locale: string;
  timeZone: string;
  active: boolean;
}

/** What happened: the update email says it in words; the invitation in the row makes calendars follow. */
export type UpdateKind = 'created' | 'changed' | 'moved' | 'skipped' | 'paused' | 'resumed' | 'ended' | 'manager_changed';

export interface PairEmail {
  template: 'one-on-one-reminder' | 'one-on-one-update' | 'one-on-one-cancel';
  /** Unique per change (the series' sequence) or per reminder claim; the person's id is added. */
  key: string;
  manager: Person;
  report: Person;
  kind?: UpdateKind;
  startsAt: Date | null;
  location: string | null;
  link: string;
  calendar: CalendarInvite;
}

/** The two emails (manager's and report's) of `e`; deactivated people get none. */
export function pairEmails(e: PairEmail): OutgoingEmail[] {
  return [
    [e.manager, e.report],
    [e.report, e.manager],
  ]
    .filter(([to]) => to.active)
    .map(([to, other]) => ({
      dedupeKey: `${e.key}:${to.id}`,
      template: e.template,
      to: to.email,
      toName: to.name,
      locale: toLocale(to.locale),
      data: {
        name: to.name,
        otherName: other.name,
        kind: e.kind ?? null,
        startsAt: e.startsAt?.toISOString() ?? null,
        timeZone: to.timeZone,
        location: e.location,
        link: e.link,
        calendar: e.calendar,
      },
    }));
}

/** Queues the emails of one change of a series and asks the sender to run. */
export async function queuePairEmails(ctx: AppContext, tx: DbTx, emails: PairEmail[]): Promise<void> {
  await enqueueEmails(ctx, tx, emails.flatMap(pairEmails));
}
