/**
 * The survey's title and intro as an invitation or reminder email shows them: in the invitee's language when
 * the survey has that wording, else in English with `untranslated` set (the email then says so).
 */
import type { Locale } from '../../i18n/i18n';
import { surveyWordsIn, type SurveyWords } from '../surveys/survey-wording';

export function inviteWords(locale: Locale, survey: SurveyWords): { title: string; intro: string; untranslated: boolean } {
  const words = surveyWordsIn(locale, survey);
  return { title: words.title, intro: words.intro, untranslated: words.untranslated };
}
