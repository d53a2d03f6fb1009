/** Opening a round in tests and reading each invitee's link back from the sealed token. */
import type { AppContext } from '../../server/context';
import { openRoundNow } from '../../server/domain/rounds/open-round.service';
import { buildSurvey, type QuestionOverrides } from '../factories/surveys';

/** Opens a one-off round of a new survey for everyone active; returns the round id and each person's link path. */
export async function openTestRound(ctx: AppContext, o: { questions?: QuestionOverrides[]; windowDays?: number; reminderCount?: number } = {}) {
  const survey = await buildSurvey(ctx.db, { title: 'Weekly pulse', questions: o.questions });
  const round = await openRoundNow(ctx, survey.id, {
    audience: { kind: 'company', ids: [] },
    windowDays: o.windowDays ?? 5,
    reminderCount: o.reminderCount ?? 2,
  });
  const invitations = await ctx.db.invitation.findMany({ where: { roundId: round.roundId }, select: { employeeId: true, tokenCipher: true } });
  const links = new Map(invitations.map((i) => [i.employeeId, `/s/${ctx.keyring.open(i.tokenCipher as string)}`]));
  return { roundId: round.roundId, links };
}
