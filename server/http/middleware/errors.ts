/**
 * The one error handler: typed errors answer with their status and message (JSON for API clients, the
 * error page for browsers); a 4xx that Express's parts attach to their errors (body parsers: bad JSON, an
 * unsupported charset or Content-Encoding, too large; the router: a path whose percent-encoding is broken;
 * multipart bodies that cannot be read) is answered as such; a database out of reach for a moment (restarting,
 * locked) is 503 with Retry-After; anything else is logged and answered with a generic 500, no stack.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError, ForbiddenError, NotFoundError, RateLimitedError, StaleCopyError, UnauthorizedError, ValidationError } from '../../errors';
import type { Logger } from '../../logger';
import { t } from '../../i18n/i18n';
import { redactUrl } from '../redact-url';
import { isDatabaseUnavailable } from '../../db/errors';

function wantsJson(req: Parameters<RequestHandler>[0]): boolean {
  return req.path.startsWith('/api/') || req.accepts(['html', 'json']) === 'json';
}

/** An error the client caused, with its status, stable id and a message fit to show. */
interface ClientError {
  status: number;
  id: string;
  message: string;
}

const BODY_ERRORS: Record<string, Omit<ClientError, 'status'>> = {
  'entity.parse.failed': { id: 'invalid_body', message: 'The request body is not valid JSON' },
  'entity.too.large': { id: 'too_large', message: 'The request is too large' },
  'parameters.too.many': { id: 'too_large', message: 'The form has too many fields' },
  'charset.unsupported': { id: 'unsupported_media_type', message: 'The request uses a character set Pulse does not read; send UTF-8' },
  'encoding.unsupported': { id: 'unsupported_media_type', message: 'The request uses a Content-Encoding Pulse does not read; send it as identity, gzip, deflate or br' },
  'multipart.invalid': { id: 'invalid_body', message: 'The uploaded form could not be read; choose the file again and resend' },
};

const BY_STATUS: Record<number, Omit<ClientError, 'status'>> = {
  400: { id: 'bad_request', message: 'The request could not be read: its address or body is malformed' },
  404: { id: 'not_found', message: 'Not found' },
  413: { id: 'too_large', message: 'The request is too large' },
  415: { id: 'unsupported_media_type', message: 'The request is in a format Pulse does not read' },
};

/**
 * The client error `err` stands for, when it is one: the 4xx status (`status` or `statusCode`) that body
 * parsers, the router and multer attach, with a message of our own (theirs may echo the input).
 */
function clientError(err: unknown): ClientError | undefined {
  const e = err as { status?: unknown; statusCode?: unknown; type?: unknown; name?: unknown; code?: unknown } | null;
  if (!e || typeof e !== 'object') return undefined;
  if (e.name === 'MulterError') {
    return e.code === 'LIMIT_FILE_SIZE'
      ? { status: 413, ...BODY_ERRORS['entity.too.large'] }
      : { status: 400, id: 'invalid_body', message: 'The uploaded form could not be read; send one file, in the field "file"' };
  }
  const status = Number(e.status ?? e.statusCode);
  if (!Number.isInteger(status) || status < 400 || status > 499) return undefined;
  const known = typeof e.type === 'string' ? BODY_ERRORS[e.type] : undefined;
  return { status, ...(known ?? BY_STATUS[status] ?? BY_STATUS[400]) };
}

/** The default messages of the typed errors and of BY_STATUS: they repeat the page's heading, so the page leaves them out. */
const GENERIC_MESSAGES = new Set([
  ...Object.values(BY_STATUS).map((e) => e.message),
  new NotFoundError().message,
  new UnauthorizedError().message,
  new ForbiddenError().message,
  new RateLimitedError().message,
  'Something went wrong on our side',
]);

export const notFound: RequestHandler = (_req, _res, next) => next(new NotFoundError());

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const known = err instanceof AppError ? err : undefined;
    const unavailable = !known && isDatabaseUnavailable(err);
    const client = known || unavailable ? undefined : clientError(err);
    const status = known?.status ?? client?.status ?? (unavailable ? 503 : 500);
    const id = known?.id ?? client?.id ?? (unavailable ? 'unavailable' : 'internal_error');
    if (unavailable) logger.warn({ err, reqId: req.id }, 'database unavailable');
    else if (status >= 500) logger.error({ err, reqId: req.id }, 'unhandled error');
    else if (status === 401 || status === 403) logger.warn({ reqId: req.id, status, path: redactUrl(req.path) }, 'access refused');
    else if (client) logger.info({ reqId: req.id, status, reason: id }, 'request refused');
    if (res.headersSent) return;
    if (unavailable) res.set('Retry-After', '5');
    const message = known?.message ?? client?.message ?? (unavailable ? 'Pulse cannot reach its database just now; wait a few seconds and try again' : 'Something went wrong on our side');
    if (wantsJson(req)) {
      const currentVersion = err instanceof StaleCopyError ? err.currentVersion : undefined;
      res.status(status).json({ error: { id, message, issues: err instanceof ValidationError ? err.issues : undefined, currentVersion } });
      return;
    }
    // The heading (what happened) and the detail (what to do next) are translated per error id, in every
    // language; English readers also see the specific message when it says more than the heading.
    const locale = req.locale ?? 'en';
    const pageId = t('en', `error.${id}`) === `error.${id}` ? (status >= 500 ? 'internal_error' : 'bad_request') : id;
    res.status(status).render('pages/error', {
      title: t(locale, `error.${pageId}`),
      status,
      specific: locale === 'en' && !GENERIC_MESSAGES.has(message) ? message : null,
      locale,
      signIn: status === 401,
      errorTitleKey: `error.${pageId}`,
      errorDetailKey: `error.${pageId}.detail`,
      // A form that reaches here (not re-rendered by its route) still says which fields are wrong.
      issues: err instanceof ValidationError ? err.issues.map((i) => ({ field: i.path.join('.') || '_form', message: i.message })) : undefined,
    });
  };
}
