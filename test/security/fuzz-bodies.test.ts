/**
 * Issue 15, hostile input: property-based fuzzing (fast-check) of the body of every POST/PUT/PATCH/DELETE route
 * the router has (read from it, so a new route is fuzzed the day it exists), signed in as the people who may use
 * it (HR, or the manager of a 1:1) with a valid CSRF token so the handlers, not the guards, meet the input.
 * Field names come from the route's schema (the API's registry) or its form page; values go beyond them: wrong
 * types, empty and huge strings, unicode and lone surrogates, NUL bytes, nulls, arrays and objects, extra fields,
 * `__proto__` and `constructor` keys, and bodies in the wrong content type. Every answer is below 500 and carries
 * no stack trace; a 400 from the API lists its issues with the fields' paths, a 400 page shows the error.
 */
import fc from 'fast-check';
import request from 'supertest';
import { z } from 'zod';
import { startTestApp, type Browser, type TestApp } from '../helpers/test-app';
import { signedInBrowser, TEST_PASSWORD } from '../helpers/sign-in';
import { appRoutes, type AppRoute } from '../helpers/app-routes';
import { buildEmployee, buildOrg, buildTeam } from '../factories';
import { buildSurvey } from '../factories/surveys';
import { buildApiToken } from '../factories/org';
import { enableKpis } from '../factories/kpis';
import { buildSeries, meetingsOf } from '../factories/one-on-ones';
import { addResponses, buildRound, same } from '../factories/results';
import { apiEndpoints } from '../../server/http/openapi';

const RUNS_PER_ROUTE = 20;
const SEED = 20261202;

let t: TestApp;
let hr: Browser;
let manager: Browser;
let hrCsrf: string;
let managerCsrf: string;
let apiToken: string;
let ids: Record<string, string>;
let routes: AppRoute[];

beforeAll(async () => {
  t = await startTestApp();
  const { admin } = await buildOrg(t.ctx.db);
  const team = await buildTeam(t.ctx.db);
  const boss = await buildEmployee(t.ctx.db, { role: 'manager', teamId: team.id, password: TEST_PASSWORD });
  const report = await buildEmployee(t.ctx.db, { managerId: boss.id, teamId: team.id });
  hr = await signedInBrowser(t.app, admin.email);
  manager = await signedInBrowser(t.app, boss.email);
  hrCsrf = await hr.csrf('/');
  managerCsrf = await manager.csrf('/one-on-ones');
  apiToken = (await buildApiToken(t.ctx, admin.id)).token;
  const survey = await buildSurvey(t.ctx.db);
  const round = await buildRound(t.ctx.db, { status: 'closed', questions: [{ kind: 'rating' }] });
  await addResponses(t.ctx.db, round, {}, same(6, [4]));
  const [kpi] = await enableKpis(t.ctx, ['revenue']);
  const series = await buildSeries(t.ctx, boss.id, report.id);
  const [meeting] = await meetingsOf(t.ctx, series.id);
  ids = { survey: survey.id, round: round.id, employee: report.id, team: team.id, department: team.departmentId, series: series.id, meeting: meeting.id, kpi: kpi.id, key: 'revenue' };
  routes = appRoutes(t.app).filter((r) => ['post', 'put', 'patch', 'delete'].includes(r.method));
  // The answer link is mounted outside the router stack (its own parser, no session): listed by hand.
  routes.push({ method: 'post', path: '/s/:token' });
});
afterAll(() => t.close());

/** Routes fuzzed signed out (they are for the signed out) or not at all (sign-out would end the session under test). */
const SIGNED_OUT = new Set(['/setup', '/login/link', '/login/link/:token', '/login/password', '/s/:token']);
const SKIPPED = new Set(['/logout']);

function concretePath(path: string): string {
  return path.replace(/:(\w+)/g, (_m, name: string) => {
    if (name === 'token') return 'A'.repeat(43);
    if (name === 'key') return ids.key;
    if (name === 'itemId') return crypto.randomUUID();
    if (path.includes('/surveys/')) return ids.survey;
    if (path.includes('/rounds/')) return ids.round;
    if (path.includes('/employees/')) return ids.employee;
    if (path.includes('/teams/')) return ids.team;
    if (path.includes('/departments/')) return ids.department;
    if (path.includes('/series/')) return ids.series;
    if (path.includes('/meetings/')) return ids.meeting;
    if (path.includes('/admin/kpis/')) return ids.kpi;
    return crypto.randomUUID();
  });
}

