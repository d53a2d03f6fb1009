/**
 * The answer form's schema, built from a round's question snapshot. Fields are named `q<position>`; only those
 * are read (anything else sent is ignored). Choices arrive as option indexes and are stored as their labels.
 */
import { z } from 'zod';

export interface RoundQuestionSnapshot {
  id: string;
  position: number;
  kind: string;
  text: string;
  textId: string | null;
  options: string;
  /** The options in Bahasa Indonesia (JSON array, same order), when given. Answers store the English labels. */
  optionsId?: string | null;
  required: boolean;
  enpsScale: string;
}

export interface ParsedAnswer {
  questionId: string;
  value: number | null;
  choices: string | null;
  comment: string | null;
}

/** The messages the schema gives, in the reader's language. */
export interface AnswerMessages {
  required: string;
  chooseOne: string;
  chooseSome: string;
  tooLong: string;
}

export const MAX_COMMENT = 2000;
export const fieldName = (q: Pick<RoundQuestionSnapshot, 'position'>) => `q${q.position}`;

export function optionsOf(q: Pick<RoundQuestionSnapshot, 'options'>): string[] {
  try {
    const parsed: unknown = JSON.parse(q.options);
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}

/** The lowest and highest score of a scale question. */
export function scaleOf(q: Pick<RoundQuestionSnapshot, 'kind' | 'enpsScale'>): [number, number] {
  if (q.kind === 'rating') return [1, 5];
  return q.enpsScale === '0-10' ? [0, 10] : [1, 10];
}

const blank = (raw: unknown) => raw === undefined || raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0);

function questionSchema(q: RoundQuestionSnapshot, m: AnswerMessages) {
  const options = optionsOf(q);
  const answer = (a: Partial<ParsedAnswer>): ParsedAnswer => ({ questionId: q.id, value: null, choices: null, comment: null, ...a });
  return z.unknown().transform((raw, ctx): ParsedAnswer | null => {
    const fail = (message: string) => {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    };
    if (q.kind === 'comment') {
      const text = typeof raw === 'string' ? raw.trim() : '';
      if (text.length > MAX_COMMENT) return fail(m.tooLong);
      if (text === '') return q.required ? fail(m.required) : null;
      return answer({ comment: text });
    }
    if (blank(raw)) return q.required ? fail(q.kind === 'multi' ? m.chooseSome : m.required) : null;
    const picks = Array.isArray(raw) ? raw : [raw];
    if (!picks.every((p) => typeof p === 'string' && /^\d{1,2}$/.test(p))) return fail(m.chooseOne);
    const numbers = [...new Set(picks.map(Number))].sort((a, b) => a - b);
    if (q.kind === 'enps' || q.kind === 'rating') {
      const [low, high] = scaleOf(q);
      if (numbers.length !== 1 || numbers[0] < low || numbers[0] > high) return fail(m.chooseOne);
      return answer({ value: numbers[0] });
    }
    if (numbers.some((n) => n >= options.length)) return fail(m.chooseOne);
    if (q.kind === 'single' && numbers.length !== 1) return fail(m.chooseOne);
    return answer({ choices: JSON.stringify(numbers.map((n) => options[n])) });
  });
}

/** The schema of the form for `questions`: parses a form body into the answers to store. */
export function answerSchemaFor(questions: RoundQuestionSnapshot[], messages: AnswerMessages) {
  const names = questions.map(fieldName);
  // An unanswered question sends no field at all: read it as empty.
  const filled = (body: unknown) => {
    const source = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    return Object.fromEntries(names.map((name) => [name, source[name] ?? '']));
  };
  return z
    .preprocess(filled, z.object(Object.fromEntries(questions.map((q) => [fieldName(q), questionSchema(q, messages)]))))
    .transform((parsed) => Object.values(parsed).filter((a): a is ParsedAnswer => a !== null));
}
