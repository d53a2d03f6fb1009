/**
 * The answer form as the view shows it: each question in the reader's language with its choices, what was
 * typed or chosen before (when the form comes back with errors) and its error, if any.
 */
import { t, type Locale } from '../../i18n/i18n';
import { optionsIn, parseOptionsId, surveyWordsIn, wordIn, type SurveyWords } from '../surveys/survey-wording';
import { answerSchemaFor, fieldName, optionsOf, scaleOf, type AnswerMessages, type RoundQuestionSnapshot } from './answer.schema';

export interface FormChoice {
  id: string;
  value: string;
  label: string;
  checked: boolean;
}

export interface FormQuestion {
  name: string;
  number: number;
  text: string;
  required: boolean;
  kind: string;
  isScale: boolean;
  isSingle: boolean;
  isMulti: boolean;
  isComment: boolean;
  hint: string;
  choices: FormChoice[];
  comment: string;
  error?: string;
  /** The wording or the options are shown in English because the survey has none in the reader's language. */
  untranslated: boolean;
  /** The language the question's wording is shown in (for lang=…). */
  textLang: Locale;
  /** The language the choice labels are shown in. */
  choicesLang: Locale;
}

/** The round's title and intro as the answer page shows them, in the reader's language where the survey has it. */
export function formHeading(round: SurveyWords, locale: Locale) {
  return surveyWordsIn(locale, round);
}

export function answerMessages(locale: Locale): AnswerMessages {
  return {
    required: t(locale, 'answer.error.required'),
    chooseOne: t(locale, 'answer.error.chooseOne'),
    chooseSome: t(locale, 'answer.error.chooseSome'),
    tooLong: t(locale, 'answer.error.tooLong'),
  };
}

type AnswerSchema = ReturnType<typeof answerSchemaFor>;
const schemas = new Map<string, AnswerSchema>();

/** The answer schema of a round in `locale`, built once per round and language (a round's questions never change). */
export function roundAnswerSchema(round: { id: string; questions: RoundQuestionSnapshot[] }, locale: Locale): AnswerSchema {
  const key = `${round.id}:${locale}`;
  let schema = schemas.get(key);
  if (!schema) {
    if (schemas.size >= 400) schemas.delete(schemas.keys().next().value as string);
    schema = answerSchemaFor(round.questions, answerMessages(locale));
    schemas.set(key, schema);
  }
  return schema;
}

function picked(raw: unknown): string[] {
  return (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === 'string');
}

function labelsOf(q: RoundQuestionSnapshot, locale: Locale): string[] {
  if (q.kind === 'rating') return [1, 2, 3, 4, 5].map((n) => t(locale, `answer.rating.${n}`));
  if (q.kind === 'enps') {
    const [low, high] = scaleOf(q);
    return Array.from({ length: high - low + 1 }, (_, i) => String(low + i));
  }
  return choiceOptions(q, locale).labels;
}

/** A choice question's labels in `locale` where given (answers keep the English: the values are indexes). */
function choiceOptions(q: RoundQuestionSnapshot, locale: Locale) {
  return optionsIn(locale, optionsOf(q), parseOptionsId(q.optionsId));
}

function hintOf(q: RoundQuestionSnapshot, locale: Locale): string {
  if (q.kind === 'enps') {
    const [low, high] = scaleOf(q);
    return t(locale, 'answer.enps.hint', { low, high });
  }
  return q.kind === 'multi' ? t(locale, 'answer.multi.hint') : '';
}

/** The questions of a round as the form shows them; `values` is the submitted body, `errors` by field name. */
export function formQuestions(
  questions: RoundQuestionSnapshot[],
  locale: Locale,
  values: Record<string, unknown> = {},
  errors: Record<string, string> = {},
): FormQuestion[] {
  return questions.map((q, index) => {
    const name = fieldName(q);
    const chosen = picked(values[name]);
    const first = q.kind === 'enps' || q.kind === 'rating' ? scaleOf(q)[0] : 0;
    const wording = wordIn(locale, q.text, q.textId);
    const choices = q.kind === 'single' || q.kind === 'multi' ? choiceOptions(q, locale) : null;
    return {
      name,
      number: index + 1,
      text: wording.text,
      // No Indonesian wording, or choice options without theirs: shown in English, and said so.
      untranslated: wording.untranslated || Boolean(choices?.untranslated),
      textLang: wording.lang,
      choicesLang: choices?.lang ?? locale,
      required: q.required,
      kind: q.kind,
      isScale: q.kind === 'enps' || q.kind === 'rating',
      isSingle: q.kind === 'single',
      isMulti: q.kind === 'multi',
      isComment: q.kind === 'comment',
      hint: hintOf(q, locale),
      choices: labelsOf(q, locale).map((label, i) => {
        const value = String(first + i);
        return { id: `${name}-${value}`, value, label, checked: chosen.includes(value) };
      }),
      comment: q.kind === 'comment' ? (chosen[0] ?? '') : '',
      error: errors[name],
    };
  });
}
