/** Sign-in by emailed link or by password, sign-out, and setting one's own password. */
import { Router } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { consumeLoginLink, loginLinkUsable, requestLoginLink } from '../../domain/auth/login-links.service';
import { endSession, startSession } from '../../domain/auth/sessions.service';
import { checkPassword, setPassword } from '../../domain/auth/password-accounts.service';
import { passwordSchema } from '../../domain/auth/passwords';
import { emailSchema } from '../../domain/org/employee.schema';
import { fieldErrors, issuesOf } from '../validation';
import { clearCookie, setCookie } from '../middleware/cookies';
import { SESSION_COOKIE } from '../middleware/session';
import { attemptLimiter } from '../middleware/rate-limit';
import { requireSignedIn } from '../middleware/authorize';
import { t } from '../../i18n/i18n';
import type { Response } from 'express';

/** Only same-site paths may be a destination after sign-in. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?!\/)[^\\]*$/.test(next) ? next : '/';
}

export function authRoutes(ctx: AppContext): Router {
  const router = Router();
  const signIn = async (res: Response, employeeId: string, next: string) => {
    setCookie(res, ctx.config, SESSION_COOKIE, await startSession(ctx, employeeId), ctx.config.SESSION_ABSOLUTE_DAYS * 86400);
    res.redirect(303, safeNext(next));
  };

  router.get('/login', (req, res) => {
    if (req.auth) return res.redirect(303, '/');
    res.render('pages/login', { next: safeNext(req.query.next), sent: req.query.sent === '1' });
  });

  router.post('/login/link', attemptLimiter(10, 15), async (req, res) => {
    const email = emailSchema.safeParse((req.body as { email?: unknown }).email);
    if (!email.success) {
      return res.status(400).render('pages/login', { errors: { email: t(req.locale, 'login.emailInvalid') }, values: req.body });
    }
    await requestLoginLink(ctx, email.data);
    res.redirect(303, '/login?sent=1');
  });

  router.get('/login/link/:token', async (req, res) => {
    const usable = await loginLinkUsable(ctx, String(req.params.token));
    res.set('Referrer-Policy', 'no-referrer');
    res.status(usable ? 200 : 410).render('pages/login-link', { usable, token: String(req.params.token) });
  });

  router.post('/login/link/:token', attemptLimiter(30, 15), async (req, res) => {
    res.set('Referrer-Policy', 'no-referrer');
    const employeeId = await consumeLoginLink(ctx, String(req.params.token));
    if (!employeeId) return res.status(410).render('pages/login-link', { usable: false });
    ctx.logger.info({ event: 'sign_in', method: 'link', employeeId }, 'signed in');
    await signIn(res, employeeId, '/');
  });

  const passwordLogin = z.object({ email: emailSchema, password: z.string().min(1).max(256), next: z.string().optional() });
  router.post('/login/password', attemptLimiter(10, 15), async (req, res) => {
    const parsed = passwordLogin.safeParse(req.body);
    const fail = () =>
      res.status(401).render('pages/login', { errors: { password: t(req.locale, 'login.passwordWrong') }, values: { email: (req.body as { email?: string }).email } });
    if (!parsed.success) return fail();
    const person = await checkPassword(ctx, parsed.data.email, parsed.data.password);
    if (!person) {
      ctx.logger.warn({ event: 'sign_in_failed', method: 'password' }, 'password sign-in refused');
      return fail();
    }
    ctx.logger.info({ event: 'sign_in', method: 'password', employeeId: person.id }, 'signed in');
    await signIn(res, person.id, safeNext(parsed.data.next));
  });

  router.post('/logout', async (req, res) => {
    if (req.auth) await endSession(ctx, req.auth.sessionId);
    clearCookie(res, ctx.config, SESSION_COOKIE);
    res.redirect(303, '/login');
  });

  router.get('/account/password', requireSignedIn, (_req, res) => res.render('pages/password', {}));
  const passwordChange = z
    .object({ password: passwordSchema, confirm: z.string() })
    .refine((v) => v.password === v.confirm, { path: ['confirm'], message: 'The two passwords differ' });
  router.post('/account/password', requireSignedIn, async (req, res) => {
    const parsed = passwordChange.safeParse(req.body);
    if (!parsed.success) return res.status(400).render('pages/password', { errors: fieldErrors(issuesOf(parsed.error)) });
    const me = req.auth!.employee;
    await setPassword(ctx, me.id, parsed.data.password);
    await signIn(res, me.id, '/');
  });
  return router;
}
