/**
 * Every error page says what happened and what to do next, in the reader's language, with a way home —
 * through the one error handler and the error view the app uses.
 */
import express from 'express';
import request from 'supertest';
import { ConflictError, ForbiddenError, NotFoundError, RateLimitedError, ValidationError } from '../../server/errors';
import { errorHandler } from '../../server/http/middleware/errors';
import { ViewRenderer, VIEWS_DIR } from '../../server/http/views';
import { t, type Locale } from '../../server/i18n/i18n';
import { createLogger } from '../../server/logger';
import { startTestApp, type TestApp } from '../helpers/test-app';

function errorApp() {
  const app = express();
  const renderer = new ViewRenderer();
  app.engine('hbs', (file: string, locals: object, cb: (e: unknown, html?: string) => void) => {
    cb(null, renderer.render(file.slice(VIEWS_DIR.length + 1).replace(/\.hbs$/, ''), locals as Record<string, unknown>));
  });
  app.set('views', VIEWS_DIR);
  app.set('view engine', 'hbs');
  app.use((req, res, next) => {
    req.locale = req.query.lang === 'id' ? 'id' : 'en';
    res.locals.locale = req.locale;
    next();
  });
  app.get('/400', () => {
    throw new ValidationError('The form has mistakes');
  });
  app.get('/403', () => {
    throw new ForbiddenError();
  });
  app.get('/404', () => {
    throw new NotFoundError();
  });
  app.get('/409', () => {
    throw new ConflictError('This round has already closed');
  });
  app.get('/413', (_req, _res, next) => next(Object.assign(new Error('too big'), { status: 413, type: 'entity.too.large' })));
  app.get('/429', () => {
    throw new RateLimitedError();
  });
  app.get('/500', () => {
    throw new Error('boom: a secret stack detail');
  });
  app.use(errorHandler(createLogger('silent')));
  return app;
}

const ids: Record<number, string> = { 400: 'validation_failed', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 413: 'too_large', 429: 'rate_limited', 500: 'internal_error' };
const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;').replace(/`/g, '&#x60;').replace(/=/g, '&#x3D;');

describe('error pages', () => {
  const app = errorApp();

  it.each([400, 403, 404, 409, 413, 429, 500].flatMap((status) => (['en', 'id'] as Locale[]).map((locale) => [status, locale] as const)))(
    '%d in %s explains what happened and what to do next, with a link home',
    async (status, locale) => {
      const res = await request(app).get(`/${status}?lang=${locale}`).set('Accept', 'text/html');
      expect(res.status).toBe(status);
      const id = ids[status];
      const detail = t(locale, `error.${id}.detail`);
      expect(detail).not.toBe(`error.${id}.detail`);
      expect(res.text).toContain(escape(t(locale, `error.${id}`)));
      expect(res.text).toContain(escape(detail));
      expect(res.text).toContain(`<a href="/">${escape(t(locale, 'error.home'))}</a>`);
      expect(res.text).not.toContain('secret stack detail');
    },
  );

  it('the English page adds the specific message when it says more than the heading, never the generic one', async () => {
    const conflict = await request(app).get('/409').set('Accept', 'text/html');
    expect(conflict.text).toContain('This round has already closed');
    const notFound = await request(app).get('/404').set('Accept', 'text/html');
    expect(notFound.text).not.toMatch(/<p>Not found<\/p>/);
    const id = await request(app).get('/409?lang=id').set('Accept', 'text/html');
    expect(id.text).not.toContain('This round has already closed');
  });

  it('the Indonesian and English detail texts differ (both translated)', () => {
    for (const id of Object.values(ids)) expect(t('id', `error.${id}.detail`)).not.toBe(t('en', `error.${id}.detail`));
  });
});

describe('error pages of the running app', () => {
  let t0: TestApp;
  beforeAll(async () => {
    t0 = await startTestApp();
  });
  afterAll(() => t0.close());

  it.each([
    ['en', 'Page not found'],
    ['id', 'Halaman tidak ditemukan'],
  ])('an unknown address in %s', async (lang, heading) => {
    const res = await request(t0.app).get('/no-such-page').set('Accept-Language', lang).set('Accept', 'text/html');
    expect(res.status).toBe(404);
    expect(res.text).toContain(heading);
    expect(res.text).toContain(escape(t(lang as Locale, 'error.not_found.detail')));
  });
});

describe('/favicon.ico', () => {
  let t1: TestApp;
  beforeAll(async () => {
    t1 = await startTestApp();
  });
  afterAll(() => t1.close());

  it('is a small icon, cached, with no session needed', async () => {
    const res = await request(t1.app).get('/favicon.ico').buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/x-icon');
    expect(res.headers['cache-control']).toBe('public, max-age=604800');
    const body = res.body as Buffer;
    // An ICO header (reserved 0, type 1, one image) holding a PNG.
    expect([...body.subarray(0, 6)]).toEqual([0, 0, 1, 0, 1, 0]);
    expect(body.subarray(22, 26).toString('latin1')).toBe('\x89PNG');
    expect(body.length).toBeLessThan(2048);
  });
});
