/**
 * The one error handler: typed errors answer with their status and message (JSON for API clients, the
 * error page for browsers); anything unexpected is logged and answered with a generic 500, no stack.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, NotFoundError, ValidationError } from '../../errors';
import type { Logger } from '../../logger';
import { t } from '../../i18n/i18n';

function wantsJson(req: Parameters<RequestHandler>[0]): boolean {
  return req.path.startsWith('/api/') || req.accepts(['html', 'json']) === 'json';
}

function multerCode(err: unknown): string | undefined {
  return (err as { name?: string })?.name === 'MulterError' ? (err as { code: string }).code : undefined;
}

export const notFound: RequestHandler = (_req, _res, next) => next(new NotFoundError());

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const known = err instanceof AppError ? err : undefined;
    const parseError =
      !known && ((err as { type?: string })?.type === 'entity.parse.failed' || (!!multerCode(err) && multerCode(err) !== 'LIMIT_FILE_SIZE'));
    const tooLarge = !known && ((err as { type?: string })?.type === 'entity.too.large' || multerCode(err) === 'LIMIT_FILE_SIZE');
    const status = known?.status ?? (parseError ? 400 : tooLarge ? 413 : 500);
    const id = known?.id ?? (parseError ? 'invalid_body' : tooLarge ? 'too_large' : 'internal_error');
    if (status >= 500) logger.error({ err, reqId: req.id }, 'unhandled error');
    else if (status === 401 || status === 403) logger.warn({ reqId: req.id, status, path: req.path }, 'access refused');
    if (res.headersSent) return;
    const message =
      known?.message ??
      (parseError ? 'The request body is not valid JSON' : tooLarge ? 'The request is too large' : 'Something went wrong on our side');
    if (wantsJson(req)) {
      res.status(status).json({ error: { id, message, issues: err instanceof ValidationError ? err.issues : undefined } });
      return;
    }
    // The heading and detail are translated per error id; English readers also see the specific message.
    const locale = req.locale ?? 'en';
    res.status(status).render('pages/error', {
      title: t(locale, `error.${id}`),
      status,
      message,
      locale,
      errorTitleKey: `error.${id}`,
      errorDetailKey: `error.${id}.detail`,
    });
  };
}
