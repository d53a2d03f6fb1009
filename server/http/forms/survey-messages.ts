/** The survey and schedule schemas' messages in the reader's language (unknown messages stay as they are). */
import { SURVEY_MESSAGES } from '../../domain/surveys/survey.schema';
import { SCHEDULE_MESSAGES } from '../../domain/surveys/schedule.schema';
import { t, type Locale } from '../../i18n/i18n';

const messageKeys = new Map<string, string>([
  ...Object.entries(SURVEY_MESSAGES).map(([key, message]): [string, string] => [message, `surveys.issue.${key}`]),
  ...Object.entries(SCHEDULE_MESSAGES).map(([key, message]): [string, string] => [message, `surveys.scheduleIssue.${key}`]),
]);

export function translateIssue(locale: Locale, message: string): string {
  const key = messageKeys.get(message);
  return key ? t(locale, key) : message;
}

/** fieldErrors() output with each message translated. */
export function translateErrors(locale: Locale, errors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([field, message]) => [field, translateIssue(locale, message)]));
}
