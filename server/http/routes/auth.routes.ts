/** Sign-in by emailed link or by password, sign-out, and setting one's own password. */
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { consumeLoginLink, loginLinkUsable, requestLoginLinkAfter } from '../../domain/auth/login-links.service';
import { endSession, startSession } from '../../domain/auth/sessions.service';
import { changeOwnPassword, checkPassword, passwordChangeNeeds } from '../../domain/auth/password-accounts.service';
import { passwordSchema } from '../../domain/auth/passwords';
import { emailSchema } from '../../domain/org/employee.schema';
import { ValidationError } from '../../errors';
import { fieldErrors, issuesOf } from '../validation';
import { clearCookie, setCookie } from '../middleware/cookies';
import { SESSION_COOKIE } from '../middleware/session';
import { failureLimit } from '../middleware/failure-limit';
import { requireSignedIn } from '../middleware/authorize';
import { t } from '../../i18n/i18n';
import type { Request, Response } from 'express';

/** Only same-site paths may be a destination after sign-in. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?!\/)[^\\]*$/.test(next) ? next : '/';
}

export function authRoutes(ctx: AppContext): Router {
  const router = Router();
  // A new session id at every sign-in (ASVS 7.2.4); the session the browser came with ends, whoever's it was (a
  // planted cookie, or the person's own earlier one), so no second live session is left behind.
  const signIn = async (req: Request, res: Response, employeeId: string, next: string) => {
    if (req.auth) await endSession(ctx, req.auth.sessionId);
    setCookie(res, ctx.config, SESSION_COOKIE, await startSession(ctx, employeeId), ctx.config.SESSION_ABSOLUTE_DAYS * 86400);
    res.redirect(303, safeNext(next));
  };

  router.get('/login', (req, res) => {
    if (req.auth) return res.redirect(303, '/');
    res.render('pages/login', { next: safeNext(req.query.next), sent: req.query.sent === '1' });
  });

  // The same answer, at the same speed, for every address: the lookup happens after the answer is sent.
  router.post('/login/link', failureLimit(ctx, 'link-request'), (req, res) => {
    const email = emailSchema.safeParse((req.body as { email?: unknown }).email);
    if (!email.success) {
      return res.status(400).render('pages/login', { errors: { email: t(req.locale, 'login.emailInvalid') }, values: req.body });
    }
    requestLoginLinkAfter(ctx, res, email.data);
    res.redirect(303, '/login?sent=1');
  });

  router.get('/login/link/:token', async (req, res) => {
    const usable = await loginLinkUsable(ctx, String(req.params.token));
    res.set('Referrer-Policy', 'no-referrer');
    res.status(usable ? 200 : 410).render('pages/login-link', { usable, token: String(req.params.token) });
  });

  // No CSRF token here (the URL is the secret); a post from another site is refused by sameOrigin (app.ts).
  router.post('/login/link/:token', failureLimit(ctx, 'link-use'), async (req, res) => {
    res.set('Referrer-Policy', 'no-referrer');
    const employeeId = await consumeLoginLink(ctx, String(req.params.token));
    if (!employeeId) return res.status(410).render('pages/login-link', { usable: false });
    await req.attempt?.succeeded();
    ctx.logger.info({ event: 'sign_in', method: 'link', employeeId }, 'signed in');
    await signIn(req, res, employeeId, '/');
  });

  const passwordLogin = z.object({ email: emailSchema, password: z.string().min(1).max(256), next: z.string().optional() });
  router.post('/login/password', failureLimit(ctx, 'password'), async (req, res) => {
    const parsed = passwordLogin.safeParse(req.body);
    const fail = () =>
      res.status(401).render('pages/login', { errors: { password: t(req.locale, 'login.passwordWrong') }, values: { email: (req.body as { email?: string }).email } });
    if (!parsed.success) return fail();
    const person = await checkPassword(ctx, parsed.data.email, parsed.data.password);
    if (!person) {
      ctx.logger.warn({ event: 'sign_in_failed', method: 'password' }, 'password sign-in refused');
      return fail();
    }
    await req.attempt?.succeeded();
    ctx.logger.info({ event: 'sign_in', method: 'password', employeeId: person.id }, 'signed in');
    await signIn(req, res, person.id, safeNext(parsed.data.next));
  });

  router.post('/logout', async (req, res) => {
    if (req.auth) await endSession(ctx, req.auth.sessionId);
    clearCookie(res, ctx.config, SESSION_COOKIE);
    res.redirect(303, '/login');
  });

  const passwordPage = (req: Request, res: Response, status: number, errors: Record<string, string> = {}) =>
    res.status(status).render('pages/password', { needs: passwordChangeNeeds(ctx, req.auth!), email: req.auth!.employee.email, errors });
  router.get('/account/password', requireSignedIn, (req, res) => passwordPage(req, res, 200));
  const passwordChange = z
    .object({ current: z.string().max(256).optional(), password: passwordSchema, confirm: z.string() })
    .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The two passwords differ' });
  router.post('/account/password', requireSignedIn, failureLimit(ctx, 'password-change'), async (req, res) => {
    const parsed = passwordChange.safeParse(req.body);
    if (!parsed.success) return passwordPage(req, res, 400, fieldErrors(issuesOf(parsed.error)));
    try {
      await changeOwnPassword(ctx, req.auth!, parsed.data.current, parsed.data.password);
    } catch (err) {
      if (err instanceof ValidationError) return passwordPage(req, res, 400, fieldErrors(err.issues));
      throw err;
    }
    await req.attempt?.succeeded();
    await signIn(req, res, req.auth!.employee.id, '/');
  });
  return router;
}
