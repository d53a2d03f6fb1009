/**
 * A survey's schedule: when rounds open, to whom, for how long, with how many reminders. Saving stores the
 * next slot (`nextRunAt`, UTC) that the round engine's tick claims; pausing stops it, resuming starts again
 * from the next slot after now (slots missed while paused are not sent late). Saving, pausing and resuming end
 * any claim a tick holds on the schedule (see rounds/schedule-claims.ts), so the change wins over an opening
 * not yet committed and a held claim never delays the new slot.
 */
import { audit } from '../audit/audit.service';
import type { AppContext } from '../../context';
import { isUniqueViolation } from '../../db/errors';
import { NotFoundError, StaleCopyError, ValidationError } from '../../errors';
import { localParts, nextRunAfter, nextRuns, timingOf, type StoredTiming } from './schedule-times';
import type { ScheduleInput } from './schedule.schema';
import { SCHEDULE_MESSAGES } from './schedule.schema';

export const STALE_SCHEDULE = 'Someone else saved this schedule after you opened it. Theirs is shown above; your version is in the form: save again to replace theirs.';

/** The survey's schedule (one per survey: the database's unique key), or null when it has none yet. */
export async function scheduleOfSurvey(ctx: AppContext, surveyId: string) {
  return ctx.db.schedule.findUnique({ where: { surveyId } });
}

/** Refuses departments or teams that do not exist (the ids come from a form or an API client). */
async function checkAudience(ctx: AppContext, input: ScheduleInput): Promise<void> {
  if (input.audience === 'company') return;
  const where = { id: { in: input.audienceIds } };
  const known = input.audience === 'departments' ? await ctx.db.department.count({ where }) : await ctx.db.team.count({ where });
  if (known !== input.audienceIds.length) throw new ValidationError('Some fields need attention', [{ path: ['audienceIds'], message: SCHEDULE_MESSAGES.audienceEmpty }]);
}

/** The stored form of the fields a person edits. */
const TIMING_FIELDS = ['frequency', 'weekday', 'dayOfMonth', 'timeOfDay', 'timeZone', 'windowDays', 'reminderCount', 'startDate', 'endDate', 'audience', 'audienceIds'] as const;

/**
 * Creates or replaces the survey's schedule and stores its next slot after now (null when it has ended).
 * `expectedVersion` is the version the form was filled from: null when it showed no schedule (this save
 * creates it), undefined to save unconditionally. A save from an older copy is refused with StaleCopyError,
 * unless the stored schedule already says exactly the same (a double click, or parallel first saves of one form).
 * Ten parallel first saves store one schedule: the survey's schedule is unique in the database.
 */
export async function saveSchedule(ctx: AppContext, surveyId: string, input: ScheduleInput, expectedVersion?: number | null) {
  const survey = await ctx.db.survey.findFirst({ where: { id: surveyId, archived: false }, select: { id: true } });
  if (!survey) throw new NotFoundError('No such survey');
  await checkAudience(ctx, input);
  const data = {
    frequency: input.frequency,
    weekday: input.weekday,
    dayOfMonth: input.dayOfMonth,
    timeOfDay: input.timeOfDay,
    timeZone: input.timeZone,
    windowDays: input.windowDays,
    reminderCount: input.reminderCount,
    startDate: input.startDate,
    endDate: input.endDate,
    audience: input.audience,
    audienceIds: JSON.stringify(input.audienceIds),
    nextRunAt: nextRunAfter(timingOf(input), ctx.clock.now()),
    // A tick's claim on the old slot ends here: its opening no longer matches, and the new slot is free to claim.
    claimToken: null,
    claimExpiresAt: null,
  };
  const written = await writeSchedule(ctx, surveyId, data, expectedVersion);
  if (written) return written;
  const current = await scheduleOfSurvey(ctx, surveyId);
  if (current && TIMING_FIELDS.every((f) => current[f] === data[f])) return current;
  throw new StaleCopyError(STALE_SCHEDULE, current?.version ?? 0);
}

