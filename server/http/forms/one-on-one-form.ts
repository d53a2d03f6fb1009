/** The 1:1 series form: a stored series or defaults → the values the form shows, the selects' choices, and messages. */
import { CADENCES, ONE_ON_ONE_MESSAGES, REMINDER_HOURS, WEEKS_OF_MONTH } from '../../domain/one-on-ones/one-on-one.schema';
import { t, type Locale } from '../../i18n/i18n';
import { timeZoneChoices, weekdayChoices } from './schedule-form';

export const SERIES_FIELDS = ['cadence', 'weekday', 'weekOfMonth', 'timeOfDay', 'timeZone', 'durationMinutes', 'location', 'startDate', 'reminderHours'] as const;

/** The posted fields the series schema reads (strings), nothing else (no mass assignment). */
export function seriesFieldsOf(body: unknown): Record<string, unknown> {
  const b = (body ?? {}) as Record<string, unknown>;
  return Object.fromEntries(SERIES_FIELDS.map((k) => [k, typeof b[k] === 'string' ? b[k] : undefined]));
}

export function seriesFormValues(source: Record<string, unknown>): Record<(typeof SERIES_FIELDS)[number], string> {
  const s = (k: string) => (source[k] === null || source[k] === undefined ? '' : String(source[k]));
  return Object.fromEntries(SERIES_FIELDS.map((k) => [k, s(k)])) as Record<(typeof SERIES_FIELDS)[number], string>;
}

export function seriesChoices(locale: Locale, values: ReturnType<typeof seriesFormValues>) {
  return {
    cadences: CADENCES.map((c) => ({ value: c, labelKey: `oneOnOnes.cadence.${c}`, selected: c === values.cadence })),
    weekdays: weekdayChoices(locale, values.weekday),
    weeksOfMonth: WEEKS_OF_MONTH.map((w) => ({ value: w, labelKey: `oneOnOnes.weekOfMonth.${w === -1 ? 'last' : w}`, selected: String(w) === values.weekOfMonth })),
    reminderChoices: REMINDER_HOURS.map((h) => ({ value: h, labelKey: `oneOnOnes.reminder.${h}`, selected: String(h) === values.reminderHours })),
    timeZones: timeZoneChoices(values.timeZone),
  };
}

const messageKeys = new Map(Object.entries(ONE_ON_ONE_MESSAGES).map(([key, message]) => [message as string, `oneOnOnes.issue.${key}`]));

/** fieldErrors() output with each message in the reader's language. */
export function translateOneOnOneErrors(locale: Locale, errors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, messageKeys.has(message) ? t(locale, messageKeys.get(message)!) : message]));
}
