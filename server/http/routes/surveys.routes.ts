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
import type { FieldIssue } from '../../errors';
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
    res.status(status).render('pages/surveys/editor', {
      ...editorView(req.locale, draft, editorErrors(req.locale, issues)),
      title: t(req.locale, surveyId ? 'surveys.editor.pageEdit' : 'surveys.editor.pageNew'),
      surveyId,
      action: surveyId ? `/admin/surveys/${surveyId}` : '/admin/surveys',
      rounds,
      schedule,
      ...extra,
    });
  };

  router.get('/admin/surveys/new', ...hrOnly, async (req, res) => {
    const draft: SurveyDraft = { title: '', intro: '', slots: [blankSlot()] };
    await renderEditor(req, res, 200, draft, null, [], { bankOpen: req.query.from === 'bank' });
  });

  router.get('/admin/surveys/:id', ...hrOnly, async (req, res) => {
    const survey = await getSurvey(ctx, String(req.params.id));
    await renderEditor(req, res, 200, draftFromSurvey(survey), survey.id, [], { saved: req.query.saved === '1' });
  });

  /** One handler for both the new and the edit form: `action` says which button was pressed. */
  const submit = (existing: boolean) => async (req: Request, res: Response) => {
    const surveyId = existing ? (await getSurvey(ctx, String(req.params.id))).id : null;
    const body = req.body as Record<string, unknown>;
    const draft = draftFromForm(body);
    const action = typeof body.action === 'string' ? body.action : 'save';

    if (action === 'add') {
      if (draft.slots.length >= MAX_QUESTIONS) {
        return renderEditor(req, res, 400, draft, surveyId, [{ path: ['questions'], message: SURVEY_MESSAGES.tooManyQuestions }]);
      }
      draft.slots.push(blankSlot());
      return renderEditor(req, res, 200, draft, surveyId);
    }
    if (action.startsWith('remove:')) {
      const index = Number(action.slice('remove:'.length));
      if (Number.isInteger(index) && index >= 0) draft.slots.splice(index, 1);
      if (draft.slots.length === 0) draft.slots.push(blankSlot());
      return renderEditor(req, res, 200, draft, surveyId);
    }
    if (action === 'bank') {
      const refused = addFromBank(draft, listOf(body.bank));
      return renderEditor(req, res, refused ? 400 : 200, draft, surveyId, refused ? [refused] : [], { bankOpen: Boolean(refused) });
    }

    const parsed = surveyInputSchema.safeParse(inputFromDraft(draft));
    if (!parsed.success) {
      draft.slots = draft.slots.filter((s) => !isEmptySlot(s));
      if (draft.slots.length === 0) draft.slots.push(blankSlot());
      return renderEditor(req, res, 400, draft, surveyId, issuesOf(parsed.error));
    }
    const saved = surveyId ? await updateSurvey(ctx, surveyId, parsed.data) : await createSurvey(ctx, parsed.data);
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
