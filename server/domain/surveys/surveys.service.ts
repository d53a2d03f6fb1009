/**
 * Creating, editing and listing surveys. Editing rewrites the survey's questions only: rounds already
 * opened keep their own snapshot (RoundQuestion), so a change affects future rounds alone. Saves are checked
 * against the version the editor started from (optimistic concurrency): a save from an older copy is refused
 * with StaleCopyError (409), unless it would store exactly what is stored already (a double click).
 */
import { audit } from '../audit/audit.service';
import type { AppContext } from '../../context';
import { shownRate } from '../results/suppression';
import type { DbTx } from '../../db/client';
import { NotFoundError, StaleCopyError } from '../../errors';
import { parseOptionsId } from './survey-wording';
import { DEFAULT_ENPS_TEXT, type QuestionInput, type SurveyInput } from './survey.schema';

export interface SurveyWithQuestions {
  id: string;
  title: string;
  intro: string;
  /** The title and intro in Bahasa Indonesia, when given. */
  titleId: string | null;
  introId: string | null;
  /** Goes up by one at every save. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
  questions: QuestionInput[];
}

export const STALE_SURVEY = 'Someone else saved this survey after you opened it. Your version is below: check it, then save again to replace theirs.';

async function companyName(db: DbTx): Promise<string> {
  return (await db.orgSettings.findUnique({ where: { id: 1 } }))?.companyName ?? 'our company';
}

/** The survey's own words, both languages. */
const surveyFields = (input: SurveyInput) => ({ title: input.title, intro: input.intro, titleId: input.titleId ?? null, introId: input.introId ?? null });

/** The rows to store: eNPS without wording gets the default, and `{company}` is filled in. */
function questionRows(surveyId: string, questions: QuestionInput[], company: string) {
  const fill = (s: string) => s.replaceAll('{company}', company);
  return questions.map((q, position) => ({
    surveyId,
    position,
    kind: q.kind,
    text: fill(q.text || (q.kind === 'enps' ? DEFAULT_ENPS_TEXT.en : '')),
    textId: q.textId ? fill(q.textId) : q.kind === 'enps' && !q.text ? fill(DEFAULT_ENPS_TEXT.id) : null,
    options: JSON.stringify(q.options),
    optionsId: q.optionsId ? JSON.stringify(q.optionsId) : null,
    required: q.required,
    enpsScale: q.enpsScale,
  }));
}

export async function createSurvey(ctx: AppContext, input: SurveyInput): Promise<SurveyWithQuestions> {
  const id = await ctx.db.$transaction(async (tx) => {
    const survey = await tx.survey.create({ data: surveyFields(input) });
    await tx.surveyQuestion.createMany({ data: questionRows(survey.id, input.questions, await companyName(tx)) });
    await audit(ctx, tx, { action: 'survey.create', targetKind: 'survey', targetId: survey.id, detail: { title: input.title, questions: input.questions.length } });
    return survey.id;
  });
  return getSurvey(ctx, id);
}

/** Whether saving `input` would leave `current` exactly as it is. */
async function sameAsStored(ctx: AppContext, current: SurveyWithQuestions, input: SurveyInput): Promise<boolean> {
  const shape = (rows: { kind: string; text: string; textId: string | null; options: string; optionsId: string | null; required: boolean; enpsScale: string }[]) =>
    JSON.stringify(rows.map((q) => [q.kind, q.text, q.textId ?? null, q.options, q.optionsId ?? null, q.required, q.enpsScale]));
  const stored = current.questions.map((q) => ({ ...q, options: JSON.stringify(q.options), optionsId: q.optionsId ? JSON.stringify(q.optionsId) : null }));
  const fields = surveyFields(input);
  return (
    current.title === fields.title &&
    current.intro === fields.intro &&
    current.titleId === fields.titleId &&
    current.introId === fields.introId &&
    shape(stored) === shape(questionRows(current.id, input.questions, await companyName(ctx.db)))
  );
}

/**
 * Replaces the survey's title, intro and questions, if it is still at `expectedVersion` (when given). Opened
 * rounds are untouched.
 */
export async function updateSurvey(ctx: AppContext, id: string, input: SurveyInput, expectedVersion?: number): Promise<SurveyWithQuestions> {
  const saved = await ctx.db.$transaction(async (tx) => {
    const where = { id, archived: false, ...(expectedVersion === undefined ? {} : { version: expectedVersion }) };
    const found = await tx.survey.updateMany({ where, data: { ...surveyFields(input), version: { increment: 1 } } });
    if (found.count === 0) return false;
    await tx.surveyQuestion.deleteMany({ where: { surveyId: id } });
    await tx.surveyQuestion.createMany({ data: questionRows(id, input.questions, await companyName(tx)) });
    await audit(ctx, tx, { action: 'survey.update', targetKind: 'survey', targetId: id, detail: { title: input.title, questions: input.questions.length } });
    return true;
  });
  const current = await getSurvey(ctx, id);
  if (!saved && !(await sameAsStored(ctx, current, input))) throw new StaleCopyError(STALE_SURVEY, current.version);
  return current;
}

export async function getSurvey(ctx: AppContext, id: string): Promise<SurveyWithQuestions> {
  const survey = await ctx.db.survey.findFirst({ where: { id, archived: false }, include: { questions: { orderBy: { position: 'asc' } } } });
  if (!survey) throw new NotFoundError('No such survey');
  return {
    id: survey.id,
    title: survey.title,
    intro: survey.intro,
    titleId: survey.titleId,
    introId: survey.introId,
    version: survey.version,
    createdAt: survey.createdAt,
    updatedAt: survey.updatedAt,
    questions: survey.questions.map((q) => ({
      kind: q.kind as QuestionInput['kind'],
      text: q.text,
      textId: q.textId,
      required: q.required,
      options: JSON.parse(q.options) as string[],
      optionsId: parseOptionsId(q.optionsId),
      enpsScale: q.enpsScale as QuestionInput['enpsScale'],
    })),
  };
}

export interface SurveyListItem {
  id: string;
  title: string;
  questionCount: number;
  nextRunAt: Date | null;
  /** The last round's response rate (0..1), or null when there is no round or too few answers to show it. */
  lastResponseRate: number | null;
  lastRoundId: string | null;
}

/** Every survey with its next send time and its last round's response rate (hidden below the minimum group size). */
export async function listSurveys(ctx: AppContext): Promise<SurveyListItem[]> {
  const [surveys, settings] = await Promise.all([
    ctx.db.survey.findMany({
      where: { archived: false },
      orderBy: { createdAt: 'desc' },
      include: {
        _count: { select: { questions: true } },
        schedules: { where: { paused: false, nextRunAt: { not: null } }, orderBy: { nextRunAt: 'asc' }, take: 1, select: { nextRunAt: true } },
        rounds: { orderBy: { openedAt: 'desc' }, take: 1, select: { id: true, invitedCount: true, respondedCount: true } },
      },
    }),
    ctx.db.orgSettings.findUnique({ where: { id: 1 } }),
  ]);
  const minGroup = settings?.minGroupSize ?? 5;
  return surveys.map((s) => {
    const last = s.rounds[0];
    return {
      id: s.id,
      title: s.title,
      questionCount: s._count.questions,
      nextRunAt: s.schedules[0]?.nextRunAt ?? null,
      lastResponseRate: last ? shownRate(last.respondedCount, last.invitedCount, minGroup) : null,
      lastRoundId: last?.id ?? null,
    };
  });
}

/** The survey's most recent rounds, newest first (for links to their status pages). */
export async function recentRounds(ctx: AppContext, surveyId: string, take = 10) {
  const [rounds, settings] = await Promise.all([
    ctx.db.round.findMany({
      where: { surveyId },
      orderBy: { openedAt: 'desc' },
      take,
      select: { id: true, openedAt: true, closesAt: true, status: true, invitedCount: true, respondedCount: true },
    }),
    ctx.db.orgSettings.findUnique({ where: { id: 1 }, select: { minGroupSize: true } }),
  ]);
  // Each with its response rate where it may be shown (k or more answered), never the bare count.
  return rounds.map(({ invitedCount, respondedCount, ...r }) => ({ ...r, responseRate: shownRate(respondedCount, invitedCount, settings?.minGroupSize ?? 5) }));
}
