/**
 * The calendar side of a series: one event per series (UID `<series id>@<host>`), its SEQUENCE the series'
 * `sequence`, raised on every change. What each message says:
 *  - the series as it stands (REQUEST): the rule, EXDATE for skipped or cancelled meetings, and an override
 *    (RECURRENCE-ID) for each moved meeting still ahead. Reminders carry this, so a client that missed an
 *    update is put right the day before.
 *  - one meeting moved (REQUEST with RECURRENCE-ID); one meeting skipped (CANCEL with RECURRENCE-ID);
 *    the series paused or ended (CANCEL of the whole event).
 * The description is a link to the meeting page: never an agenda item or a note.
 */
import type { AppContext } from '../../context';
import type { DbTx } from '../../db/client';
import type { CalendarEvent, CalendarInvite, CalendarMethod } from '../email/icalendar';
import { localDateOf } from '../recurrence/local-time';
import { firstOccurrence, rruleOf, type SeriesTiming } from './series-rule';

export interface InviteSeries extends SeriesTiming {
  id: string;
  durationMinutes: number;
  location: string | null;
  sequence: number;
  manager: { name: string; email: string };
  report: { name: string; email: string };
}

/** The address part of MAIL_FROM ("Pulse <pulse@example.com>" → pulse@example.com). */
function fromAddress(mailFrom: string): string {
  return /<([^>]+)>/.exec(mailFrom)?.[1] ?? mailFrom.trim();
}

export function seriesUid(ctx: Pick<AppContext, 'config'>, seriesId: string): string {
  return `${seriesId}@${new URL(ctx.config.BASE_URL).hostname}`;
}

/** A link to a meeting page (or the series page). */
export function meetingLink(ctx: Pick<AppContext, 'config'>, meetingId: string): string {
  return `${ctx.config.BASE_URL}/one-on-ones/meetings/${meetingId}`;
}

export function seriesLink(ctx: Pick<AppContext, 'config'>, seriesId: string): string {
  return `${ctx.config.BASE_URL}/one-on-ones/series/${seriesId}`;
}

/** The invitation around `events`; `link` is the only thing in the description. */
export function inviteOf(ctx: Pick<AppContext, 'config' | 'clock'>, s: InviteSeries, method: CalendarMethod, events: CalendarEvent[], link: string): CalendarInvite {
  return {
    method,
    uid: seriesUid(ctx, s.id),
    sequence: s.sequence,
    dtstamp: ctx.clock.now().toISOString(),
    organizer: { name: /^([^<]+)</.exec(ctx.config.MAIL_FROM)?.[1]?.trim() || 'Pulse', email: fromAddress(ctx.config.MAIL_FROM) },
    attendees: [s.manager, s.report],
    summary: `1:1 ${s.manager.name} / ${s.report.name}`,
    description: link,
    url: link,
    location: s.location,
    timeZone: s.timeZone,
    events,
  };
}

/** What the series' state adds to its master event: skipped and cancelled slots, and moved meetings still ahead. */
export interface SeriesExceptions {
  /** Slots (ISO) that do not take place. */
  exdates: string[];
  /** Moved meetings: their slot and where they went. */
  moved: { slot: string; startsAt: Date; endsAt: Date }[];
}

/** The master event: the rule from its first occurrence, without the slots that do not take place. */
export function masterEvent(s: InviteSeries, x: SeriesExceptions): CalendarEvent {
  return { start: firstOccurrence(s).toISOString(), durationMinutes: s.durationMinutes, rrule: rruleOf(s), exdates: x.exdates };
}

export function overrideEvent(m: { slot: string; startsAt: Date; endsAt: Date }): CalendarEvent {
  return { recurrenceId: m.slot, start: m.startsAt.toISOString(), durationMinutes: Math.round((m.endsAt.getTime() - m.startsAt.getTime()) / 60_000) };
}

/** The series as it stands: master plus overrides. */
export function fullStateEvents(s: InviteSeries, x: SeriesExceptions): CalendarEvent[] {
  return [masterEvent(s, x), ...x.moved.map(overrideEvent)];
}

/**
 * The exceptions of many series at once (reminder ticks): slots from each series' current rule start on that
 * were skipped or cancelled, and moved meetings that are still to come. One query, whatever the number.
 */
export async function exceptionsOf(db: DbTx, series: { id: string; startDate: string; timeZone: string }[], now: Date): Promise<Map<string, SeriesExceptions>> {
  const out = new Map<string, SeriesExceptions>(series.map((s) => [s.id, { exdates: [], moved: [] }]));
  if (series.length === 0) return out;
  const rows = await db.oneOnOneMeeting.findMany({
    where: {
      seriesId: { in: series.map((s) => s.id) },
      OR: [{ status: { in: ['skipped', 'cancelled'] } }, { moved: true, status: 'scheduled', endsAt: { gt: now } }],
    },
    select: { seriesId: true, slot: true, status: true, startsAt: true, endsAt: true },
    orderBy: { slot: 'asc' },
  });
  const byId = new Map(series.map((s) => [s.id, s]));
  for (const r of rows) {
    const x = out.get(r.seriesId)!;
    const s = byId.get(r.seriesId)!;
    if (r.status === 'scheduled') x.moved.push(r);
    // Slots of an earlier rule (before the current rule's start date) are not the event's occurrences any more.
    else if (localDateOf(new Date(r.slot), s.timeZone) >= s.startDate) x.exdates.push(r.slot);
  }
  return out;
}
