/**
 * Who may use each route of the directory and the API, as one table (OWASP's authorization matrix):
 * pages and forms are for HR admins only; the API takes bearer tokens only, never a browser session.
 */
import { Browser, startTestApp, type TestApp } from '../helpers/test-app';
import { signedInBrowser } from '../helpers/sign-in';
import { buildApiToken, buildPeople } from '../factories/org';
import { buildDepartment, buildEmployee, buildTeam } from '../factories';

type Who = 'anonymous' | 'employee' | 'manager' | 'hr_admin';
interface Route {
  method: 'get' | 'post' | 'patch';
  path: string;
  body?: Record<string, unknown>;
  /** What an HR admin (pages) or a valid token (API) gets. */
  ok: number;
}

let t: TestApp;
const ids: Record<string, string> = {};
const browsers = {} as Record<Who, Browser>;
let token = '';

/** The table: every route this capability adds. `{dept}`, `{team}`, `{emp}`, `{tok}` are filled in once the data exists. */
const PAGES: Route[] = [
  { method: 'get', path: '/admin/departments', ok: 200 },
  { method: 'post', path: '/admin/departments', body: { name: 'Matrix Dept' }, ok: 303 },
  { method: 'get', path: '/admin/departments/{dept}', ok: 200 },
  { method: 'post', path: '/admin/departments/{dept}', body: { name: 'Renamed Dept' }, ok: 303 },
  { method: 'get', path: '/admin/teams', ok: 200 },
  { method: 'post', path: '/admin/teams', body: { name: 'Matrix Team', department: 'Renamed Dept' }, ok: 303 },
  { method: 'get', path: '/admin/teams/{team}', ok: 200 },
  { method: 'post', path: '/admin/teams/{team}', body: { name: 'Team 2', department: 'Renamed Dept' }, ok: 303 },
  { method: 'get', path: '/admin/employees', ok: 200 },
  { method: 'get', path: '/admin/employees/new', ok: 200 },
  { method: 'post', path: '/admin/employees', body: { name: 'New Person', email: 'new.person@acme.test', role: 'employee', locale: 'en', timeZone: 'UTC' }, ok: 303 },
  { method: 'get', path: '/admin/employees/{emp}', ok: 200 },
  { method: 'post', path: '/admin/employees/{emp}', body: { name: 'Target Renamed', email: 'target@acme.test', role: 'employee', locale: 'en', timeZone: 'UTC' }, ok: 303 },
  { method: 'post', path: '/admin/employees/{emp}/deactivate', ok: 303 },
  { method: 'post', path: '/admin/employees/{emp}/reactivate', ok: 303 },
  { method: 'get', path: '/admin/employees/import', ok: 200 },
  { method: 'post', path: '/admin/employees/import', body: { csv: 'email,name\nimported@acme.test,Imported\n' }, ok: 200 },
  { method: 'post', path: '/admin/employees/import/apply', body: { csv: 'email,name\nimported@acme.test,Imported\n' }, ok: 200 },
  { method: 'get', path: '/admin/employees/export.csv', ok: 200 },
  { method: 'get', path: '/admin/api-tokens', ok: 200 },
  { method: 'post', path: '/admin/api-tokens', body: { name: 'Matrix token' }, ok: 200 },
  { method: 'post', path: '/admin/api-tokens/{tok}/revoke', ok: 303 },
];
const API: Route[] = [
  { method: 'get', path: '/api/v1/employees', ok: 200 },
  { method: 'get', path: '/api/v1/employees/{emp}', ok: 200 },
  { method: 'post', path: '/api/v1/employees', body: { email: 'api.person@acme.test', name: 'Api Person' }, ok: 201 },
  { method: 'patch', path: '/api/v1/employees/{emp}', body: { name: 'Patched' }, ok: 200 },
  { method: 'post', path: '/api/v1/employees/bulk', body: { employees: [{ email: 'bulk@acme.test', name: 'Bulk' }] }, ok: 200 },
  { method: 'get', path: '/api/v1/teams', ok: 200 },
  { method: 'post', path: '/api/v1/teams', body: { name: 'Api Team', department: 'Renamed Dept' }, ok: 201 },
  { method: 'get', path: '/api/v1/departments', ok: 200 },
  { method: 'post', path: '/api/v1/departments', body: { name: 'Api Dept' }, ok: 201 },
];

const fill = (path: string) => path.replace(/\{(\w+)\}/g, (_m, k: string) => ids[k]);

beforeAll(async () => {
  t = await startTestApp();
  const people = await buildPeople(t.ctx);
  const dept = await buildDepartment(t.ctx.db, { name: 'Matrix Home' });
  ids.dept = dept.id;
  ids.team = (await buildTeam(t.ctx.db, { departmentId: dept.id })).id;
  ids.emp = (await buildEmployee(t.ctx.db, { email: 'target@acme.test', name: 'Target' })).id;
  const built = await buildApiToken(t.ctx, people.admin.id, 'to revoke');
  ids.tok = built.row.id;
  token = (await buildApiToken(t.ctx, people.admin.id)).token;
  browsers.anonymous = new Browser(t.app);
  browsers.employee = await signedInBrowser(t.app, people.employee.email);
  browsers.manager = await signedInBrowser(t.app, people.manager.email);
  browsers.hr_admin = await signedInBrowser(t.app, people.admin.email);
});
afterAll(() => t.close());

async function send(who: Who, r: Route, withToken = false) {
  const b = browsers[who];
  const path = fill(r.path);
  if (path.startsWith('/api/')) {
    const req = b.agent[r.method](path).set('Accept', 'application/json');
    if (withToken) req.set('Authorization', `Bearer ${token}`);
    return r.body ? req.send(r.body) : req;
  }
  if (r.method === 'get') return b.agent.get(path).set('Accept', 'text/html');
  const csrf = await b.csrf(who === 'anonymous' ? '/login' : '/');
  return b.agent.post(path).type('form').send({ ...(r.body ?? {}), _csrf: csrf });
}

describe.each(['anonymous', 'employee', 'manager'] as const)('%s on the directory pages', (who) => {
  it.each(PAGES.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))('is refused: %s', async (_name, r) => {
    const res = await send(who, r);
    if (who === 'anonymous') {
      if (r.method === 'get') {
        expect(res.status).toBe(303);
        expect(res.headers.location).toMatch(/^\/login\?next=/);
      } else expect(res.status).toBe(401);
    } else expect(res.status).toBe(403);
  });
});

describe('hr_admin on the directory pages', () => {
  it.each(PAGES.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))('is served: %s', async (_name, r) => {
    expect((await send('hr_admin', r)).status).toBe(r.ok);
  });
});

describe.each(['anonymous', 'employee', 'manager', 'hr_admin'] as const)('%s with a browser session but no token on the API', (who) => {
  it.each(API.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))('gets a 401 JSON error: %s', async (_name, r) => {
    const res = await send(who, r);
    expect(res.status).toBe(401);
    expect(res.body.error.id).toBe('unauthorized');
  });
});

describe('a valid API token', () => {
  it.each(API.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))('is served: %s', async (_name, r) => {
    expect((await send('anonymous', r, true)).status).toBe(r.ok);
  });
});
