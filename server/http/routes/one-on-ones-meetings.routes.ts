/**
 * The meeting page (used during the meeting, often on a phone) and what is done on it: talking points,
 * suggested points, shared notes, the viewer's private note, action items, and held / skipped / moved.
 * Every form posts and comes back to the page; a problem re-renders it with the text kept and the reason.
 */
import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context';
import { ConflictError, ValidationError } from '../../errors';
import { t } from '../../i18n/i18n';
import { actionInputSchema, agendaInputSchema, moveInputSchema, privateNoteSchema, sharedNotesSchema } from '../../domain/one-on-ones/one-on-one.schema';
import { acceptSuggestion, meetingPage } from '../../domain/one-on-ones/meeting-page.service';
import { addAgendaItem, removeAgendaItem, setAgendaItemChecked } from '../../domain/one-on-ones/agenda.service';
import { addActionItem, setActionItemDone } from '../../domain/one-on-ones/action-items.service';
import { NotesConflictError, savePrivateNote, saveSharedNotes } from '../../domain/one-on-ones/notes.service';
import { holdMeeting, moveMeeting, skipMeeting } from '../../domain/one-on-ones/meetings.service';
import { localDateOf, localTimeOf } from '../../domain/recurrence/local-time';
import { requireSignedIn } from '../middleware/authorize';
import { fieldErrors, issuesOf } from '../validation';
import { translateOneOnOneErrors } from '../forms/one-on-one-form';
import { keepOneOnOnePrivate } from './one-on-ones.routes';

interface PageState {
  status?: number;
  errors?: Record<string, Record<string, string>>;
  /** What the person typed, kept when the page comes back with a problem. */
  kept?: Record<string, unknown>;
  conflict?: { current: string; version: number };
}