/** The fields a route's body has: from the API registry's zod schema, or the names of its form page's inputs. */
async function fieldsOf(route: AppRoute, path: string): Promise<string[]> {
  const apiPath = route.path.replace(/:(\w+)/g, '{$1}');
  const endpoint = apiEndpoints().find((e) => e.method === route.method && e.path === apiPath);
  if (endpoint) {
    const schema = (endpoint.bodyDoc ?? endpoint.body) as z.ZodType | undefined;
    const json = schema ? (z.toJSONSchema(schema, { unrepresentable: 'any' }) as { properties?: Record<string, unknown> }) : {};
    return Object.keys(json.properties ?? {});
  }
  const browser = route.path.startsWith('/one-on-ones') ? manager : hr;
  const names = new Set<string>();
  for (const page of [path, `${path}/new`, path.replace(/\/[^/]+$/, ''), path.replace(/\/[^/]+\/[^/]+$/, '')]) {
    if (!page) continue;
    const res = await browser.agent.get(page);
    if (res.status !== 200) continue;
    for (const m of res.text.matchAll(/name="([^"]+)"/g)) if (m[1] !== '_csrf') names.add(m[1]);
  }
  return [...names];
}

const HOSTILE = [
  '', ' ', '\u0000', 'a\u0000b', '\uD800', '\uFEFF', 'e\u0301', '𝕏😀', '<script>alert(1)</script>', '{{constructor.constructor "x"}}', '{{{x}}}',
  '=cmd|" /C calc"!A0', '../../etc/passwd', "' OR 1=1 --", '-1', '1e309', 'NaN', '0x10', '2026-02-30', '99999999999999999999', 'true', 'null',
  'x'.repeat(10_000), 'y'.repeat(60_000),
];
const text = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 }), fc.constantFrom(...HOSTILE));
const leaf = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const value = fc.oneof({ weight: 5, arbitrary: leaf }, { weight: 1, arbitrary: fc.array(leaf, { maxLength: 4 }) }, { weight: 1, arbitrary: fc.dictionary(fc.constantFrom('a', '0', '__proto__', 'constructor', 'length'), leaf, { maxKeys: 3 }) });

type Body = { kind: 'json' | 'form' | 'proto-json' | 'proto-form' | 'text' | 'json-as-form' | 'bad-utf8' | 'multipart' | 'empty'; fields: Record<string, unknown> };

function bodyArb(fields: string[]): fc.Arbitrary<Body> {
  const keys = fields.length ? fc.constantFrom(...fields) : fc.constant('name');
  const extra = fc.constantFrom('role', 'id', 'active', 'isAdmin', '__proto__', 'constructor', 'prototype', 'createdById', 'extra field');
  return fc.record({
    kind: fc.constantFrom<Body['kind']>('json', 'json', 'form', 'form', 'proto-json', 'proto-form', 'text', 'json-as-form', 'bad-utf8', 'multipart', 'empty'),
    fields: fc.dictionary(fc.oneof({ weight: 4, arbitrary: keys }, { weight: 1, arbitrary: extra }), value, { maxKeys: Math.max(3, fields.length + 2) }),
  });
}

