/** Opening a round in tests and reading each invitee's link back from the sealed token. */
import type { AppContext } from '../../server/context';
import { openRoundNow } from '../../server/domain/rounds/open-round.service';
import { buildSurvey, type QuestionOverrides } from '../factories/surveys';
import { closeRound } from '../../server/domain/rounds/close-rounds.service';
import { releaseRound } from '../../server/domain/rounds/release.service';

/** Opens a one-off round of a new survey for everyone active; returns the round id and each person's link path. */
export async function openTestRound(
  ctx: AppContext,
  o: { questions?: QuestionOverrides[]; windowDays?: number; reminderCount?: number; intro?: string; titleId?: string | null; introId?: string | null } = {},
) {
  const survey = await buildSurvey(ctx.db, { title: 'Weekly pulse', questions: o.questions, intro: o.intro, titleId: o.titleId, introId: o.introId });
  const round = await openRoundNow(ctx, survey.id, {
    audience: { kind: 'company', ids: [] },
    windowDays: o.windowDays ?? 5,
    reminderCount: o.reminderCount ?? 2,
  });
  const invitations = await ctx.db.invitation.findMany({ where: { roundId: round.roundId }, select: { employeeId: true, tokenCipher: true } });
  const links = new Map(invitations.map((i) => [i.employeeId, `/s/${ctx.keyring.open(i.tokenCipher as string)}`]));
  return { roundId: round.roundId, links };
}

/**
 * Closes the round now and releases its answers at once (the close-rounds job waits a settling minute first),
 * so a test can read the responses it submitted. Returns how many responses were released.
 */
export async function closeAndRelease(ctx: AppContext, roundId: string): Promise<number> {
  await closeRound(ctx, roundId);
  return (await releaseRound(ctx, roundId)) ?? 0;
}
