/**
 * A survey's words in a reader's language. Surveys are written in English with an optional Bahasa Indonesia
 * wording of the title, the intro, each question and each question's options (same count, same order). A part
 * without its Indonesian wording is shown in English, and the reader is told so ("not yet translated").
 */
import type { Locale } from '../../i18n/i18n';

export interface Worded {
  text: string;
  /** The language the words are in (for lang=…). */
  lang: Locale;
  /** Shown in English because there is no wording in the reader's language. */
  untranslated: boolean;
}

/** `en`, or `id` for an Indonesian reader when there is one (blank counts as missing). */
export function wordIn(locale: Locale, en: string, id: string | null | undefined): Worded {
  if (locale === 'id' && id && id.trim()) return { text: id, lang: 'id', untranslated: false };
  return { text: en, lang: 'en', untranslated: locale !== 'en' && en.trim() !== '' };
}

/** The stored JSON array of Indonesian options, or null when absent or unreadable. */
export function parseOptionsId(raw: string | null | undefined): string[] | null {
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) && parsed.length > 0 ? parsed.map(String) : null;
  } catch {
    return null;
  }
}

/** The option labels for `locale`: the Indonesian ones when given for every option, else the English. */
export function optionsIn(locale: Locale, options: string[], optionsId: string[] | null): { labels: string[]; lang: Locale; untranslated: boolean } {
  if (options.length === 0) return { labels: [], lang: 'en', untranslated: false };
  if (locale === 'id' && optionsId && optionsId.length === options.length) return { labels: optionsId, lang: 'id', untranslated: false };
  return { labels: options, lang: 'en', untranslated: locale !== 'en' };
}

export interface SurveyWords {
  title: string;
  intro: string;
  titleId?: string | null;
  introId?: string | null;
}

/** The title and intro for `locale`, and whether either is shown in English for want of a translation. */
export function surveyWordsIn(locale: Locale, s: SurveyWords) {
  const title = wordIn(locale, s.title, s.titleId);
  const intro = wordIn(locale, s.intro, s.introId);
  return { title: title.text, titleLang: title.lang, intro: intro.text, introLang: intro.lang, untranslated: title.untranslated || intro.untranslated };
}