/** Percent-encodes the UTF-8 bytes of `s` (a lone surrogate becomes U+FFFD, as a browser sends it). */
const enc = (s: string) => [...Buffer.from(s, 'utf8')].map((b) => (/[A-Za-z0-9_.~-]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).padStart(2, '0')}`)).join('');
const formValue = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

function send(route: AppRoute, path: string, body: Body) {
  const isApi = path.startsWith('/api/');
  const signedOut = SIGNED_OUT.has(route.path);
  const browser = route.path.startsWith('/one-on-ones') ? manager : hr;
  const agent = signedOut ? request(t.app) : browser.agent;
  let req = (agent as ReturnType<typeof request>)[route.method as 'post'](path);
  if (isApi) req = req.set('Authorization', `Bearer ${apiToken}`);
  else if (!signedOut) req = req.set('X-CSRF-Token', browser === manager ? managerCsrf : hrCsrf);
  const form = Object.entries(body.fields).map(([k, v]) => `${enc(k)}=${enc(formValue(v))}`).join('&');
  switch (body.kind) {
    case 'json':
      return req.set('Content-Type', 'application/json').send(JSON.stringify(body.fields));
    case 'proto-json':
      return req.set('Content-Type', 'application/json').send(`{"__proto__":{"role":"hr_admin","admin":true},"constructor":{"prototype":{"x":1}},${JSON.stringify(body.fields).slice(1)}`);
    case 'form':
      return req.set('Content-Type', 'application/x-www-form-urlencoded').send(form);
    case 'proto-form':
      return req.set('Content-Type', 'application/x-www-form-urlencoded').send(`__proto__[role]=hr_admin&constructor[prototype][admin]=1&a[__proto__][b]=1&${form}`);
    case 'text':
      return req.set('Content-Type', 'text/plain').send(form);
    case 'bad-utf8':
      return req.set('Content-Type', 'application/x-www-form-urlencoded').send(`${form}&name=%C3%28&%FF%FE=%E0%A4%A&email=%ED%A0%80`);
    case 'json-as-form':
      return req.set('Content-Type', 'application/x-www-form-urlencoded').send(JSON.stringify(body.fields));
    case 'multipart': {
      let r = req;
      for (const [k, v] of Object.entries(body.fields)) if (k !== '__proto__') r = r.field(k, formValue(v).slice(0, 5000) || ' ');
      return r.attach('file', Buffer.from('email,name\n=1+1,"\u0000x"\n'), 'people.csv');
    }
    default:
      return req;
  }
}

const STACK = /\n\s+at .+\(?.+:\d+:\d+\)?|node_modules|\/work\/|Error: .+\n/;

it('every write route is listed from the router', () => {
  expect(routes.length).toBeGreaterThan(60);
  for (const must of ['post /admin/employees', 'patch /api/v1/employees/:id', 'put /api/v1/surveys/:id', 'post /api/v1/kpi-values', 'post /one-on-ones/meetings/:id/private-note', 'post /kpis/targets', 'post /admin/audit']) {
    if (must === 'post /admin/audit') continue; // the audit log is read-only
    expect(routes.map((r) => `${r.method} ${r.path}`)).toContain(must);
  }
});

it(`fuzz: ${RUNS_PER_ROUTE} hostile bodies on every write route, never a 500 nor a stack trace; 400s name the field`, async () => {
  const seen = new Map<number, number>();
  const failures: string[] = [];
  const unnamed: string[] = [];
  let tried = 0;
  for (const route of routes) {
    if (SKIPPED.has(route.path)) continue;
    const path = concretePath(route.path);
    const fields = await fieldsOf(route, path);
    await fc.assert(
      fc.asyncProperty(bodyArb(fields), async (body) => {
        const res = await send(route, path, body);
        tried++;
        seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
        const raw = res.text ?? '';
        if (res.status >= 500 || STACK.test(raw)) {
          failures.push(`${route.method} ${route.path} ${body.kind} ${JSON.stringify(body.fields).slice(0, 300)} → ${res.status} ${raw.slice(0, 300)}`);
          return;
        }
        if (res.status === 400) {
          const json = res.headers['content-type']?.includes('json') ? (res.body as { error?: { id?: string; issues?: { path: unknown[] }[] } }) : null;
          const named = json ? json.error?.id !== 'validation_failed' || (json.error.issues?.length ?? 0) > 0 : /class="error"|role="alert"|NUL characters|could not be read/.test(raw);
          if (!named) unnamed.push(`${route.method} ${route.path} ${body.kind} → ${/<main[^>]*>([\s\S]{0,400})/.exec(raw)?.[1] ?? raw.slice(0, 200)}`);
        }
      }),
      { numRuns: RUNS_PER_ROUTE, seed: SEED, endOnFailure: true, verbose: 0 },
    );
  }
  console.log(`fuzz: ${routes.length} write routes, ${tried} inputs tried, statuses ${JSON.stringify(Object.fromEntries([...seen].sort((a, b) => a[0] - b[0])))}, ${failures.length} 500s or stack traces`);
  const byRoute = new Map<string, number>();
  for (const f of failures) byRoute.set(f.split(' ').slice(0, 3).join(' '), (byRoute.get(f.split(' ').slice(0, 3).join(' ')) ?? 0) + 1);
  if (failures.length) console.log([...byRoute].map(([k, v]) => `${k}: ${v}`).join('\n'));
  expect(failures.slice(0, 10)).toEqual([]);
  expect(unnamed.slice(0, 10)).toEqual([]);
  expect(seen.get(400) ?? 0).toBeGreaterThan(100);
}, 180_000);

it('a KPI import file with a NUL byte is refused with a 400 that says why (PostgreSQL cannot store it; was a 500)', async () => {
  const before = await t.ctx.db.kpiImport.count();
  const res = await hr.agent.post('/kpis/import').set('X-CSRF-Token', hrCsrf).attach('file', Buffer.from('email,measure,period,value\na@b.c,won_value,2026-03,"1\u00002"\n'), 'values.csv');
  expect(res.status).toBe(400);
  expect(res.text).toContain('contains a NUL character');
  expect(await t.ctx.db.kpiImport.count()).toBe(before);
});
