/**
 * The answer page at /s/:token (the token is the person's key: no sign-in, no CSRF token, redacted from logs).
 * GET and HEAD only read, since mail scanners open links first; POST validates and spends the link once.
 * Pages carry Referrer-Policy: no-referrer, are not cached or indexed, and load nothing from elsewhere.
 */
import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context';
import { isLocale, LOCALES, LOCALE_NAMES, type Locale } from '../../i18n/i18n';
import { linkState, submitResponse, type LinkState } from '../../domain/rounds/answer.service';
import { stopReminders } from '../../domain/rounds/reminders-opt-out';
import { formHeading, formQuestions, roundAnswerSchema } from '../../domain/rounds/answer-form';
import { fieldErrors, issuesOf } from '../validation';

const STATUS = { unknown: 404, closed: 410, answered: 200 } as const;

/** ?lang= (or the form's `lang`) when given, else the invitation's language. */
function pageLocale(req: Request, res: Response, fallback: Locale): Locale {
  const asked = req.method === 'POST' ? (req.body as { lang?: unknown } | undefined)?.lang : req.query.lang;
  const locale = isLocale(asked) ? asked : fallback;
  res.locals.locale = locale;
  res.locals.languages = LOCALES.map((code) => ({ code, name: LOCALE_NAMES[code], current: code === locale }));
  return locale;
}

function privatePage(res: Response): void {
  res.set({ 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' });
}

type Closed = Exclude<LinkState, { state: 'open' }>;

function renderUnavailable(req: Request, res: Response, link: Closed, status?: number): void {
  const locale = pageLocale(req, res, link.state === 'unknown' ? req.locale : link.locale);
  res.status(status ?? STATUS[link.state]).render('pages/answer/unavailable', { state: link.state, locale });
}

export function answerRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/s/:token', async (req, res) => {
    privatePage(res);
    const link = await linkState(ctx, String(req.params.token));
    if (link.state !== 'open') return renderUnavailable(req, res, link);
    const locale = pageLocale(req, res, link.locale);
    const heading = formHeading(link.round, locale);
    res.render('pages/answer/form', {
      title: heading.title,
      heading,
      round: link.round,
      timeZone: link.timeZone,
      lang: locale,
      token: String(req.params.token),
      questions: formQuestions(link.round.questions, locale),
    });
  });

  router.post('/s/:token', async (req, res) => {
    privatePage(res);
    const token = String(req.params.token);
    const link = await linkState(ctx, token);
    if (link.state !== 'open') return renderUnavailable(req, res, link, link.state === 'answered' ? 409 : undefined);
    const locale = pageLocale(req, res, link.locale);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const parsed = roundAnswerSchema(link.round, locale).safeParse(body);
    if (!parsed.success) {
      const questions = formQuestions(link.round.questions, locale, body, fieldErrors(issuesOf(parsed.error)));
      const heading = formHeading(link.round, locale);
      return res.status(400).render('pages/answer/form', {
        title: heading.title,
        heading,
        round: link.round,
        timeZone: link.timeZone,
        lang: locale,
        token,
        questions,
        errorList: questions.filter((q) => q.error),
      });
    }
    const outcome = await submitResponse(ctx, token, link.round, link.invitation, parsed.data);
    if (outcome !== 'saved') return renderUnavailable(req, res, { state: outcome, locale }, outcome === 'answered' ? 409 : undefined);
    res.render('pages/answer/thanks', { title: formHeading(link.round, locale).title });
  });

  // A reminder's List-Unsubscribe: GET asks (scanners only read), POST stops this round's reminders; a mail
  // client's one-click POST (RFC 8058, body List-Unsubscribe=One-Click) needs no page and no CSRF token.
  router.get('/s/:token/reminders-off', async (req, res) => {
    privatePage(res);
    const link = await linkState(ctx, String(req.params.token));
    if (link.state === 'unknown' || link.state === 'closed') return renderUnavailable(req, res, link);
    const locale = pageLocale(req, res, link.locale);
    if (link.state === 'answered') return res.render('pages/answer/reminders-off', { done: true });
    res.render('pages/answer/reminders-off', { title: formHeading(link.round, locale).title, round: link.round, heading: formHeading(link.round, locale), token: String(req.params.token) });
  });

  router.post('/s/:token/reminders-off', async (req, res) => {
    privatePage(res);
    const token = String(req.params.token);
    const link = await linkState(ctx, token);
    if (link.state === 'unknown' || link.state === 'closed') return renderUnavailable(req, res, link);
    pageLocale(req, res, link.locale);
    if (!(await stopReminders(ctx, token))) return renderUnavailable(req, res, { state: 'closed', locale: link.locale });
    ctx.logger.info({ event: 'reminders_stopped' }, 'a person stopped the reminders of a round');
    res.render('pages/answer/reminders-off', { done: true });
  });

  return router;
}
