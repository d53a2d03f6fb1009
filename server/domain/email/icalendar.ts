/**
 * Calendar invitations by email (RFC 5545 and iTIP, RFC 5546): a JSON description that an outbox row carries
 * (`data.calendar`), and the text/calendar body built from it when the email is sent.
 *  - REQUEST adds or updates the event with this UID; CANCEL removes it (or, with RECURRENCE-ID, one occurrence).
 *  - SEQUENCE must rise with every change, so clients replace the event instead of adding another.
 *  - Times carry TZID with a VTIMEZONE block (Outlook shows them an hour off otherwise).
 *  - ORGANIZER, ATTENDEE and DTSTAMP are always present (Gmail offers Yes/No/Maybe only to an ATTENDEE).
 * Nothing here reads notes: the description is whatever the caller puts in (a link to the meeting page).
 */
import { localParts } from '../recurrence/local-time';
import { vtimezoneLines } from './vtimezone';

export type CalendarMethod = 'REQUEST' | 'CANCEL';

export interface CalendarPerson {
  name: string;
  email: string;
}

export interface CalendarEvent {
  /** ISO UTC instant of the occurrence this event overrides (RECURRENCE-ID); absent for the series itself. */
  recurrenceId?: string;
  /** ISO UTC. */
  start: string;
  durationMinutes: number;
  /** An RRULE value, e.g. FREQ=WEEKLY;INTERVAL=2;BYDAY=TU (the series only). */
  rrule?: string;
  /** ISO UTC instants of occurrences that do not take place (EXDATE; the series only). */
  exdates?: string[];
  cancelled?: boolean;
}

export interface CalendarInvite {
  method: CalendarMethod;
  uid: string;
  sequence: number;
  /** ISO UTC: when this version of the invitation was made. */
  dtstamp: string;
  organizer: CalendarPerson;
  attendees: CalendarPerson[];
  summary: string;
  description: string;
  url?: string;
  location?: string | null;
  timeZone: string;
  events: CalendarEvent[];
}

export interface CalendarPart {
  method: CalendarMethod;
  content: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

function utcStamp(iso: string): string {
  return new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function localStamp(ms: number, zone: string): string {
  const p = localParts(ms, zone);
  return `${p.year}${pad(p.month)}${pad(p.day)}T${pad(p.hour)}${pad(p.minute)}${pad(p.second)}`;
}

/** TEXT value escaping (§3.3.11). */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** A quoted parameter value (CN): double quotes are not allowed inside, so they go. */
function paramValue(value: string): string {
  return `"${value.replace(/["\r\n]/g, '')}"`;
}

/** Folds a content line at 75 octets (§3.1), never inside a UTF-8 sequence. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > (out.length === 0 ? 75 : 74)) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

function eventLines(invite: CalendarInvite, e: CalendarEvent): string[] {
  const zone = invite.timeZone;
  const start = new Date(e.start).getTime();
  const tz = `;TZID=${zone}`;
  const lines = [
    'BEGIN:VEVENT',
    `UID:${invite.uid}`,
    `SEQUENCE:${invite.sequence}`,
    `DTSTAMP:${utcStamp(invite.dtstamp)}`,
  ];
  if (e.recurrenceId) lines.push(`RECURRENCE-ID${tz}:${localStamp(new Date(e.recurrenceId).getTime(), zone)}`);
  lines.push(`DTSTART${tz}:${localStamp(start, zone)}`, `DTEND${tz}:${localStamp(start + e.durationMinutes * 60_000, zone)}`);
  if (e.rrule) lines.push(`RRULE:${e.rrule}`);
  if (e.exdates?.length) lines.push(`EXDATE${tz}:${e.exdates.map((d) => localStamp(new Date(d).getTime(), zone)).join(',')}`);
  lines.push(`SUMMARY:${escapeText(invite.summary)}`, `DESCRIPTION:${escapeText(invite.description)}`);
  if (invite.url) lines.push(`URL:${invite.url}`);
  if (invite.location) lines.push(`LOCATION:${escapeText(invite.location)}`);
  lines.push(`ORGANIZER;CN=${paramValue(invite.organizer.name)}:mailto:${invite.organizer.email}`);
  for (const a of invite.attendees) {
    lines.push(`ATTENDEE;CN=${paramValue(a.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:${a.email}`);
  }
  lines.push(`STATUS:${e.cancelled || invite.method === 'CANCEL' ? 'CANCELLED' : 'CONFIRMED'}`, 'TRANSP:OPAQUE', 'END:VEVENT');
  return lines;
}

/**
 * The years the VTIMEZONE must cover: from the year before the first event (so its definitions begin before
 * every event; a client finds no offset for a time before the first one) to a year after the last recurring one.
 */
function yearsOf(invite: CalendarInvite): [number, number] {
  const years = invite.events.flatMap((e) => [e.start, e.recurrenceId].filter((d): d is string => !!d).map((d) => new Date(d).getUTCFullYear()));
  const recurring = invite.events.some((e) => e.rrule);
  return [Math.min(...years) - 1, Math.max(...years) + (recurring ? 1 : 0)];
}

/** The text/calendar body of `invite`, CRLF line endings, folded. */
export function renderCalendar(invite: CalendarInvite): CalendarPart {
  const [fromYear, toYear] = yearsOf(invite);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Pulse//One-on-ones//EN',
    'CALSCALE:GREGORIAN',
    `METHOD:${invite.method}`,
    ...vtimezoneLines(invite.timeZone, fromYear, toYear),
    ...invite.events.flatMap((e) => eventLines(invite, e)),
    'END:VCALENDAR',
  ];
  return { method: invite.method, content: `${lines.map(foldLine).join('\r\n')}\r\n` };
}
