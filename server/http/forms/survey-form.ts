/**
 * The survey editor as a plain HTML form (no JavaScript needed): question slots `q[i][field]`, choice options
 * one per line, and submit buttons named `action` (save, add, remove:N, bank). Empty slots are ignored.
 * This file turns the posted form into the input `surveyInputSchema` checks, and back into what the page shows.
 */
import { bankQuestions, bankToInput } from '../../domain/surveys/question-bank';
import { MAX_QUESTIONS, SURVEY_MESSAGES, type QuestionInput, type SurveyInput } from '../../domain/surveys/survey.schema';
import { translateIssue } from './survey-messages';
import type { FieldIssue } from '../../errors';
import { t, type Locale } from '../../i18n/i18n';

export interface QuestionSlot {
  kind: string;
  text: string;
  textId: string;
  required: boolean;
  optionsText: string;
  /** The options in Bahasa Indonesia, one per line. */
  optionsIdText: string;
  enpsScale: string;
}

export interface SurveyDraft {
  title: string;
  intro: string;
  titleId: string;
  introId: string;
  slots: QuestionSlot[];
}

export const blankSlot = (): QuestionSlot => ({ kind: '', text: '', textId: '', required: true, optionsText: '', optionsIdText: '', enpsScale: '1-10' });

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function slotsOf(raw: unknown): QuestionSlot[] {
  // qs gives an array for small dense indices and an object for others: both are read in index order.
  const entries = Array.isArray(raw)
    ? raw
    : raw && typeof raw === 'object'
      ? Object.entries(raw as Record<string, unknown>)
          .filter(([k]) => /^\d+$/.test(k))
          .sort(([a], [b]) => Number(a) - Number(b))
          .map(([, v]) => v)
      : [];
  return entries.map((e) => {
    const r = (e && typeof e === 'object' ? e : {}) as Record<string, unknown>;
    return {
      kind: str(r.kind),
      text: str(r.text),
      textId: str(r.textId),
      required: r.required === '1' || r.required === 'on',
      optionsText: str(r.options),
      optionsIdText: str(r.optionsId),
      enpsScale: str(r.enpsScale) || '1-10',
    };
  });
}

export function isEmptySlot(s: QuestionSlot): boolean {
  return !s.kind && !s.text.trim() && !s.textId.trim() && !s.optionsText.trim() && !s.optionsIdText.trim();
}

/** What the browser posted, slots as typed (blank ones included). */
export function draftFromForm(body: unknown): SurveyDraft {
  const b = (body ?? {}) as Record<string, unknown>;
  return { title: str(b.title), intro: str(b.intro), titleId: str(b.titleId), introId: str(b.introId), slots: slotsOf(b.q) };
}

export function optionLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((o) => o.trim())
    .filter(Boolean);
}

/** The draft as schema input, without its empty slots (so issue paths count the questions the page shows). */
export function inputFromDraft(draft: SurveyDraft): { title: string; intro: string; titleId: string; introId: string; questions: Record<string, unknown>[] } {
  return {
    title: draft.title,
    intro: draft.intro,
    titleId: draft.titleId,
    introId: draft.introId,
    questions: draft.slots.filter((s) => !isEmptySlot(s)).map((s) => ({
      kind: s.kind || undefined,
      text: s.text,
      textId: s.textId,
      required: s.required,
      options: optionLines(s.optionsText),
      optionsId: optionLines(s.optionsIdText),
      enpsScale: s.enpsScale,
    })),
  };
}

export function slotFromQuestion(q: QuestionInput): QuestionSlot {
  return { kind: q.kind, text: q.text, textId: q.textId ?? '', required: q.required, optionsText: q.options.join('\n'), optionsIdText: (q.optionsId ?? []).join('\n'), enpsScale: q.enpsScale };
}

export function draftFromSurvey(s: Pick<SurveyInput, 'title' | 'intro' | 'titleId' | 'introId' | 'questions'>): SurveyDraft {
  return { title: s.title, intro: s.intro, titleId: s.titleId ?? '', introId: s.introId ?? '', slots: s.questions.map(slotFromQuestion) };
}

/** Adds the chosen bank questions; refuses (returns an issue) when they would make more than 10. */
export function addFromBank(draft: SurveyDraft, ids: string[]): FieldIssue | null {
  const chosen = bankQuestions(ids);
  const kept = draft.slots.filter((s) => !isEmptySlot(s));
  if (kept.length + chosen.length > MAX_QUESTIONS) return { path: ['questions'], message: SURVEY_MESSAGES.tooManyQuestions };
  draft.slots = [...kept, ...chosen.map((q) => slotFromQuestion(bankToInput(q)))];
  return null;
}

export function listOf(value: unknown): string[] {
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v.length > 0);
}

export interface EditorErrors {
  /** Messages for the summary at the top, each saying which question it is about. */
  summary: string[];
  title?: string;
  intro?: string;
  titleId?: string;
  introId?: string;
  questions?: string;
  /** Per slot: field → message. */
  slots: Record<string, string>[];
}

/** Sorts issues into the editor's places: title, intro, the question list, and each slot's fields. */
export function editorErrors(locale: Locale, issues: FieldIssue[]): EditorErrors {
  const out: EditorErrors = { summary: [], slots: [] };
  for (const issue of issues) {
    const message = translateIssue(locale, issue.message);
    const [head, index, field] = issue.path;
    if (head === 'questions' && typeof index === 'number') {
      const slot = (out.slots[index] ??= {});
      slot[String(field ?? 'text')] ??= message;
      out.summary.push(t(locale, 'surveys.issue.inQuestion', { n: index + 1, message }));
    } else {
      if (head === 'title' || head === 'intro' || head === 'titleId' || head === 'introId' || head === 'questions') out[head] ??= message;
      out.summary.push(message);
    }
  }
  return out;
}
