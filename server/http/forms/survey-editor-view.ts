/** What the editor page shows: the slots with their errors, the kinds to choose from, and the question bank. */
import { BANK_TOPICS, QUESTION_BANK } from '../../domain/surveys/question-bank';
import { ENPS_SCALES, MAX_QUESTIONS, QUESTION_KINDS } from '../../domain/surveys/survey.schema';
import { t, type Locale } from '../../i18n/i18n';
import type { EditorErrors, SurveyDraft } from './survey-form';

export function editorView(locale: Locale, draft: SurveyDraft, errors: EditorErrors) {
  return {
    surveyTitle: draft.title,
    intro: draft.intro,
    surveyTitleId: draft.titleId,
    introId: draft.introId,
    slots: draft.slots.map((s, i) => ({
      ...s,
      index: i,
      number: i + 1,
      isChoice: s.kind === 'single' || s.kind === 'multi',
      kinds: QUESTION_KINDS.map((k) => ({ value: k, labelKey: `surveys.kind.${k}`, selected: k === s.kind })),
      scales: ENPS_SCALES.map((v) => ({ value: v, selected: v === s.enpsScale })),
      errors: errors.slots[i] ?? {},
    })),
    canAdd: draft.slots.length < MAX_QUESTIONS,
    maxQuestions: MAX_QUESTIONS,
    errors,
    bank: BANK_TOPICS.map((topic) => ({
      topicKey: `surveys.topic.${topic}`,
      questions: QUESTION_BANK.filter((q) => q.topic === topic).map((q) => ({ id: q.id, kindKey: `surveys.kind.${q.kind}`, text: (locale === 'id' ? q.textId : q.text).replaceAll('{company}', t(locale, 'surveys.bank.company')) })),
    })),
  };
}
