/** HR's survey pages: the list, the editor (new and edit, works without JavaScript) and a round's status page. */
import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context';
import { createSurvey, getSurvey, listSurveys, recentRounds, updateSurvey } from '../../domain/surveys/surveys.service';
import { roundStatus } from '../../domain/surveys/round-status.service';
import { scheduleOfSurvey } from '../../domain/surveys/schedules.service';
import { MAX_QUESTIONS, SURVEY_MESSAGES, surveyInputSchema } from '../../domain/surveys/survey.schema';
import { requireRole, requireSignedIn } from '../middleware/authorize';
import { issuesOf } from '../validation';
import { addFromBank, blankSlot, draftFromForm, draftFromSurvey, editorErrors, inputFromDraft, isEmptySlot, listOf, type SurveyDraft } from '../forms/survey-form';
import { editorView } from '../forms/survey-editor-view';
import { languageGaps } from '../../domain/surveys/language-gaps';
import { StaleCopyError, type FieldIssue } from '../../errors';
import { versionField } from '../forms/version-field';
import { t } from '../../i18n/i18n';

const hrOnly = [requireSignedIn, requireRole('hr_admin')];

export function surveysRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/admin/surveys', ...hrOnly, async (req, res) => {
    res.render('pages/surveys/list', { title: t(req.locale, 'surveys.list.title'), surveys: await listSurveys(ctx) });
  });

  const renderEditor = async (req: Request, res: Response, status: number, draft: SurveyDraft, surveyId: string | null, issues: FieldIssue[] = [], extra: Record<string, unknown> = {}) => {
    const rounds = surveyId ? await recentRounds(ctx, surveyId) : [];
    const schedule = surveyId ? await scheduleOfSurvey(ctx, surveyId) : null;
    const gaps = await languageGaps(ctx, surveyId, draft);
    res.status(status).render('pages/surveys/editor', {
      ...editorView(req.locale, draft, editorErrors(req.locale, issues)),
      title: t(req.locale, surveyId ? 'surveys.editor.pageEdit' : 'surveys.editor.pageNew'),
      surveyId,
      action: surveyId ? `/admin/surveys/${surveyId}` : '/admin/surveys',
      rounds,
      schedule,
      // Adds, removes and reorders questions in place, showing only the fields each kind uses (no-script: the buttons post).
      scripts: ['survey-editor.js'],
      languageGap: gaps ? { readers: gaps.readers, survey: gaps.survey, list: gaps.questions.join(', ') } : null,
      ...extra,
    });
  };

  router.get('/admin/surveys/new', ...hrOnly, async (req, res) => {
    const draft: SurveyDraft = { title: '', intro: '', titleId: '', introId: '', slots: [blankSlot()] };
    await renderEditor(req, res, 200, draft, null, [], { bankOpen: req.query.from === 'bank' });
  });

  router.get('/admin/surveys/:id', ...hrOnly, async (req, res) => {
    const survey = await getSurvey(ctx, String(req.params.id));
    await renderEditor(req, res, 200, draftFromSurvey(survey), survey.id, [], { saved: req.query.saved === '1', version: survey.version });
  });

  /** One handler for both the new and the edit form: `action` says which button was pressed. */
  const submit = (existing: boolean) => async (req: Request, res: Response) => {
    const surveyId = existing ? (await getSurvey(ctx, String(req.params.id))).id : null;
    const body = req.body as Record<string, unknown>;
    const draft = draftFromForm(body);
    const action = typeof body.action === 'string' ? body.action : 'save';
    // The version the editor started from travels with every re-render of the form.
    const version = versionField(body) ?? undefined;
    const render = (status: number, issues: FieldIssue[] = [], extra: Record<string, unknown> = {}) =>
      renderEditor(req, res, status, draft, surveyId, issues, { version, ...extra });

    if (action === 'add') {
      if (draft.slots.length >= MAX_QUESTIONS) return render(400, [{ path: ['questions'], message: SURVEY_MESSAGES.tooManyQuestions }]);
      draft.slots.push(blankSlot());
      return render(200);
    }
    if (action.startsWith('remove:')) {
      const index = Number(action.slice('remove:'.length));
      if (Number.isInteger(index) && index >= 0) draft.slots.splice(index, 1);
      if (draft.slots.length === 0) draft.slots.push(blankSlot());
      return render(200);
    }
    if (action === 'bank') {
      const refused = addFromBank(draft, listOf(body.bank));
      return render(refused ? 400 : 200, refused ? [refused] : [], { bankOpen: Boolean(refused) });
    }

    const parsed = surveyInputSchema.safeParse(inputFromDraft(draft));
    if (!parsed.success) {
      draft.slots = draft.slots.filter((s) => !isEmptySlot(s));
      if (draft.slots.length === 0) draft.slots.push(blankSlot());
      return render(400, issuesOf(parsed.error));
    }
    let saved;
    try {
      saved = surveyId ? await updateSurvey(ctx, surveyId, parsed.data, version) : await createSurvey(ctx, parsed.data);
    } catch (err) {
      if (!(err instanceof StaleCopyError)) throw err;
      // The person's version stays on the page; saving it again (now from the current version) replaces the other.
      return renderEditor(req, res, 409, draft, surveyId, [], { version: err.currentVersion, stale: true });
    }
    ctx.logger.info({ event: existing ? 'survey_updated' : 'survey_created', surveyId: saved.id, by: req.auth!.employee.id }, 'survey saved');
    res.redirect(303, `/admin/surveys/${saved.id}?saved=1`);
  };
  router.post('/admin/surveys', ...hrOnly, submit(false));
  router.post('/admin/surveys/:id', ...hrOnly, submit(true));

  router.get('/admin/rounds/:id', ...hrOnly, async (req, res) => {
    const round = await roundStatus(ctx, String(req.params.id));
    res.render('pages/surveys/round', { title: t(req.locale, 'surveys.round.pageTitle'), round, progress: round.emails.sent + round.emails.failed, refreshSeconds: round.sending ? 5 : undefined });
  });
  return router;
}
