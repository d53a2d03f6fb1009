/**
 * What a survey is made of, checked once for the editor form and the JSON API alike:
 * a title, an intro and 1 to 10 questions, at most one of them eNPS.
 */
import { z } from 'zod';

export const QUESTION_KINDS = ['enps', 'rating', 'single', 'multi', 'comment'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];
export const ENPS_SCALES = ['1-10', '0-10'] as const;
export const MAX_QUESTIONS = 10;
export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 10;

/** The schema's messages. The editor page shows each in the reader's language (see survey-messages.ts). */
export const SURVEY_MESSAGES = {
  titleMissing: 'Give the survey a title',
  noQuestions: 'Add at least one question',
  tooManyQuestions: `A pulse survey has at most ${MAX_QUESTIONS} questions`,
  secondEnps: 'A survey has at most one eNPS question',
  textMissing: 'Write the question',
  kindMissing: 'Choose what kind of question this is',
  tooFewOptions: 'Add at least two options',
  tooManyOptions: `Use at most ${MAX_OPTIONS} options`,
  duplicateOptions: 'Each option must be different',
  optionsIdCount: 'The options in Bahasa Indonesia must be as many as the English options, in the same order',
  duplicateOptionsId: 'Each option in Bahasa Indonesia must be different',
} as const;

/** An optional Bahasa Indonesia wording: blank means none (null). */
const indonesian = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

const choiceKinds: readonly QuestionKind[] = ['single', 'multi'];

export const questionInputSchema = z
  .object({
    kind: z.enum(QUESTION_KINDS, { error: SURVEY_MESSAGES.kindMissing }),
    /** May be empty for eNPS: the default wording is used then. */
    text: z.string().trim().max(300).default(''),
    /** The Bahasa Indonesia wording, when given. */
    textId: indonesian(300),
    required: z.boolean().default(true),
    options: z.array(z.string().trim().min(1).max(120)).default([]),
    /** The options in Bahasa Indonesia, when given: as many as `options`, in the same order. Empty means none. */
    optionsId: z
      .array(z.string().trim().min(1).max(120))
      .nullish()
      .transform((v) => (v && v.length > 0 ? v : null)),
    enpsScale: z.enum(ENPS_SCALES).default('1-10'),
  })
  .superRefine((q, ctx) => {
    if (q.kind !== 'enps' && q.text === '') ctx.addIssue({ code: 'custom', path: ['text'], message: SURVEY_MESSAGES.textMissing });
    if (choiceKinds.includes(q.kind)) {
      if (q.options.length < MIN_OPTIONS) ctx.addIssue({ code: 'custom', path: ['options'], message: SURVEY_MESSAGES.tooFewOptions });
      if (q.options.length > MAX_OPTIONS) ctx.addIssue({ code: 'custom', path: ['options'], message: SURVEY_MESSAGES.tooManyOptions });
      if (new Set(q.options.map((o) => o.toLowerCase())).size !== q.options.length) {
        ctx.addIssue({ code: 'custom', path: ['options'], message: SURVEY_MESSAGES.duplicateOptions });
      }
      if (q.optionsId && q.optionsId.length !== q.options.length) ctx.addIssue({ code: 'custom', path: ['optionsId'], message: SURVEY_MESSAGES.optionsIdCount });
      else if (q.optionsId && new Set(q.optionsId.map((o) => o.toLowerCase())).size !== q.optionsId.length) {
        ctx.addIssue({ code: 'custom', path: ['optionsId'], message: SURVEY_MESSAGES.duplicateOptionsId });
      }
    }
  })
  // Options only mean something for choice questions; anything sent for other kinds is dropped.
  .transform((q) => {
    const choice = choiceKinds.includes(q.kind);
    return { ...q, options: choice ? q.options : [], optionsId: choice ? q.optionsId : null };
  });

export const surveyInputSchema = z
  .object({
    title: z.string({ error: SURVEY_MESSAGES.titleMissing }).trim().min(1, SURVEY_MESSAGES.titleMissing).max(120),
    intro: z.string().trim().max(1000).default(''),
    /** The title and intro in Bahasa Indonesia, when given. */
    titleId: indonesian(120),
    introId: indonesian(1000),
    questions: z
      .array(questionInputSchema)
      .min(1, SURVEY_MESSAGES.noQuestions)
      .max(MAX_QUESTIONS, SURVEY_MESSAGES.tooManyQuestions),
  })
  .superRefine((s, ctx) => {
    let seen = false;
    s.questions.forEach((q, i) => {
      if (q.kind !== 'enps') return;
      if (seen) ctx.addIssue({ code: 'custom', path: ['questions', i, 'kind'], message: SURVEY_MESSAGES.secondEnps });
      seen = true;
    });
  });

/** A checked question; its Indonesian options may be left out by callers that have none (as null). */
export type QuestionInput = Omit<z.infer<typeof questionInputSchema>, 'optionsId'> & { optionsId?: string[] | null };
/** A checked survey; its Indonesian title and intro may be left out by callers that have none (as null). */
export type SurveyInput = Omit<z.infer<typeof surveyInputSchema>, 'titleId' | 'introId' | 'questions'> & {
  titleId?: string | null;
  introId?: string | null;
  questions: QuestionInput[];
};

/** The default eNPS wording; `{company}` is filled with the organisation's name when the survey is saved. */
export const DEFAULT_ENPS_TEXT = {
  en: 'How likely are you to recommend {company} as a place to work?',
  id: 'Seberapa besar kemungkinan Anda merekomendasikan {company} sebagai tempat bekerja?',
} as const;

/** Replacing a survey through the API: the survey, and the version it was read at (a stale one is refused with 409). */
export const surveyUpdateSchema = surveyInputSchema.and(
  z.object({
    version: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('The version the change was made from (as read); when it is no longer current the update is refused with 409. Leave out to replace unconditionally.'),
  }),
);

/** A survey as the API returns it. */
export const surveyOutputSchema = z.object({
  id: z.string(),
  title: z.string(),
  intro: z.string(),
  titleId: z.string().nullable().describe('The title in Bahasa Indonesia; null when not translated'),
  introId: z.string().nullable().describe('The intro in Bahasa Indonesia; null when not translated'),
  version: z.number().int().describe('Goes up by one at every save; send it back with PUT'),
  createdAt: z.string().describe('ISO 8601'),
  updatedAt: z.string().describe('ISO 8601'),
  questions: z.array(
    z.object({
      kind: z.enum(QUESTION_KINDS),
      text: z.string(),
      textId: z.string().nullable(),
      required: z.boolean(),
      options: z.array(z.string()),
      optionsId: z.array(z.string()).nullable().describe('The options in Bahasa Indonesia, same order; null when not translated'),
      enpsScale: z.enum(ENPS_SCALES),
    }),
  ),
});

/** A line of the survey list as the API returns it. */
export const surveySummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  questionCount: z.number().int(),
  nextRunAt: z.string().nullable().describe('ISO 8601, UTC; null when not scheduled'),
  lastRoundId: z.string().nullable(),
  lastResponseRate: z.number().nullable().describe('0..1; null when no round yet or fewer responses than the minimum group size'),
});
