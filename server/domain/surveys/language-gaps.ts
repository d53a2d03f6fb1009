/**
 * Which parts of a survey the people it goes to cannot read in their own language. Surveys are written in
 * English, with an optional Bahasa Indonesia wording per question (textId); choice options, the title and the
 * intro have one language only. The answer page then shows those parts as written and says so; the editor
 * warns beforehand with what this returns.
 */
import type { AppContext } from '../../context';
import { audienceOf, inviteesOf } from '../rounds/audience';

export interface DraftQuestion {
  kind: string;
  text: string;
  textId: string;
  optionsText: string;
}

/** The 1-based numbers of the questions an Indonesian reader would see (partly) in English. Pure. */
export function untranslatedQuestions(questions: readonly DraftQuestion[]): number[] {
  // Numbered as the editor numbers its boxes; empty boxes are ignored on save, so they are skipped here too.
  return questions.flatMap((q, i) => {
    if (!q.kind && !q.text.trim() && !q.textId.trim()) return [];
    const noWording = !q.textId.trim() && !(q.kind === 'enps' && !q.text.trim()); // an empty eNPS text gets the default wording in both languages
    const oneLanguageOptions = (q.kind === 'single' || q.kind === 'multi') && q.optionsText.trim() !== '';
    return noWording || oneLanguageOptions ? [i + 1] : [];
  });
}

/**
 * How many people of the survey's audience (its schedule's, else the whole company) read Bahasa Indonesia,
 * and which questions they would see in English; null when nobody would be affected.
 */
export async function languageGaps(ctx: AppContext, surveyId: string | null, questions: readonly DraftQuestion[]): Promise<{ readers: number; questions: number[] } | null> {
  const schedule = surveyId ? await ctx.db.schedule.findUnique({ where: { surveyId }, select: { audience: true, audienceIds: true } }) : null;
  const audience = schedule ? audienceOf(schedule.audience, schedule.audienceIds) : audienceOf('company', '[]');
  const readers = (await inviteesOf(ctx.db, audience)).filter((p) => p.locale === 'id').length;
  const numbers = untranslatedQuestions(questions);
  return readers > 0 && numbers.length > 0 ? { readers, questions: numbers } : null;
}
