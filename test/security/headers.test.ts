/**
 * Issue 15, headers (ASVS 3.4): over every GET request of the authorization matrix (matrix/table.ts), as a caller
 * it serves and as someone signed out, each answer carries a CSP without 'unsafe-inline' for scripts and styles
 * and with frame-ancestors 'none', nosniff, and `Cache-Control: no-store`. The mailbox's email viewer is the one
 * documented exception to the CSP (an email's own inline styles), and it is sandboxed. Pages whose URL carries a
 * token (answer links, sign-in links) and the 1:1 pages the invitations open say `Referrer-Policy: no-referrer`,
 * whatever their status. HSTS is sent only when the request came over TLS, as the app is configured to tell
 * (TRUST_PROXY and X-Forwarded-Proto); a spoofed X-Forwarded-Proto from a proxy that is not trusted is ignored.
 */
import request, { type Response } from 'supertest';
import { createApp } from '../../server/http/app';
import { loadConfig } from '../../server/config';
import { fixedClock, startTestApp, type TestApp } from '../helpers/test-app';
import { buildWorld, callerRequest, CALLERS, type Caller, type World } from './matrix/world';
import { expectedStatus, ROWS, type Row } from './matrix/table';
import { EMAIL_HTML_CSP } from '../../server/http/routes/mailbox.routes';

let t: TestApp;
let w: World;
let checked = 0;
beforeAll(async () => {
  t = await startTestApp({ clock: fixedClock('2026-03-10T12:00:00Z'), env: { TRUST_PROXY: 'loopback' } });
  w = await buildWorld(t);
});
afterAll(async () => {
  console.log(`headers: ${checked} answers checked over ${GETS.length} GET requests of the matrix`);
  await t.close();
});

const GETS = ROWS.filter((r) => r.method === 'get');
const fill = (s: string, v: Record<string, string>) => s.replace(/\{(\w+)\}/g, (_m, k: string) => v[k]);
const TOKEN_URL = /^\/(s|login\/link)\//i;

/** The first caller the row serves (2xx), else anonymous. */
const servedBy = (row: Row): Caller => CALLERS.find((c) => expectedStatus(row, c) < 300) ?? 'anonymous';

async function get(row: Row, who: Caller, headers: Record<string, string> = {}): Promise<{ path: string; res: Response }> {
  const values = { ...w.ids, ...(row.fresh ? await row.fresh(w, who) : {}) };
  const path = fill(row.path, values);
  let req = callerRequest(t, w.callers[who], 'get', path);
  for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
  return { path, res: await req };
}

/** The CSP's directives by name. */
function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name.toLowerCase(), values]));
}

function headerProblems(path: string, res: Response): string[] {
  const out: string[] = [];
  const h = res.headers;
  const csp = String(h['content-security-policy'] ?? '');
  const d = directives(csp);
  const isEmailViewer = /^\/admin\/mailbox\/[^/]+\/html$/.test(path) && res.status === 200;
  if (isEmailViewer) {
    if (csp !== EMAIL_HTML_CSP || !d.has('sandbox') || d.get('default-src')?.[0] !== "'none'") out.push(`${path}: the email viewer is not sandboxed (${csp})`);
  } else {
    for (const name of ['script-src', 'script-src-elem', 'script-src-attr', 'style-src', 'style-src-elem', 'style-src-attr', 'default-src']) {
      if (d.get(name)?.includes("'unsafe-inline'")) out.push(`${path}: ${name} allows 'unsafe-inline'`);
    }
    if (!d.has('script-src') && !d.has('default-src')) out.push(`${path}: no script-src`);
    if (!d.has('style-src') && !d.has('default-src')) out.push(`${path}: no style-src`);
  }
  if (d.get('frame-ancestors')?.join(' ') !== "'none'") out.push(`${path}: frame-ancestors is ${d.get('frame-ancestors')?.join(' ')}`);
  if (h['x-content-type-options'] !== 'nosniff') out.push(`${path}: X-Content-Type-Options ${h['x-content-type-options']}`);
  // The icon is the same file for everybody and holds nothing personal: it may be cached; every other answer not.
  const cacheable = path === '/favicon.ico' && res.status === 200;
  if (cacheable ? !/^public, max-age=\d+$/.test(h['cache-control'] ?? '') : h['cache-control'] !== 'no-store') out.push(`${path}: Cache-Control ${h['cache-control']}`);
  if (TOKEN_URL.test(path) && h['referrer-policy'] !== 'no-referrer') out.push(`${path} (${res.status}): Referrer-Policy ${h['referrer-policy']}`);
  if (path.startsWith('/one-on-ones') && res.status === 200 && h['referrer-policy'] !== 'no-referrer') out.push(`${path}: Referrer-Policy ${h['referrer-policy']}`);
  return out;
}

