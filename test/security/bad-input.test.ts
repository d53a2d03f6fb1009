/**
 * Issue 10, hole 8: requests a client garbles (broken percent-encoding anywhere in the path, a charset or
 * Content-Encoding Pulse does not read, a multipart body cut short or without its boundary, bad gzip, NUL
 * characters) are the client's error: 400, 413 or 415 with the error page or JSON, never a 500. A seeded fuzz
 * mixes them over every kind of route, signed in as HR and anonymous.
 */
import zlib from 'node:zlib';
import fc from 'fast-check';
import { startTestApp, type Browser, type TestApp } from '../helpers/test-app';
import { signedInBrowser } from '../helpers/sign-in';
import { buildOrg } from '../factories';
import { buildSurvey } from '../factories/survey-editor';

let t: TestApp;
let hr: Browser;
let paths: string[];
beforeAll(async () => {
  t = await startTestApp();
  const { admin } = await buildOrg(t.ctx.db);
  hr = await signedInBrowser(t.app, admin.email);
  const survey = await buildSurvey(t.ctx.db);
  paths = [
    '/s/TOKEN',
    '/login/link/TOKEN',
    '/login/link',
    '/login/password',
    '/setup',
    `/admin/surveys/${survey.id}`,
    `/admin/surveys/${survey.id}/schedule`,
    '/admin/employees/import',
    '/admin/employees/ID',
    '/results/rounds/ID',
    '/api/v1/employees',
    '/api/v1/surveys/ID',
  ];
});
afterAll(() => t.close());

const BROKEN_ESCAPES = ['%E0%A4%A', '%', '%zz', '%C0%AF', '%ED%A0%80', '%F4%90%80%80', 'a%', '%%41'];
const BOUNDARY = '----pulsefuzz';

/** One way to garble a request: what it changes, given the route's path. */
const garbles: Record<string, (path: string, escape: string) => { method: 'get' | 'post'; path: string; headers?: Record<string, string>; body?: Buffer | string }> = {
  'broken escape in the path': (p, e) => ({ method: 'get', path: p.replace(/TOKEN|ID|$/, e) }),
  'broken escape in the path of a POST': (p, e) => ({ method: 'post', path: p.replace(/TOKEN|ID|$/, e), headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'a=1' }),
  'a form in UTF-7': (p) => ({ method: 'post', path: p, headers: { 'Content-Type': 'application/x-www-form-urlencoded; charset=utf-7' }, body: 'email=a%40b.c' }),
  'JSON in an unknown charset': (p) => ({ method: 'post', path: p, headers: { 'Content-Type': 'application/json; charset=klingon' }, body: '{"a":1}' }),
  'an unknown Content-Encoding': (p) => ({ method: 'post', path: p, headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Encoding': 'compress' }, body: 'a=1' }),
  'gzip that is not gzip': (p) => ({ method: 'post', path: p, headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }, body: 'not gzip at all' }),
  'gzip cut short': (p) => ({ method: 'post', path: p, headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Encoding': 'gzip' }, body: zlib.gzipSync('email=a%40b.c&x=1').subarray(0, 12) }),
  'JSON that is not JSON': (p) => ({ method: 'post', path: p, headers: { 'Content-Type': 'application/json' }, body: '{"a":' }),
  'multipart without a boundary': (p) => ({ method: 'post', path: p, headers: { 'Content-Type': 'multipart/form-data' }, body: 'x' }),
  'multipart cut short': (p) => ({
    method: 'post',
    path: p,
    headers: { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` },
    body: `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nemail,name\r\n`,
  }),
  'multipart with a malformed part header': (p) => ({
    method: 'post',
    path: p,
    headers: { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` },
    body: `--${BOUNDARY}\r\nContent-Disposition\r\n\r\nx\r\n--${BOUNDARY}--\r\n`,
  }),
  'a NUL in a form field': (p) => ({ method: 'post', path: p, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'email=a%00b%40c.d&name=x%00' }),
  'a NUL in JSON': (p) => ({ method: 'post', path: p, headers: { 'Content-Type': 'application/json' }, body: '{"email":"a\\u0000@b.c"}' }),
  'a NUL in the path': (p) => ({ method: 'get', path: p.replace(/TOKEN|ID|$/, '%00') }),
};

async function send(signedIn: boolean, g: ReturnType<(typeof garbles)[string]>) {
  const agent = signedIn ? hr.agent : (await import('supertest')).default(t.app);
  let req = g.method === 'get' ? agent.get(g.path) : agent.post(g.path);
  for (const [k, v] of Object.entries(g.headers ?? {})) req = req.set(k, v);
  if (g.path.startsWith('/api/')) req = req.set('Authorization', 'Bearer pulse_not-a-real-token');
  return g.body === undefined ? req : req.send(g.body);
}

describe('garbled requests', () => {
  it.each(Object.keys(garbles))('%s: answered as a client error on every route, never a 500', async (name) => {
    const wrong: string[] = [];
    for (const path of paths) {
      for (const signedIn of [true, false]) {
        const res = await send(signedIn, garbles[name](path, BROKEN_ESCAPES[0]));
        // 401/403/404 are fine too: the route refuses before it reads (the API without a token, CSRF).
        if (![400, 401, 403, 404, 413, 415].includes(res.status)) wrong.push(`${path} (${signedIn ? 'HR' : 'anonymous'}): ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('a broken escape in the path gets a 400 page that says so', async () => {
    const res = await hr.agent.get('/s/%E0%A4%A');
    expect(res.status).toBe(400);
    expect(res.text).toContain('could not be read');
    const api = await hr.agent.get('/api/v1/surveys/%E0%A4%A').set('Authorization', 'Bearer x');
    expect(api.status).toBe(400);
    expect(api.body.error.id).toBe('bad_request');
  });

  it('an unsupported charset or Content-Encoding gets a 415', async () => {
    const charset = await hr.agent.post('/login/link').set('Content-Type', 'application/x-www-form-urlencoded; charset=utf-7').send('email=a');
    expect(charset.status).toBe(415);
    const encoding = await hr.agent.post('/api/v1/employees').set('Content-Type', 'application/json').set('Content-Encoding', 'compress').send('{}');
    expect(encoding.status).toBe(415);
    expect(encoding.body.error.id).toBe('unsupported_media_type');
  });

  it('fuzz: 400 requests mixing garbles, paths, escapes and sign-in state never get a 500', async () => {
    const names = Object.keys(garbles);
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...names),
        fc.constantFrom(...paths),
        fc.constantFrom(...BROKEN_ESCAPES),
        fc.boolean(),
        async (name, path, escape, signedIn) => {
          const res = await send(signedIn, garbles[name](path, escape));
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          return res.status < 500;
        },
      ),
      { numRuns: 400, seed: 20261127 },
    );
    expect(statuses.get(500)).toBeUndefined();
    expect(statuses.get(400)).toBeGreaterThan(50);
  });
});
