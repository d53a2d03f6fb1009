/** The schedule form: posted strings → schedule input, and a stored schedule → the values the form shows. */
import { listOf } from './survey-form';
import { FREQUENCIES } from '../../domain/surveys/schedule.schema';
import type { Locale } from '../../i18n/i18n';
import { zoneOrUtc } from '../../domain/shared/validators';

export interface ScheduleFormValues {
  frequency: string;
  weekday: string;
  dayOfMonth: string;
  timeOfDay: string;
  timeZone: string;
  windowDays: string;
  reminderCount: string;
  startDate: string;
  endDate: string;
  audience: string;
  audienceIds: string[];
  localDelivery: boolean;
}

/** The posted form as schedule input: the audience's ids come from the checkbox group that matches it. */
export function scheduleInputFromForm(body: unknown): Record<string, unknown> {
  const b = (body ?? {}) as Record<string, unknown>;
  const audience = typeof b.audience === 'string' ? b.audience : 'company';
  const ids = audience === 'departments' ? listOf(b.departmentIds) : audience === 'teams' ? listOf(b.teamIds) : [];
  const pick = (k: string) => (typeof b[k] === 'string' ? b[k] : undefined);
  return {
    frequency: pick('frequency'),
    weekday: pick('weekday'),
    dayOfMonth: pick('dayOfMonth'),
    timeOfDay: pick('timeOfDay'),
    timeZone: pick('timeZone'),
    windowDays: pick('windowDays'),
    reminderCount: pick('reminderCount'),
    startDate: pick('startDate'),
    endDate: pick('endDate'),
    audience,
    audienceIds: ids,
    // An unticked checkbox posts nothing: that is "no" here.
    localDelivery: pick('localDelivery') ?? '',
  };
}

/** What the form shows: the submitted values after an error, else the stored schedule, else defaults. */
export function formValues(source: Record<string, unknown>): ScheduleFormValues {
  const s = (k: string) => (source[k] === null || source[k] === undefined ? '' : String(source[k]));
  const ids = source.audienceIds;
  return {
    frequency: s('frequency') || 'weekly',
    weekday: s('weekday'),
    dayOfMonth: s('dayOfMonth'),
    timeOfDay: s('timeOfDay'),
    timeZone: s('timeZone'),
    windowDays: s('windowDays'),
    reminderCount: s('reminderCount'),
    startDate: s('startDate'),
    endDate: s('endDate'),
    audience: s('audience') || 'company',
    audienceIds: Array.isArray(ids) ? ids.map(String) : typeof ids === 'string' ? (JSON.parse(ids) as string[]) : [],
    localDelivery: source.localDelivery === true || source.localDelivery === 'on',
  };
}

const intlLocale: Record<Locale, string> = { en: 'en-GB', id: 'id-ID' };

/** Monday … Sunday (1..7) named in the reader's language, `selected` marked. */
export function weekdayChoices(locale: Locale, selected: string) {
  const weekdayName = new Intl.DateTimeFormat(intlLocale[locale], { weekday: 'long', timeZone: 'UTC' });
  // 2024-01-01 was a Monday.
  return [1, 2, 3, 4, 5, 6, 7].map((d) => ({ value: d, label: weekdayName.format(Date.UTC(2024, 0, d)), selected: String(d) === selected }));
}

/** Every IANA zone this runtime knows, UTC first (and `selected` even if the runtime does not list it). */
export function timeZoneChoices(selected: string) {
  const zones = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
  if (selected && !zones.includes(selected)) zones.unshift(selected);
  return zones.map((z) => ({ value: z, selected: z === selected }));
}

/** The choices the form's selects show, labelled in the reader's language. */
export function scheduleChoices(locale: Locale, values: ScheduleFormValues) {
  return {
    frequencies: FREQUENCIES.map((f) => ({ value: f, labelKey: `surveys.schedule.frequency.${f}`, selected: f === values.frequency })),
    weekdays: weekdayChoices(locale, values.weekday),
    reminderCounts: [0, 1, 2, 3].map((n) => ({ value: n, selected: String(n) === values.reminderCount })),
    timeZones: timeZoneChoices(values.timeZone),
  };
}

/** Formats send times in the schedule's zone, in the reader's language (weekday included). */
export function formatSendTimes(locale: Locale, times: Date[], timeZone: string): string[] {
  const f = new Intl.DateTimeFormat(intlLocale[locale], { dateStyle: 'full', timeStyle: 'short', timeZone: zoneOrUtc(timeZone) });
  return times.map((d) => f.format(d));
}
