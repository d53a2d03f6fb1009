/**
 * Cross-site form posts are refused (ASVS 3.5.3, login CSRF): a browser says where a request comes from in
 * `Sec-Fetch-Site` and `Origin`. This guards the forms whose URL carries its own token (POST /login/link/:token
 * has no CSRF token, so a foreign page could otherwise sign a victim into the attacker's account) and backs up
 * the CSRF tokens everywhere else. `Sec-Fetch-Site`, which pages cannot set, decides when it is there (every
 * current browser sends it): the sign-in link page is served with `Referrer-Policy: no-referrer`, under which the
 * browser sends its own form's post with `Origin: null`. Without it (older browsers), an `Origin` other than
 * Pulse's is refused; `null` then passes, as it would also come from that page. Requests with neither header
 * (non-browser clients) pass; the bearer-token API is not behind it.
 */
import type { Request, RequestHandler } from 'express';
import type { AppContext } from '../../context';
import { ForbiddenError } from '../../errors';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const ALLOWED_FETCH_SITES = new Set(['same-origin', 'none']);

function isCrossSite(req: Request, appOrigin: string): boolean {
  const site = req.get('sec-fetch-site');
  if (site) return !ALLOWED_FETCH_SITES.has(site.toLowerCase());
  const origin = req.get('origin');
  if (origin === undefined || origin === 'null') return false;
  return origin !== appOrigin && origin !== `${req.protocol}://${req.get('host') ?? ''}`;
}

export function sameOrigin(ctx: AppContext, exempt: (path: string) => boolean): RequestHandler {
  const appOrigin = new URL(ctx.config.BASE_URL).origin;
  return (req, _res, next) => {
    if (SAFE.has(req.method) || exempt(req.path) || !isCrossSite(req, appOrigin)) return next();
    ctx.logger.warn({ event: 'cross_site_post_refused', origin: req.get('origin'), site: req.get('sec-fetch-site') }, 'cross-site request refused');
    next(new ForbiddenError('This form was sent from another site. Open Pulse itself and try again.'));
  };
}
