/**
 * The Express application: security headers → request log → body parsing → session → locale → CSRF →
 * routes → 404 → the error handler. `createApp` takes everything it needs, so tests drive it with supertest.
 */
import express from 'express';
import helmet from 'helmet';
import multer from 'multer';
import { pinoHttp } from 'pino-http';
import crypto from 'node:crypto';
import path from 'node:path';
import type { AppContext } from '../context';
import { mailboxMode } from '../config';
import { ViewRenderer, VIEWS_DIR } from './views';
import { parseCookies } from './middleware/cookies';
import { loadSession } from './middleware/session';
import { chooseLocale } from './middleware/locale';
import { csrf } from './middleware/csrf';
import { noStore } from './middleware/no-store';
import { sameOrigin } from './middleware/same-origin';
import { refuseNul } from './middleware/refuse-nul';
import { errorHandler, notFound } from './middleware/errors';
import { redactUrl } from './redact-url';
import { healthRoutes } from './routes/health.routes';
import { setupRoutes } from './routes/setup.routes';
import { authRoutes } from './routes/auth.routes';
import { homeRoutes } from './routes/home.routes';
import { registerFeatureRoutes } from './routes';
import { auditActor } from './middleware/audit-actor';
import { bodyOrEmpty } from './middleware/body-or-empty';
import { answerRoutes } from './routes/answer.routes';
import './request-types';

export interface AppOptions {
  isShuttingDown?: () => boolean;
}

/** Paths whose URL carries its own secret token (answer and sign-in links), in any letter case as Express routes them. */
const TOKEN_URL = /^\/(s|login\/link)\//i;

/** Paths whose URL carries its own secret token, and the bearer-token API: no CSRF check there. */
function csrfExempt(p: string): boolean {
  return p.startsWith('/api/') || TOKEN_URL.test(p);
}

/** HSTS for two years, sent only on requests that came over TLS (as `trust proxy` lets Express tell). */
const HSTS = 'max-age=63072000; includeSubDomains';

export { redactUrl };

/** A multipart body busboy could not read (cut short, no boundary, a malformed part) is the client's error. */
function unreadableMultipart(err: unknown): unknown {
  if (err instanceof Error && err.name !== 'MulterError') return Object.assign(err, { status: 400, type: 'multipart.invalid' });
  return err;
}

export function createApp(ctx: AppContext, opts: AppOptions = {}): express.Express {
  const app = express();
  const renderer = new ViewRenderer(ctx.config.NODE_ENV !== 'development');
  app.engine('hbs', (file: string, locals: object, cb: (e: unknown, html?: string) => void) => {
    try {
      const name = path.relative(VIEWS_DIR, file).replace(/\.hbs$/, '');
      cb(null, renderer.render(name, locals as Record<string, unknown>));
    } catch (err) {
      cb(err);
    }
  });
  app.set('views', VIEWS_DIR);
  app.set('view engine', 'hbs');
  app.set('x-powered-by', false);
  // Pages that show results say so when personal links sit in the built-in mailbox (weakened confidentiality).
  app.locals.mailboxMode = mailboxMode(ctx.config);
  // Dynamic answers are `no-store` (middleware/no-store.ts), so an ETag would never be used: not hashing every
  // page saves ~30 ms on a large one (a CSV import preview carries the file back). Static assets keep theirs.
  app.set('etag', false);
  if (ctx.config.TRUST_PROXY) app.set('trust proxy', ctx.config.TRUST_PROXY);

  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: ctx.config.SECURE_COOKIES ? [] : null,
        },
      },
      referrerPolicy: { policy: 'same-origin' },
      // Below, per request: a header sent over plain HTTP would be ignored by browsers and misstate the transport.
      strictTransportSecurity: false,
    }),
  );
  app.use((req, res, next) => {
    if (req.secure) res.setHeader('Strict-Transport-Security', HSTS);
    // A token URL never leaves as a Referer, whatever the answer (an error before the route included).
    if (TOKEN_URL.test(req.path)) res.setHeader('Referrer-Policy', 'no-referrer');
    next();
  });
  app.use(
    pinoHttp({
      logger: ctx.logger,
      genReqId: (req, res) => {
        const id = (req.headers['x-request-id'] as string | undefined)?.slice(0, 64) || crypto.randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' },
    }),
  );
  app.use('/assets', express.static(path.join(VIEWS_DIR, 'assets'), { maxAge: '1h' }));
  // Browsers ask for /favicon.ico on every site: a small icon, cached for a week (not a 404 in every log).
  app.get('/favicon.ico', (_req, res) => res.sendFile(path.join(VIEWS_DIR, 'assets', 'favicon.ico'), { maxAge: '7d', headers: { 'Content-Type': 'image/x-icon' } }));
  app.use(noStore);
  app.use(healthRoutes(ctx, opts.isShuttingDown ?? (() => false)));
  // Personal answer links (/s/:token) carry their own key: they need no session and no CSRF token, so they
  // are served before those are loaded, with only the form parser and the page language (a hot path:
  // `npm run bench -- answer`).
  // Mounted as routers (not behind a function), so the route list read from the router (test/helpers/app-routes.ts)
  // includes them.
  const tokenPages = express.Router();
  tokenPages.use('/s/', express.urlencoded({ extended: true, limit: '100kb' }), parseCookies, chooseLocale(ctx));
  tokenPages.use(answerRoutes(ctx));
  app.use(tokenPages);
  // 5 MB: a CSV import's confirm step carries the file back in a form field.
  app.use(express.urlencoded({ extended: true, limit: '5mb' }));
  // File uploads (one file, field "file", in memory) are parsed before the CSRF check reads `_csrf`.
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 5 * 1024 * 1024, files: 1, fields: 100 } }).single('file');
  app.use((req, res, next) => upload(req, res, (err?: unknown) => next(err === undefined ? undefined : unreadableMultipart(err))));
  app.use(express.json({ limit: '2mb' }));
  app.use(bodyOrEmpty);
  app.use(refuseNul);
  app.use(parseCookies);
  app.use(loadSession(ctx));
  app.use(auditActor);
  app.use(chooseLocale(ctx));
  app.use(sameOrigin(ctx, (p) => p.startsWith('/api/')));
  app.use(csrf(ctx, csrfExempt));
  app.use(setupRoutes(ctx));
  app.use(authRoutes(ctx));
  app.use(homeRoutes(ctx));
  registerFeatureRoutes(app, ctx);
  app.use(notFound);
  app.use(errorHandler(ctx.logger));
  return app;
}
