/**
 * Which parts of a survey the people it goes to cannot read in their own language. Surveys are written in
 * English, with an optional Bahasa Indonesia wording of the title, the intro, each question (textId) and each
 * question's options (optionsId). The answer page shows a part without it in English and says so; the editor
 * warns beforehand with what this returns.
 */
import type { AppContext } from '../../context';
import { audienceOf, inviteesOf } from '../rounds/audience';

export interface DraftQuestion {
  kind: string;
  text: string;
  textId: string;
  optionsText: string;
  optionsIdText: string;
}

export interface DraftSurvey {
  title: string;
  intro: string;
  titleId: string;
  introId: string;
  slots: readonly DraftQuestion[];
}

/** Whether the title, or an intro that was written, lacks its Indonesian wording. Pure. */
export function untranslatedSurveyText(s: Pick<DraftSurvey, 'title' | 'intro' | 'titleId' | 'introId'>): boolean {
  return (s.title.trim() !== '' && !s.titleId.trim()) || (s.intro.trim() !== '' && !s.introId.trim());
}

/** The 1-based numbers of the questions an Indonesian reader would see (partly) in English. Pure. */
export function untranslatedQuestions(questions: readonly DraftQuestion[]): number[] {
  // Numbered as the editor numbers its boxes; empty boxes are ignored on save, so they are skipped here too.
  return questions.flatMap((q, i) => {
    if (!q.kind && !q.text.trim() && !q.textId.trim()) return [];
    const noWording = !q.textId.trim() && !(q.kind === 'enps' && !q.text.trim()); // an empty eNPS text gets the default wording in both languages
    const optionLines = (text: string) => text.split(/\r?\n/).filter((l) => l.trim() !== '').length;
    const english = optionLines(q.optionsText);
    const oneLanguageOptions = (q.kind === 'single' || q.kind === 'multi') && english > 0 && optionLines(q.optionsIdText) !== english;
    return noWording || oneLanguageOptions ? [i + 1] : [];
  });
}

/**
 * How many people of the survey's audience (its schedule's, else the whole company) read Bahasa Indonesia,
 * whether the title or intro and which questions they would see in English; null when nobody would be affected.
 */
export async function languageGaps(ctx: AppContext, surveyId: string | null, draft: DraftSurvey): Promise<{ readers: number; survey: boolean; questions: number[] } | null> {
  const schedule = surveyId ? await ctx.db.schedule.findUnique({ where: { surveyId }, select: { audience: true, audienceIds: true } }) : null;
  const audience = schedule ? audienceOf(schedule.audience, schedule.audienceIds) : audienceOf('company', '[]');
  const readers = (await inviteesOf(ctx.db, audience)).filter((p) => p.locale === 'id').length;
  const numbers = untranslatedQuestions(draft.slots);
  const survey = untranslatedSurveyText(draft);
  return readers > 0 && (survey || numbers.length > 0) ? { readers, survey, questions: numbers } : null;
}
