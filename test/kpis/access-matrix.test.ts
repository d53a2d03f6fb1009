/**
 * Who may use every KPI route, as one table (OWASP's authorization matrix), for ten kinds of caller: signed out,
 * an employee, an employee of another team, the team's manager, another team's manager, a manager who is a member
 * of the team they manage, an HR admin, a deactivated person, a live API token and a revoked one. Object ids of
 * other teams' values, targets and imports are in the table too (IDOR): a caller sees and changes only the
 * numbers the rules give them. Pages never take API tokens; the API takes nothing else.
 */
import type { Test } from 'supertest';
import { Browser, startTestApp, type TestApp } from '../helpers/test-app';
import { signedInBrowser, TEST_PASSWORD } from '../helpers/sign-in';
import { buildDepartment, buildEmployee, buildOrg, buildTeam } from '../factories';
import { buildApiToken } from '../factories/org';
import { enableKpis, setTarget, writeValues } from '../factories/kpis';
import { revokeApiToken } from '../../server/domain/api-tokens/api-tokens.service';
import { saveCustomKpi } from '../../server/domain/kpis/kpi-definitions.service';
import { createImport, runImport } from '../../server/domain/kpis/imports.service';
import { kpiViewerOf } from '../../server/domain/kpis/viewer.service';

const CALLERS = ['anonymous', 'employee', 'otherEmployee', 'manager', 'otherManager', 'memberManager', 'hr', 'deactivated', 'token', 'revokedToken'] as const;
type Caller = (typeof CALLERS)[number];
const SIGNED_OUT = new Set<Caller>(['anonymous', 'deactivated', 'token', 'revokedToken']);

interface Route {
  method: 'get' | 'post';
  path: string;
  body?: Record<string, unknown> | ((ids: Record<string, string>) => Record<string, unknown>);
  /** Who is served, and with what status; every other signed-in caller gets 403. */
  ok: Partial<Record<Caller, number>>;
  /** Ids made fresh before each request (for routes that delete or apply). */
  fresh?: () => Promise<Record<string, string>>;
}

let t: TestApp;
const ids: Record<string, string> = {};
const browsers = {} as Record<Caller, Browser>;
const tokens: Record<string, string> = {};
let n = 0;

const HR = { hr: 200 };
const R = (ok: Partial<Record<Caller, number>>) => ok;

