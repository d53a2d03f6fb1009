/**
 * What a 1:1 series, a move and the meeting's content may be: checked once for the forms (strings) and any
 * JSON caller. Messages are English; their Indonesian wording is in locales/id/one-on-ones.json (`v.1on1.*`).
 */
import { z } from 'zod';
import { isIsoDate, isTimeZone } from '../shared/validators';

export const CADENCES = ['weekly', 'biweekly', 'monthly'] as const;
export type Cadence = (typeof CADENCES)[number];
/** How long before a meeting its reminder goes out: 24 and 48 are local days (the same time the day before). */
export const REMINDER_HOURS = [2, 24, 48] as const;
export const WEEKS_OF_MONTH = [1, 2, 3, 4, -1] as const;

export const ONE_ON_ONE_MESSAGES = {
  reportMissing: 'Choose the person',
  cadence: 'Choose how often you meet',
  weekday: 'Choose a weekday',
  weekOfMonth: 'Choose which week of the month',
  timeFormat: 'Enter a time as HH:MM, like 09:30',
  timeZoneUnknown: 'Choose a time zone from the list',
  dateFormat: 'Enter a date as YYYY-MM-DD',
  duration: 'A meeting lasts 15 to 240 minutes',
  location: 'Enter a room or a link starting with https:// (at most 500 characters)',
  reminder: 'Choose when the reminder goes out',
  textRequired: 'Write something first',
  textTooLong: 'This is too long (at most 500 characters)',
  notesTooLong: 'Notes are limited to 20,000 characters',
  ownerUnknown: 'The owner is one of the two of you',
  moveInPast: 'Choose a time that has not passed yet',
  moveTooFar: 'Move it by at most 60 days',
} as const;

const blank = (v: unknown) => (v === '' || v === null ? undefined : v);
const toNumber = (v: unknown) => (blank(v) === undefined ? undefined : typeof v === 'string' ? Number(v.trim()) : v);
const time = z.string().trim().regex(/^([01]\d|2[0-3]):[0-5]\d$/, ONE_ON_ONE_MESSAGES.timeFormat);
const date = z.string().trim().refine(isIsoDate, ONE_ON_ONE_MESSAGES.dateFormat);

/** A room name, or a link that a browser may open (http or https only: no javascript: links). */
function isLocation(v: string): boolean {
  if (!/^[a-z][a-z0-9+.-]*:/i.test(v)) return true;
  return /^https?:\/\/[^\s]+$/i.test(v);
}

export const seriesInputSchema = z
  .object({
    cadence: z.enum(CADENCES, { error: ONE_ON_ONE_MESSAGES.cadence }),
    weekday: z.preprocess(toNumber, z.number({ error: ONE_ON_ONE_MESSAGES.weekday }).int(ONE_ON_ONE_MESSAGES.weekday).min(1, ONE_ON_ONE_MESSAGES.weekday).max(7, ONE_ON_ONE_MESSAGES.weekday)),
    weekOfMonth: z.preprocess(
      toNumber,
      z.number({ error: ONE_ON_ONE_MESSAGES.weekOfMonth }).refine((n) => (WEEKS_OF_MONTH as readonly number[]).includes(n), ONE_ON_ONE_MESSAGES.weekOfMonth).optional(),
    ),
    timeOfDay: time,
    timeZone: z.string().trim().refine(isTimeZone, ONE_ON_ONE_MESSAGES.timeZoneUnknown),
    durationMinutes: z.preprocess(toNumber, z.number({ error: ONE_ON_ONE_MESSAGES.duration }).int(ONE_ON_ONE_MESSAGES.duration).min(15, ONE_ON_ONE_MESSAGES.duration).max(240, ONE_ON_ONE_MESSAGES.duration).default(60)),
    location: z.preprocess(blank, z.string().trim().max(500, ONE_ON_ONE_MESSAGES.location).refine(isLocation, ONE_ON_ONE_MESSAGES.location).optional()).transform((v) => v ?? null),
    startDate: date,
    reminderHours: z.preprocess(
      toNumber,
      z.number({ error: ONE_ON_ONE_MESSAGES.reminder }).refine((n) => (REMINDER_HOURS as readonly number[]).includes(n), ONE_ON_ONE_MESSAGES.reminder).default(24),
    ),
  })
  .superRefine((s, ctx) => {
    if (s.cadence === 'monthly' && s.weekOfMonth === undefined) ctx.addIssue({ code: 'custom', path: ['weekOfMonth'], message: ONE_ON_ONE_MESSAGES.weekOfMonth });
  })
  .transform((s) => ({ ...s, weekOfMonth: s.cadence === 'monthly' ? (s.weekOfMonth ?? 1) : null }));

export type SeriesInput = z.infer<typeof seriesInputSchema>;

export const newSeriesSchema = z.object({ reportId: z.string({ error: ONE_ON_ONE_MESSAGES.reportMissing }).trim().min(1, ONE_ON_ONE_MESSAGES.reportMissing).max(64) });

/** A new local date and time for one meeting, in the series' zone. */
export const moveInputSchema = z.object({ date, time });
export type MoveInput = z.infer<typeof moveInputSchema>;

const line = z.string({ error: ONE_ON_ONE_MESSAGES.textRequired }).trim().min(1, ONE_ON_ONE_MESSAGES.textRequired).max(500, ONE_ON_ONE_MESSAGES.textTooLong);

export const agendaInputSchema = z.object({ text: line });

export const actionInputSchema = z.object({
  text: line,
  ownerId: z.string({ error: ONE_ON_ONE_MESSAGES.ownerUnknown }).trim().min(1, ONE_ON_ONE_MESSAGES.ownerUnknown).max(64),
  dueDate: z.preprocess(blank, date.optional()).transform((v) => v ?? null),
});
export type ActionInput = z.infer<typeof actionInputSchema>;

const notes = z.string().max(20_000, ONE_ON_ONE_MESSAGES.notesTooLong).default('');

export const sharedNotesSchema = z.object({
  text: notes,
  /** The version the editor started from: a save over someone else's newer save is refused, not lost. */
  version: z.preprocess(toNumber, z.number().int().min(0)),
});

export const privateNoteSchema = z.object({ text: notes });

export const historyQuerySchema = z.object({
  q: z.preprocess(blank, z.string().trim().max(100).optional()),
  page: z.preprocess(toNumber, z.number().int().min(1).max(1000).default(1)),
});