type ScheduleData = Omit<Parameters<AppContext['db']['schedule']['create']>[0]['data'], 'survey' | 'surveyId'>;

/** The conditional write behind saveSchedule; null when the stored schedule is not the one expected. */
async function writeSchedule(ctx: AppContext, surveyId: string, data: ScheduleData, expectedVersion: number | null | undefined) {
  if (expectedVersion === null || (expectedVersion === undefined && !(await scheduleOfSurvey(ctx, surveyId)))) {
    try {
      return await ctx.db.$transaction(async (tx) => {
        const created = await tx.schedule.create({ data: { ...data, surveyId } });
        await audit(ctx, tx, { action: 'schedule.save', targetKind: 'survey', targetId: surveyId, detail: { frequency: data.frequency, audience: data.audience ?? null } });
        return created;
      });
    } catch (err) {
      // Someone else's first save got there first: this one was made without seeing it.
      if (!isUniqueViolation(err)) throw err;
      if (expectedVersion === null) return null;
    }
  }
  const where = { surveyId, ...(typeof expectedVersion === 'number' ? { version: expectedVersion } : {}) };
  return ctx.db.$transaction(async (tx) => {
    const { count } = await tx.schedule.updateMany({ where, data: { ...data, version: { increment: 1 } } });
    if (count !== 1) return null;
    await audit(ctx, tx, { action: 'schedule.save', targetKind: 'survey', targetId: surveyId, detail: { frequency: data.frequency, audience: data.audience ?? null } });
    return tx.schedule.findUnique({ where: { surveyId } });
  });
}

/** Pauses or resumes the survey's schedule. Resuming recomputes the next slot from now. */
export async function setSchedulePaused(ctx: AppContext, surveyId: string, paused: boolean) {
  const schedule = await scheduleOfSurvey(ctx, surveyId);
  if (!schedule) throw new NotFoundError('This survey has no schedule yet');
  const nextRunAt = paused ? schedule.nextRunAt : nextRunAfter(timingOf(schedule), ctx.clock.now());
  // As with an edit, a claim a tick holds on the slot ends: pausing stops its opening, resuming plans afresh.
  return ctx.db.$transaction(async (tx) => {
    const saved = await tx.schedule.update({ where: { id: schedule.id }, data: { paused, nextRunAt, claimToken: null, claimExpiresAt: null } });
    await audit(ctx, tx, { action: paused ? 'schedule.pause' : 'schedule.resume', targetKind: 'survey', targetId: surveyId });
    return saved;
  });
}

/** The next `n` send times of a stored schedule, from now. */
export function previewSendTimes(ctx: AppContext, schedule: StoredTiming, n = 5): Date[] {
  return nextRuns(timingOf(schedule), ctx.clock.now(), n);
}

/** Departments and teams to choose an audience from. */
export async function audienceChoices(ctx: AppContext) {
  const [departments, teams] = await Promise.all([
    ctx.db.department.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true } }),
    ctx.db.team.findMany({ orderBy: { name: 'asc' }, select: { id: true, name: true, department: { select: { name: true } } } }),
  ]);
  return { departments, teams: teams.map((t) => ({ id: t.id, name: `${t.department.name} · ${t.name}` })) };
}

/** What a new schedule form starts with: weekly on Monday at 09:00 in the organisation's zone, from today. */
export async function scheduleDefaults(ctx: AppContext) {
  const settings = await ctx.db.orgSettings.findUnique({ where: { id: 1 }, select: { defaultTimeZone: true } });
  const timeZone = settings?.defaultTimeZone ?? 'UTC';
  const p = localParts(ctx.clock.now(), timeZone);
  const today = `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
  return { frequency: 'weekly', weekday: 1, dayOfMonth: 1, timeOfDay: '09:00', timeZone, windowDays: 5, reminderCount: 2, startDate: today, audience: 'company' };
}