const PAGES: Route[] = [
  { method: 'get', path: '/kpis', ok: R({ employee: 303, otherEmployee: 303, manager: 303, otherManager: 303, memberManager: 303, hr: 303 }) },
  { method: 'get', path: '/kpis/definitions', ok: R({ employee: 200, otherEmployee: 200, manager: 200, otherManager: 200, memberManager: 200, hr: 200 }) },
  { method: 'get', path: '/kpis/definitions/revenue', ok: R({ employee: 200, otherEmployee: 200, manager: 200, otherManager: 200, memberManager: 200, hr: 200 }) },
  { method: 'get', path: '/kpis/company', ok: HR },
  { method: 'get', path: '/kpis/company/export.csv', ok: HR },
  { method: 'get', path: '/kpis/departments/{sales}', ok: HR },
  { method: 'get', path: '/kpis/departments/{sales}/export.csv', ok: HR },
  { method: 'get', path: '/kpis/departments/{ops}', ok: R({ memberManager: 200, hr: 200 }) },
  { method: 'get', path: '/kpis/teams/{north}', ok: R({ manager: 200, hr: 200 }) },
  { method: 'get', path: '/kpis/teams/{north}/export.csv', ok: R({ manager: 200, hr: 200 }) },
  { method: 'get', path: '/kpis/teams/{south}', ok: R({ otherManager: 200, hr: 200 }) },
  { method: 'get', path: '/kpis/teams/{depot}', ok: R({ memberManager: 200, hr: 200 }) },
  { method: 'get', path: '/kpis/people/{alice}', ok: R({ employee: 200, manager: 200, hr: 200 }) },
  { method: 'get', path: '/kpis/people/{alice}/export.csv', ok: R({ employee: 200, manager: 200, hr: 200 }) },
  { method: 'get', path: '/kpis/people/{bob}', ok: R({ otherEmployee: 200, otherManager: 200, hr: 200 }) },
  { method: 'get', path: '/kpis/people/{mira}', ok: R({ memberManager: 200, hr: 200 }) },
  { method: 'get', path: '/kpis/people/{dina}', ok: R({ memberManager: 200, hr: 200 }) },
  { method: 'get', path: '/kpis/entry', ok: R({ manager: 200, otherManager: 200, memberManager: 200, hr: 200 }) },
  { method: 'get', path: '/kpis/entry?team={north}', ok: R({ manager: 200, hr: 200 }) },
  { method: 'get', path: '/kpis/entry?team={south}', ok: R({ otherManager: 200, hr: 200 }) },
  { method: 'post', path: '/kpis/entry', body: (i) => ({ team: i.north, period: '2026-02', seq: '999999999', [`c:person:${i.alice}:won_value`]: String(++n) }), ok: R({ manager: 303, hr: 303 }) },
  { method: 'post', path: '/kpis/entry', body: (i) => ({ team: i.depot, period: '2026-02', seq: '999999999', [`c:person:${i.mira}:won_value`]: '5' }), ok: R({ hr: 303 }) },
  { method: 'post', path: '/kpis/entry', body: (i) => ({ team: i.depot, period: '2026-02', seq: '999999999', [`c:person:${i.dina}:won_value`]: String(++n) }), ok: R({ memberManager: 303, hr: 303 }) },
  { method: 'get', path: '/kpis/values/{aliceValue}', ok: R({ manager: 200, hr: 200 }) },
  { method: 'post', path: '/kpis/values/{aliceValue}', body: () => ({ value: String(++n), reason: 'matrix' }), ok: R({ manager: 303, hr: 303 }) },
  { method: 'get', path: '/kpis/values/{bobValue}', ok: R({ otherManager: 200, hr: 200 }) },
  { method: 'post', path: '/kpis/values/{bobValue}', body: () => ({ value: String(++n) }), ok: R({ otherManager: 303, hr: 303 }) },
  { method: 'get', path: '/kpis/values/{southTeamValue}', ok: R({ otherManager: 200, hr: 200 }) },
  { method: 'get', path: '/kpis/values/{miraValue}', ok: R({ hr: 200 }) },
  { method: 'post', path: '/kpis/values/{miraValue}', body: () => ({ value: '9' }), ok: R({ hr: 303 }) },
  { method: 'get', path: '/kpis/import', ok: R({ manager: 200, otherManager: 200, memberManager: 200, hr: 200 }) },
  { method: 'post', path: '/kpis/import', body: { csv: 'email,measure,period,value\nalice@acme.test,won_value,2026-01,1\n' }, ok: R({ manager: 303, otherManager: 303, memberManager: 303, hr: 303 }) },
  { method: 'get', path: '/kpis/import/{hrImport}', ok: HR },
  { method: 'post', path: '/kpis/import/{freshImport}/apply', fresh: async () => ({ freshImport: await checkedImport() }), ok: R({ hr: 303 }) },
  { method: 'get', path: '/kpis/targets/new?owner=person:{alice}', ok: R({ manager: 200, hr: 200 }) },
  { method: 'get', path: '/kpis/targets/new?owner=team:{south}', ok: R({ otherManager: 200, hr: 200 }) },
  { method: 'get', path: '/kpis/targets/new?owner=person:{mira}', ok: R({ hr: 200 }) },
  { method: 'get', path: '/kpis/targets/new?owner=department:{sales}', ok: HR },
  { method: 'get', path: '/kpis/targets/new?owner=company', ok: HR },
  { method: 'post', path: '/kpis/targets', body: (i) => ({ kpi: 'revenue', owner: `person:${i.alice}`, period: '2026-02', value: String(++n), goal: 'Grow revenue from existing accounts', repeat: '1' }), ok: R({ manager: 303, hr: 303 }) },
  { method: 'post', path: '/kpis/targets', body: (i) => ({ kpi: 'revenue', owner: `team:${i.depot}`, period: '2026-02', value: String(++n), goal: 'Grow revenue from existing accounts', repeat: '1' }), ok: R({ memberManager: 303, hr: 303 }) },
  { method: 'get', path: '/kpis/targets/{bobTarget}', ok: R({ otherManager: 200, hr: 200 }) },
  { method: 'post', path: '/kpis/targets/{freshTarget}/delete', fresh: async () => ({ freshTarget: await bobTarget() }), ok: R({ otherManager: 303, hr: 303 }) },
  { method: 'get', path: '/admin/kpis', ok: HR },
  { method: 'post', path: '/admin/kpis/catalogue/gross_margin', ok: R({ hr: 303 }) },
  { method: 'post', path: '/admin/kpis/{customKpi}/active', body: { active: '1' }, ok: R({ hr: 303 }) },
  { method: 'get', path: '/admin/kpis/new', ok: HR },
  { method: 'post', path: '/admin/kpis', body: () => ({ key: `matrix_${++n}`, name: 'Matrix', formula: 'deals_won', unit: 'count', direction: 'higher', kind: 'process' }), ok: R({ hr: 303 }) },
  { method: 'get', path: '/admin/kpis/{customKpi}/edit', ok: HR },
  { method: 'post', path: '/admin/kpis/{customKpi}', body: { name: 'Renamed', formula: 'deals_won * 2', unit: 'count', direction: 'higher', kind: 'process' }, ok: R({ hr: 303 }) },
  { method: 'get', path: '/admin/kpis/measures/new', ok: HR },
  { method: 'post', path: '/admin/kpis/measures', body: () => ({ key: `measure_${++n}`, name: 'Calls', unit: 'count', level: 'person', grain: 'month', aggregation: 'sum' }), ok: R({ hr: 303 }) },
  { method: 'get', path: '/admin/kpis/settings', ok: HR },
  { method: 'post', path: '/admin/kpis/settings', body: { currency: 'USD', fiscalYearStartMonth: '1', onTrackPoints: '16.5', atRiskPoints: '33', defaultGrain: 'month', leaderboard: 'on' }, ok: R({ hr: 303 }) },
];

