/** Bearer-token authentication for /api/v1: unknown, malformed or revoked tokens get a 401 JSON error. */
import type { RequestHandler } from 'express';
import type { AppContext } from '../../context';
import { UnauthorizedError } from '../../errors';
import { authenticateApiToken } from '../../domain/api-tokens/api-tokens.service';

export function apiAuth(ctx: AppContext): RequestHandler {
  return async (req, res, next) => {
    res.set('Cache-Control', 'no-store');
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    const tokenId = m ? await authenticateApiToken(ctx, m[1]) : null;
    if (!tokenId) {
      res.set('WWW-Authenticate', 'Bearer');
      return next(new UnauthorizedError(m ? 'This API token is not valid or has been revoked' : 'Send an API token: Authorization: Bearer <token>'));
    }
    req.apiTokenId = tokenId;
    next();
  };
}
