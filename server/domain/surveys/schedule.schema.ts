/**
 * When a survey's rounds open, and to whom: checked once for the schedule form (strings) and any JSON caller.
 */
import { z } from 'zod';
import { isIsoDate, isTimeZone } from '../shared/validators';

export const FREQUENCIES = ['weekly', 'biweekly', 'monthly', 'quarterly'] as const;
export const AUDIENCES = ['company', 'departments', 'teams'] as const;

export const SCHEDULE_MESSAGES = {
  weekdayMissing: 'Choose a weekday',
  dayOfMonthRange: 'Choose a day of the month from 1 to 28',
  timeFormat: 'Enter a time as HH:MM, like 09:30',
  timeZoneUnknown: 'Choose a time zone from the list',
  dateFormat: 'Enter a date as YYYY-MM-DD',
  endBeforeStart: 'The end date must be after the start date',
  windowRange: 'The response window is 1 to 14 days',
  remindersRange: 'Send 0 to 3 reminders',
  audienceEmpty: 'Choose at least one',
} as const;

/** Empty form fields become undefined, so optional numbers and dates can be left blank. */
const blank = (v: unknown) => (v === '' || v === null ? undefined : v);
const toNumber = (v: unknown) => (blank(v) === undefined ? undefined : typeof v === 'string' ? Number(v.trim()) : v);
/** An optional whole number in [min, max]; form strings are converted, blanks are undefined. */
const intIn = (min: number, max: number, message: string) =>
  z.preprocess(toNumber, z.number({ error: message }).int(message).min(min, message).max(max, message).optional());

export const scheduleInputSchema = z
  .object({
    frequency: z.enum(FREQUENCIES),
    weekday: intIn(1, 7, SCHEDULE_MESSAGES.weekdayMissing),
    dayOfMonth: intIn(1, 28, SCHEDULE_MESSAGES.dayOfMonthRange),
    timeOfDay: z.string().trim().regex(/^([01]\d|2[0-3]):[0-5]\d$/, SCHEDULE_MESSAGES.timeFormat),
    timeZone: z.string().trim().refine(isTimeZone, SCHEDULE_MESSAGES.timeZoneUnknown),
    windowDays: intIn(1, 14, SCHEDULE_MESSAGES.windowRange).transform((v) => v ?? 5),
    reminderCount: intIn(0, 3, SCHEDULE_MESSAGES.remindersRange).transform((v) => v ?? 2),
    startDate: z.string().trim().refine(isIsoDate, SCHEDULE_MESSAGES.dateFormat),
    endDate: z.preprocess(blank, z.string().trim().refine(isIsoDate, SCHEDULE_MESSAGES.dateFormat).nullish()).transform((v) => v ?? null),
    audience: z.enum(AUDIENCES).default('company'),
    audienceIds: z.array(z.string().min(1).max(64)).max(500).default([]),
    /** Send at each person's own local time (a checkbox posts "on"; JSON callers send a boolean). */
    localDelivery: z.preprocess((v) => (v === 'on' || v === 'true' || v === '1' ? true : v === '' || v === 'false' || v === '0' ? false : v), z.boolean()).default(false),
  })
  .superRefine((s, ctx) => {
    const weekly = s.frequency === 'weekly' || s.frequency === 'biweekly';
    if (weekly && s.weekday === undefined) ctx.addIssue({ code: 'custom', path: ['weekday'], message: SCHEDULE_MESSAGES.weekdayMissing });
    if (!weekly && s.dayOfMonth === undefined) ctx.addIssue({ code: 'custom', path: ['dayOfMonth'], message: SCHEDULE_MESSAGES.dayOfMonthRange });
    if (s.endDate && s.endDate <= s.startDate) ctx.addIssue({ code: 'custom', path: ['endDate'], message: SCHEDULE_MESSAGES.endBeforeStart });
    if (s.audience !== 'company' && s.audienceIds.length === 0) ctx.addIssue({ code: 'custom', path: ['audienceIds'], message: SCHEDULE_MESSAGES.audienceEmpty });
  })
  // Only the field that fits the frequency is kept; a company-wide audience has no ids.
  .transform((s) => {
    const weekly = s.frequency === 'weekly' || s.frequency === 'biweekly';
    return {
      ...s,
      weekday: weekly ? (s.weekday ?? null) : null,
      dayOfMonth: weekly ? null : (s.dayOfMonth ?? null),
      audienceIds: s.audience === 'company' ? [] : [...new Set(s.audienceIds)],
    };
  });

export type ScheduleInput = z.infer<typeof scheduleInputSchema>;