const API: Route[] = [
  { method: 'get', path: '/api/v1/kpis', ok: { token: 200 } },
  { method: 'get', path: '/api/v1/kpi-measures', ok: { token: 200 } },
  { method: 'get', path: '/api/v1/kpi-values', ok: { token: 200 } },
  { method: 'post', path: '/api/v1/kpi-values', body: () => ({ values: [{ email: 'alice@acme.test', measure: 'deals_won', period: '2026-02', value: String(++n) }] }), ok: { token: 200 } },
  { method: 'get', path: '/api/v1/kpi-scorecard?scope=team:{north}&period=2026-02', ok: { token: 200 } },
];

async function checkedImport(): Promise<string> {
  const viewer = await kpiViewerOf(t.ctx, { id: ids.admin, role: 'hr_admin' });
  const { id } = await createImport(t.ctx, viewer, `email,measure,period,value\nbob@acme.test,won_value,2025-0${(n++ % 9) + 1},${n}\n`);
  await runImport(t.ctx, id);
  return id;
}
async function bobTarget(): Promise<string> {
  const kpi = await t.ctx.db.kpi.findUniqueOrThrow({ where: { key: 'revenue' } });
  return (await setTarget(t.ctx, { kpiId: kpi.id, ownerKind: 'person', ownerId: ids.bob, periodKind: 'month', periodStart: `${1950 + n++}-01-01`, value: '100', by: ids.admin })).id;
}

