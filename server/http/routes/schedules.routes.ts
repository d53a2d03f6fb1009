/**
 * A survey's schedule page: the form (with a live preview of the next five send times), pause/resume, and
 * "Send now" behind a confirmation that says how many people it reaches.
 */
import crypto from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { getSurvey } from '../../domain/surveys/surveys.service';
import {
  audienceChoices,
  previewSendTimes,
  saveSchedule,
  scheduleDefaults,
  scheduleOfSurvey,
  sendNowAudienceSize,
  sendNowPlan,
  setSchedulePaused,
} from '../../domain/surveys/schedules.service';
import { scheduleInputSchema } from '../../domain/surveys/schedule.schema';
import { openRoundNow } from '../../domain/rounds/open-round.service';
import { requireRole, requireSignedIn } from '../middleware/authorize';
import { fieldErrors, issuesOf } from '../validation';
import { formatSendTimes, formValues, scheduleChoices, scheduleInputFromForm } from '../forms/schedule-form';
import { StaleCopyError, ValidationError } from '../../errors';
import { versionField } from '../forms/version-field';
import { t } from '../../i18n/i18n';
import { translateErrors } from '../forms/survey-messages';

const hrOnly = [requireSignedIn, requireRole('hr_admin')];

export function schedulesRoutes(ctx: AppContext): Router {
  const router = Router();

  const renderPage = async (req: Request, res: Response, status: number, submitted?: Record<string, unknown>, errors: Record<string, string> = {}, formVersion?: number | null) => {
    const survey = await getSurvey(ctx, String(req.params.id));
    const schedule = await scheduleOfSurvey(ctx, survey.id);
    // The form carries the version it was filled from: after a refused stale save, the current one (so saving again replaces it).
    const version = status === 409 ? schedule?.version : formVersion === undefined ? schedule?.version : formVersion;
    const values = formValues(submitted ?? schedule ?? (await scheduleDefaults(ctx)));
    const preview = schedule ? formatSendTimes(req.locale, previewSendTimes(ctx, schedule, 5), schedule.timeZone) : [];
    res.status(status).render('pages/surveys/schedule', {
      title: t(req.locale, 'surveys.schedule.pageTitle'),
      survey,
      schedule,
      values,
      errors,
      preview,
      ...scheduleChoices(req.locale, values),
      ...(await audienceChoices(ctx)),
      saved: req.query.saved === '1',
      stale: status === 409,
      version: version ?? '',
      scripts: ['schedule-preview.js'],
    });
  };

  // The preview as the form is edited, before saving (views/assets/schedule-preview.js): the next five send
  // times of the posted fields, or the first problem, named by field, in the reader's language.
  router.get('/admin/surveys/:id/schedule/preview', ...hrOnly, async (req, res) => {
    await getSurvey(ctx, String(req.params.id));
    const parsed = scheduleInputSchema.safeParse(scheduleInputFromForm(req.query));
    if (!parsed.success) return res.status(400).json({ errors: translateErrors(req.locale, fieldErrors(issuesOf(parsed.error))) });
    const times = previewSendTimes(ctx, parsed.data, 5);
    res.json({
      times: formatSendTimes(req.locale, times, parsed.data.timeZone),
      note: t(req.locale, parsed.data.localDelivery ? 'surveys.schedule.previewLocal' : 'surveys.schedule.previewZone', { zone: parsed.data.timeZone }),
    });
  });

  // "Send now" asks first, with how many people it will reach; the confirmation carries the form's own key,
  // so however often it is posted, it opens one round.
  router.get('/admin/surveys/:id/send-now', ...hrOnly, async (req, res) => {
    const survey = await getSurvey(ctx, String(req.params.id));
    const { audience } = await sendNowPlan(ctx, survey.id);
    res.render('pages/surveys/send-now', {
      title: t(req.locale, 'surveys.sendNow.pageTitle'),
      survey,
      people: await sendNowAudienceSize(ctx, audience),
      wholeCompany: audience.kind === 'company',
      sendKey: crypto.randomUUID(),
    });
  });

  router.get('/admin/surveys/:id/schedule', ...hrOnly, (req, res) => renderPage(req, res, 200));

  router.post('/admin/surveys/:id/schedule', ...hrOnly, async (req, res) => {
    const raw = scheduleInputFromForm(req.body);
    const version = versionField(req.body);
    const parsed = scheduleInputSchema.safeParse(raw);
    if (!parsed.success) return renderPage(req, res, 400, raw, translateErrors(req.locale, fieldErrors(issuesOf(parsed.error))), version);
    try {
      await saveSchedule(ctx, String(req.params.id), parsed.data, version);
    } catch (err) {
      if (err instanceof ValidationError) return renderPage(req, res, 400, raw, translateErrors(req.locale, fieldErrors(err.issues)), version);
      if (err instanceof StaleCopyError) return renderPage(req, res, 409, raw);
      throw err;
    }
    ctx.logger.info({ event: 'schedule_saved', surveyId: req.params.id, by: req.auth!.employee.id }, 'schedule saved');
    res.redirect(303, `/admin/surveys/${String(req.params.id)}/schedule?saved=1`);
  });

  for (const [path, paused] of [['pause', true], ['resume', false]] as const) {
    router.post(`/admin/surveys/:id/schedule/${path}`, ...hrOnly, async (req, res) => {
      await setSchedulePaused(ctx, String(req.params.id), paused);
      ctx.logger.info({ event: paused ? 'schedule_paused' : 'schedule_resumed', surveyId: req.params.id, by: req.auth!.employee.id }, 'schedule changed');
      res.redirect(303, `/admin/surveys/${String(req.params.id)}/schedule`);
    });
  }

  const sendKeySchema = z.uuid().optional();
  router.post('/admin/surveys/:id/send-now', ...hrOnly, async (req, res) => {
    const survey = await getSurvey(ctx, String(req.params.id));
    const sendKey = sendKeySchema.safeParse((req.body as { sendKey?: unknown }).sendKey);
    if (!sendKey.success) throw new ValidationError('Reload the page and press Send now again', [{ path: ['sendKey'], message: 'Not a key this page made' }]);
    // A one-off round goes to the schedule's audience with its window and reminders, or company-wide with the defaults.
    const round = await openRoundNow(ctx, survey.id, { ...(await sendNowPlan(ctx, survey.id)), sendKey: sendKey.data });
    ctx.logger.info({ event: 'round_sent_now', surveyId: survey.id, roundId: round.roundId, by: req.auth!.employee.id }, 'round opened by hand');
    res.redirect(303, `/admin/rounds/${round.roundId}`);
  });
  return router;
}
