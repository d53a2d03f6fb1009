import type { RequestHandler } from 'express';

/**
 * Every page and download Pulse renders may carry personal data (a sign-in link page, results, exports, the
 * directory, the mailbox): none may be kept by the browser's or a proxy's cache, nor shown again by Back after
 * sign-out. Mounted after the static assets, which keep their own caching.
 */
export const noStore: RequestHandler = (_req, res, next) => {
  res.set('Cache-Control', 'no-store');
  next();
};
