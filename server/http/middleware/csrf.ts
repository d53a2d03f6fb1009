/**
 * CSRF protection for every state-changing form (ASVS 3.5): the token is an HMAC, under the app key, of the
 * session id (or, before sign-in, of a random per-browser id), sent back as the `_csrf` field or the
 * `X-CSRF-Token` header. Routes whose URL carries a secret token, and the bearer-token API, are exempt.
 */
import type { RequestHandler } from 'express';
import type { AppContext } from '../../context';
import { ForbiddenError } from '../../errors';
import { randomToken, safeEqual } from '../../secrets';
import { setCookie } from './cookies';

const ANON_COOKIE = 'pulse_anon';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function csrf(ctx: AppContext, exempt: (path: string) => boolean): RequestHandler {
  return (req, res, next) => {
    let id = req.auth?.sessionId;
    if (!id) {
      id = req.cookies[ANON_COOKIE];
      if (!id || id.length < 20) {
        id = randomToken(16);
        req.cookies[ANON_COOKIE] = id;
        setCookie(res, ctx.config, ANON_COOKIE, id);
      }
    }
    req.csrfToken = ctx.keyring.mac(`csrf:${id}`);
    res.locals.csrfToken = req.csrfToken;
    if (SAFE.has(req.method) || exempt(req.path)) return next();
    const sent = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.get('x-csrf-token');
    if (typeof sent !== 'string' || !safeEqual(sent, req.csrfToken)) {
      return next(new ForbiddenError('This form has expired or did not come from Pulse. Reload the page and try again.'));
    }
    next();
  };
}