beforeAll(async () => {
  t = await startTestApp();
  const db = t.ctx.db;
  const { admin } = await buildOrg(db, { adminPassword: TEST_PASSWORD });
  const sales = await buildDepartment(db, { name: 'Sales' });
  const ops = await buildDepartment(db, { name: 'Ops' });
  const boss = await buildEmployee(db, { role: 'manager', email: 'boss@acme.test', password: TEST_PASSWORD });
  const other = await buildEmployee(db, { role: 'manager', email: 'other@acme.test', password: TEST_PASSWORD });
  const mira = await buildEmployee(db, { role: 'manager', email: 'mira@acme.test', password: TEST_PASSWORD });
  const north = await buildTeam(db, { name: 'North', departmentId: sales.id, managerId: boss.id });
  const south = await buildTeam(db, { name: 'South', departmentId: sales.id, managerId: other.id });
  const depot = await buildTeam(db, { name: 'Depot', departmentId: ops.id, managerId: mira.id });
  await db.employee.update({ where: { id: mira.id }, data: { teamId: depot.id } });
  const alice = await buildEmployee(db, { email: 'alice@acme.test', teamId: north.id, managerId: boss.id, password: TEST_PASSWORD });
  const bob = await buildEmployee(db, { email: 'bob@acme.test', teamId: south.id, managerId: other.id, password: TEST_PASSWORD });
  const dina = await buildEmployee(db, { email: 'dina@acme.test', teamId: depot.id, managerId: mira.id });
  const dora = await buildEmployee(db, { email: 'dora@acme.test', teamId: north.id, managerId: boss.id, password: TEST_PASSWORD });
  Object.assign(ids, { admin: admin.id, sales: sales.id, ops: ops.id, north: north.id, south: south.id, depot: depot.id, alice: alice.id, bob: bob.id, mira: mira.id, dina: dina.id });
  await enableKpis(t.ctx, ['revenue', 'close_rate', 'customer_acquisition_cost']);
  ids.customKpi = (await saveCustomKpi(t.ctx, { key: 'wins_twice', name: 'Wins twice', nameId: '', description: '', descriptionId: '', formula: 'deals_won * 2', unit: 'count', direction: 'higher', kind: 'process' })).id;
  const written = await writeValues(t.ctx, [
    { email: 'alice@acme.test', measure: 'won_value', period: '2026-01', value: 10 },
    { email: 'bob@acme.test', measure: 'won_value', period: '2026-01', value: 20 },
    { team: 'South', measure: 'sales_cost', period: '2026-01', value: 30 },
    { email: 'mira@acme.test', measure: 'won_value', period: '2026-01', value: 40 },
  ]);
  [ids.aliceValue, ids.bobValue, ids.southTeamValue, ids.miraValue] = written.rows.map((r) => r.valueId);
  ids.bobTarget = await bobTarget();
  ids.hrImport = await checkedImport();

  browsers.anonymous = new Browser(t.app);
  browsers.employee = await signedInBrowser(t.app, 'alice@acme.test');
  browsers.otherEmployee = await signedInBrowser(t.app, 'bob@acme.test');
  browsers.manager = await signedInBrowser(t.app, 'boss@acme.test');
  browsers.otherManager = await signedInBrowser(t.app, 'other@acme.test');
  browsers.memberManager = await signedInBrowser(t.app, 'mira@acme.test');
  browsers.hr = await signedInBrowser(t.app, admin.email);
  browsers.deactivated = await signedInBrowser(t.app, 'dora@acme.test');
  await db.employee.update({ where: { id: dora.id }, data: { active: false, deactivatedAt: new Date() } });
  browsers.token = new Browser(t.app);
  browsers.revokedToken = new Browser(t.app);
  tokens.token = (await buildApiToken(t.ctx, admin.id, 'matrix')).token;
  const revoked = await buildApiToken(t.ctx, admin.id, 'revoked');
  await revokeApiToken(t.ctx, revoked.row.id, admin.id);
  tokens.revokedToken = revoked.token;
});
afterAll(() => t.close());

const fill = (path: string, extra: Record<string, string>) => path.replace(/\{(\w+)\}/g, (_m, k: string) => extra[k] ?? ids[k]);

async function send(who: Caller, r: Route): Promise<Awaited<Test>> {
  const extra = r.fresh ? await r.fresh() : {};
  const path = fill(r.path, extra);
  const b = browsers[who];
  const bearer = (req: Test) => (tokens[who] ? req.set('Authorization', `Bearer ${tokens[who]}`) : req);
  const body = typeof r.body === 'function' ? r.body(ids) : (r.body ?? {});
  if (path.startsWith('/api/')) {
    const req = bearer(b.agent[r.method](path).set('Accept', 'application/json'));
    return r.method === 'post' ? req.send(body) : req;
  }
  if (r.method === 'get') return bearer(b.agent.get(path).set('Accept', 'text/html'));
  const csrf = await b.csrf(SIGNED_OUT.has(who) ? '/login' : '/kpis/definitions');
  return bearer(b.agent.post(path).type('form').send({ ...body, _csrf: csrf }));
}

describe.each(CALLERS)('%s', (who) => {
  it.each(PAGES.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))('on %s', async (_name, r) => {
    const res = await send(who, r);
    if (SIGNED_OUT.has(who)) {
      if (r.method === 'get') {
        expect(res.status).toBe(303);
        expect(res.headers.location).toMatch(/^\/login\?next=/);
      } else expect(res.status).toBe(401);
    } else expect(res.status).toBe(r.ok[who] ?? 403);
  });

  it.each(API.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))('on %s', async (_name, r) => {
    const res = await send(who, r);
    expect(res.status).toBe(r.ok[who] ?? 401);
    if (res.status === 401) expect(res.body.error.id).toBe('unauthorized');
  });
});

describe('what the refused callers could not do', () => {
  it('left the other teams’ numbers and targets as they were', async () => {
    const miraValue = await t.ctx.db.kpiValue.findUniqueOrThrow({ where: { id: ids.miraValue } });
    const changes = await t.ctx.db.kpiValueChange.findMany({ where: { valueId: ids.miraValue }, orderBy: { seq: 'asc' } });
    // Mira's own value was changed only by HR (never by Mira, her own manager in the app).
    expect(changes.slice(1).every((c) => c.changedById === ids.admin)).toBe(true);
    expect(miraValue.value).toBe(900n);
    expect(await t.ctx.db.kpiTarget.findUnique({ where: { id: ids.bobTarget } })).not.toBeNull();
  });
});