it('every GET of the matrix, served or refused, carries the strict headers', async () => {
  const found: string[] = [];
  for (const row of GETS) {
    for (const who of new Set<Caller>([servedBy(row), 'anonymous', 'employee'])) {
      const { path, res } = await get(row, who);
      checked++;
      found.push(...headerProblems(path, res));
      if (res.headers['strict-transport-security']) found.push(`${path}: HSTS over plain HTTP`);
    }
  }
  expect(found).toEqual([]);
  expect(checked).toBeGreaterThan(GETS.length * 2);
});

it('token URLs say no-referrer in any letter case and on every error (a spent or unknown link, a garbled path or body)', async () => {
  const link = await w.loginLink();
  const answer = await w.answerLink();
  const paths = [link, answer, link.replace('/login/link/', '/Login/Link/'), answer.replace('/s/', '/S/'), '/s/%E0%A4%A', '/login/link/%zz'];
  const found: string[] = [];
  for (const path of paths) {
    const res = await callerRequest(t, w.callers.anonymous, 'get', path);
    checked++;
    if (res.headers['referrer-policy'] !== 'no-referrer') found.push(`${path} (${res.status}): ${res.headers['referrer-policy']}`);
  }
  // A POST of a sign-in link whose body cannot be read fails before the route: it must still say no-referrer.
  const bad = await callerRequest(t, w.callers.anonymous, 'post', link).set('Content-Type', 'application/json').send('{"broken');
  if (bad.headers['referrer-policy'] !== 'no-referrer') found.push(`POST ${link} (${bad.status}): ${bad.headers['referrer-policy']}`);
  expect(found).toEqual([]);
});

describe('HSTS', () => {
  const sample = () => GETS.filter((r) => !r.fresh).slice(0, 40);

  it('is sent on every answer to a request that came over TLS through the trusted proxy', async () => {
    const found: string[] = [];
    for (const row of sample()) {
      const { path, res } = await get(row, servedBy(row), { 'X-Forwarded-Proto': 'https' });
      checked++;
      const hsts = String(res.headers['strict-transport-security'] ?? '');
      const maxAge = Number(/max-age=(\d+)/.exec(hsts)?.[1] ?? 0);
      if (maxAge < 15_552_000) found.push(`${path}: HSTS "${hsts}"`);
    }
    expect(found).toEqual([]);
  });

  it('is not sent over plain HTTP, nor when X-Forwarded-Proto comes from a proxy the app does not trust', async () => {
    const untrusted = createApp({ ...t.ctx, config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', APP_SECRET: process.env.APP_SECRET, BASE_URL: 'https://pulse.test', DATABASE_URL: t.database.url }) });
    const found: string[] = [];
    for (const row of sample()) {
      const { path, res } = await get(row, servedBy(row));
      if (res.headers['strict-transport-security']) found.push(`${path}: HSTS over HTTP`);
      const values = { ...w.ids };
      const spoofed = await request(untrusted).get(fill(row.path, values)).set('X-Forwarded-Proto', 'https');
      if (spoofed.headers['strict-transport-security']) found.push(`${path}: HSTS from an untrusted X-Forwarded-Proto`);
      checked += 2;
    }
    expect(found).toEqual([]);
  });
});
