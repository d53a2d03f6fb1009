/**
 * Keeps the demo's weekly pulse alive: a Monday 09:00 (Asia/Jakarta) schedule for the whole company and
 * one round open now, so a newcomer finds survey links in the local mailbox and can answer one.
 */
import type { AppContext } from '../../context';
import { saveSchedule } from '../surveys/schedules.service';
import { scheduleInputSchema } from '../surveys/schedule.schema';
import { openRoundNow } from '../rounds/open-round.service';
import { SURVEY_TITLE } from './demo-results';

export async function startDemoPulse(ctx: AppContext): Promise<void> {
  const survey = await ctx.db.survey.findFirstOrThrow({ where: { title: SURVEY_TITLE } });
  const today = ctx.clock.now().toISOString().slice(0, 10);
  await saveSchedule(
    ctx,
    survey.id,
    scheduleInputSchema.parse({ frequency: 'weekly', weekday: 1, timeOfDay: '09:00', timeZone: 'Asia/Jakarta', startDate: today, audience: 'company' }),
  );
  await openRoundNow(ctx, survey.id, { audience: { kind: 'company', ids: [] }, windowDays: 5, reminderCount: 2 });
}
