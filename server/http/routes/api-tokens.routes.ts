/** HR admins' API tokens page: create (the token is shown once), see prefix and last use, revoke. */
import { Router, type Request, type Response } from 'express';
import type { AppContext } from '../../context';
import { ValidationError } from '../../errors';
import { t } from '../../i18n/i18n';
import { apiTokenInputSchema } from '../../domain/api-tokens/api-token.schema';
import { createApiToken, listApiTokens, revokeApiToken } from '../../domain/api-tokens/api-tokens.service';
import { fieldErrors, parseOrThrow } from '../validation';

export function apiTokensRoutes(ctx: AppContext): Router {
  const router = Router();
  const render = async (req: Request, res: Response, locals: Record<string, unknown> = {}) =>
    res.render('pages/admin/api-tokens', { title: t(req.locale, 'api.tokens.title'), tokens: await listApiTokens(ctx), apiBase: `${ctx.config.BASE_URL}/api/v1`, ...locals });

  router.get('/admin/api-tokens', async (req, res) => {
    await render(req, res, { revoked: req.query.revoked === '1' });
  });
  router.post('/admin/api-tokens', async (req, res) => {
    try {
      const { token, row } = await createApiToken(ctx, parseOrThrow(apiTokenInputSchema, req.body), req.auth!.employee.id);
      // The one time the token is shown: never cache this page.
      res.set('Cache-Control', 'no-store');
      await render(req, res, { newToken: token, newTokenName: row.name });
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      res.status(400);
      await render(req, res, { values: req.body, errors: fieldErrors(err.issues) });
    }
  });
  router.post('/admin/api-tokens/:id/revoke', async (req, res) => {
    await revokeApiToken(ctx, req.params.id, req.auth!.employee.id);
    res.redirect(303, '/admin/api-tokens?revoked=1');
  });
  return router;
}