export function oneOnOneMeetingsRoutes(ctx: AppContext): Router {
  const router = Router();
  router.use('/one-on-ones/meetings', requireSignedIn, (_req, res, next) => {
    keepOneOnOnePrivate(res);
    next();
  });
  const me = (req: Request) => req.auth!.employee.id;
  const id = (req: Request) => String(req.params.id);
  const back = (req: Request, res: Response, anchor = '') => res.redirect(303, `/one-on-ones/meetings/${id(req)}${anchor}`);

  const render = async (req: Request, res: Response, state: PageState = {}) => {
    const page = await meetingPage(ctx, me(req), id(req), req.locale);
    // Forms a cancelled meeting (or a meeting past its agenda) no longer shows cannot carry their errors: refused as such.
    if (state.status === 400 && (page.meeting.status === 'cancelled' || (state.errors?.agenda && !page.canEditAgenda))) throw new ConflictError('This meeting can no longer be changed');
    const zone = page.series.timeZone;
    res.status(state.status ?? 200).render('pages/one-on-ones/meeting', {
      title: t(req.locale, 'oneOnOnes.meeting.title', { name: page.other.name }),
      ...page,
      isManager: page.role === 'manager',
      errors: state.errors ?? {},
      kept: state.kept ?? {},
      conflict: state.conflict ?? null,
      sharedNotesText: state.kept?.sharedNotes ?? page.meeting.sharedNotes,
      privateNoteText: state.kept?.privateNote ?? page.privateNote,
      moveDate: state.kept?.moveDate ?? localDateOf(page.meeting.startsAt, zone),
      moveTime: state.kept?.moveTime ?? localTimeOf(page.meeting.startsAt, zone),
      seriesZone: zone,
      timeZone: req.auth!.employee.timeZone,
    });
  };
  /** Re-renders the page with the form's problems under `errors.<form>.<field>` and the typed text kept. */
  const invalid = (req: Request, res: Response, err: { issues: ValidationError['issues'] }, kept: Record<string, unknown>, form: string) =>
    render(req, res, { status: 400, kept, errors: { [form]: translateOneOnOneErrors(req.locale, fieldErrors(err.issues)) } });

  router.get('/one-on-ones/meetings/:id', (req, res) => render(req, res));

  router.post('/one-on-ones/meetings/:id/agenda', async (req, res) => {
    const parsed = agendaInputSchema.safeParse(req.body);
    if (!parsed.success) return invalid(req, res, { issues: issuesOf(parsed.error) }, { agendaText: req.body?.text }, 'agenda');
    await addAgendaItem(ctx, me(req), id(req), parsed.data.text);
    back(req, res, '#agenda');
  });

  for (const [path, checked] of [['check', true], ['uncheck', false]] as const) {
    router.post(`/one-on-ones/meetings/:id/agenda/:itemId/${path}`, async (req, res) => {
      await setAgendaItemChecked(ctx, me(req), id(req), String(req.params.itemId), checked);
      back(req, res, '#agenda');
    });
  }

  router.post('/one-on-ones/meetings/:id/agenda/:itemId/remove', async (req, res) => {
    await removeAgendaItem(ctx, me(req), id(req), String(req.params.itemId));
    back(req, res, '#agenda');
  });

  router.post('/one-on-ones/meetings/:id/suggestions', async (req, res) => {
    await acceptSuggestion(ctx, me(req), id(req), String(req.body?.key ?? ''), req.locale);
    back(req, res, '#agenda');
  });

  router.post('/one-on-ones/meetings/:id/notes', async (req, res) => {
    const parsed = sharedNotesSchema.safeParse(req.body);
    if (!parsed.success) return invalid(req, res, { issues: issuesOf(parsed.error) }, { sharedNotes: req.body?.text }, 'notes');
    try {
      await saveSharedNotes(ctx, me(req), id(req), parsed.data.text, parsed.data.version);
    } catch (err) {
      if (err instanceof NotesConflictError) return render(req, res, { status: 409, kept: { sharedNotes: parsed.data.text }, conflict: { current: err.current, version: err.version } });
      throw err;
    }
    back(req, res, '#notes');
  });

  router.post('/one-on-ones/meetings/:id/private-note', async (req, res) => {
    const parsed = privateNoteSchema.safeParse(req.body);
    if (!parsed.success) return invalid(req, res, { issues: issuesOf(parsed.error) }, { privateNote: req.body?.text }, 'private');
    await savePrivateNote(ctx, me(req), id(req), parsed.data.text);
    back(req, res, '#private');
  });

  router.post('/one-on-ones/meetings/:id/actions', async (req, res) => {
    const parsed = actionInputSchema.safeParse(req.body);
    const kept = { actionText: req.body?.text, actionOwner: req.body?.ownerId, actionDue: req.body?.dueDate };
    if (!parsed.success) return invalid(req, res, { issues: issuesOf(parsed.error) }, kept, 'action');
    try {
      await addActionItem(ctx, me(req), id(req), parsed.data);
    } catch (err) {
      if (err instanceof ValidationError) return invalid(req, res, err, kept, 'action');
      throw err;
    }
    back(req, res, '#actions');
  });

  for (const [path, done] of [['done', true], ['reopen', false]] as const) {
    router.post(`/one-on-ones/meetings/:id/actions/:itemId/${path}`, async (req, res) => {
      await setActionItemDone(ctx, me(req), id(req), String(req.params.itemId), done);
      back(req, res, '#actions');
    });
  }

  router.post('/one-on-ones/meetings/:id/hold', async (req, res) => {
    await holdMeeting(ctx, me(req), id(req));
    back(req, res);
  });

  router.post('/one-on-ones/meetings/:id/skip', async (req, res) => {
    await skipMeeting(ctx, me(req), id(req));
    back(req, res);
  });

  router.post('/one-on-ones/meetings/:id/move', async (req, res) => {
    const parsed = moveInputSchema.safeParse(req.body);
    const kept = { moveDate: req.body?.date, moveTime: req.body?.time };
    if (!parsed.success) return invalid(req, res, { issues: issuesOf(parsed.error) }, kept, 'move');
    try {
      await moveMeeting(ctx, me(req), id(req), parsed.data);
    } catch (err) {
      if (err instanceof ValidationError) return invalid(req, res, err, kept, 'move');
      throw err;
    }
    back(req, res);
  });
  return router;
}
