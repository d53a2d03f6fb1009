/**
 * /api/v1 for KPIs: only live API tokens (never a browser session), every row checked with its path and nothing
 * written when one is wrong, bulk upserts of up to 1,000 values that are idempotent, a dry run, the history kept
 * with the token, values read back a page at a time, a scorecard, and the OpenAPI document.
 */
import request from 'supertest';
import { fixedClock, startTestApp, type TestApp } from '../helpers/test-app';
import { signedInBrowser, TEST_PASSWORD } from '../helpers/sign-in';
import { buildDepartment, buildEmployee, buildOrg, buildTeam } from '../factories';
import { buildApiToken } from '../factories/org';
import { enableKpis } from '../factories/kpis';
import { revokeApiToken } from '../../server/domain/api-tokens/api-tokens.service';

let t: TestApp;
let token = '';
let tokenId = '';
const ids: Record<string, string> = {};
const clock = fixedClock('2026-03-10T08:00:00Z');
const push = (body: unknown, bearer = token) => request(t.app).post('/api/v1/kpi-values').set('Authorization', `Bearer ${bearer}`).send(body as object);
const get = (path: string, bearer = token) => request(t.app).get(path).set('Authorization', `Bearer ${bearer}`);
const people = Array.from({ length: 50 }, (_, i) => `rep${i}@acme.test`);
const thousand = (value: number) =>
  people.flatMap((email, p) => ['won_value', 'deals_won', 'deals_lost', 'leads'].flatMap((measure) => Array.from({ length: 5 }, (_, m) => ({ email, measure, period: `2025-${String(m + 1).padStart(2, '0')}`, value: value + p + m })))).slice(0, 1000);

beforeAll(async () => {
  t = await startTestApp({ clock });
  const db = t.ctx.db;
  const { admin } = await buildOrg(db, { adminPassword: TEST_PASSWORD });
  const sales = await buildDepartment(db, { name: 'Sales' });
  const north = await buildTeam(db, { name: 'North', departmentId: sales.id });
  for (const email of people) await buildEmployee(db, { email, teamId: north.id });
  Object.assign(ids, { admin: admin.id, north: north.id });
  await enableKpis(t.ctx, ['revenue', 'close_rate', 'leads_generated', 'customer_acquisition_cost']);
  const built = await buildApiToken(t.ctx, admin.id, 'CRM sync');
  token = built.token;
  tokenId = built.row.id;
});
afterAll(() => t.close());

describe('authentication', () => {
  it('refuses requests without a token, with an unknown or revoked token, and with a browser session', async () => {
    expect((await request(t.app).post('/api/v1/kpi-values').send({ values: [] })).status).toBe(401);
    expect((await push({ values: [] }, 'pulse_not-a-real-token')).status).toBe(401);
    const revoked = await buildApiToken(t.ctx, ids.admin, 'old');
    await revokeApiToken(t.ctx, revoked.row.id, ids.admin);
    const res = await push({ values: [{ email: people[0], measure: 'leads', period: '2025-01', value: 1 }] }, revoked.token);
    expect(res.status).toBe(401);
    expect(res.body.error.id).toBe('unauthorized');
    const browser = await signedInBrowser(t.app, (await t.ctx.db.employee.findUniqueOrThrow({ where: { id: ids.admin } })).email);
    expect((await browser.agent.get('/api/v1/kpi-values')).status).toBe(401);
    expect((await browser.agent.post('/api/v1/kpi-values').send({ values: [] })).status).toBe(401);
    expect(await t.ctx.db.kpiValue.count()).toBe(0);
  });
});

describe('validation', () => {
  it('wants between 1 and 1,000 values', async () => {
    const none = await push({ values: [] });
    expect(none.status).toBe(400);
    expect(none.body.error.issues[0]).toMatchObject({ path: ['values'], message: 'Send at least one value' });
    const many = await push({ values: Array.from({ length: 1001 }, () => ({ email: people[0], measure: 'leads', period: '2025-01', value: 1 })) });
    expect(many.status).toBe(400);
    expect(many.body.error.issues[0].message).toBe('Send at most 1000 values at a time');
    expect((await push({ nothing: true })).status).toBe(400);
    expect((await request(t.app).post('/api/v1/kpi-values').set('Authorization', `Bearer ${token}`).set('Content-Type', 'application/json').send('{"values": [')).status).toBe(400);
  });

  it('names every bad value by its index and field, and writes none of them', async () => {
    const res = await push({
      values: [
        { email: people[0], measure: 'leads', period: '2025-01', value: 3 },
        { email: 'ghost@acme.test', measure: 'leads', period: '2025-01', value: 3 },
        { email: people[1], measure: 'leads', period: '2025-1', value: 3 },
        { email: people[1], measure: 'leads', period: '2025-02', value: '3,5' },
        { email: people[1], measure: 'leads', period: '2025-02', value: -1 },
        { email: people[1], measure: 'won_value', period: '2025-02', value: 1.001 },
        { email: people[1], measure: 'sales_cost', period: '2025-02', value: 1 },
        { team: 'North', measure: 'sales_cost', period: '2025-02', value: 1, reason: 'x'.repeat(501) },
        { email: people[2], period: '2025-02', value: 1 },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('Some values are not valid; nothing was written');
    expect(res.body.error.issues).toEqual([
      { path: ['values', 1, 'email'], message: 'Nobody has this email address' },
      { path: ['values', 2, 'period'], message: 'Write the period as 2026-03 or as a date (YYYY-MM-DD)' },
      { path: ['values', 3, 'value'], message: 'Give the value as a number, like 1250000.50' },
      { path: ['values', 4, 'value'], message: 'This measure cannot be negative' },
      { path: ['values', 5, 'value'], message: 'Use at most 2 decimals for this measure' },
      { path: ['values', 6, 'team'], message: 'This measure is entered per team: give the team instead of a person' },
      { path: ['values', 7, 'reason'], message: 'Use at most 500 characters' },
      { path: ['values', 8, 'measure'], message: 'Name the measure' },
    ]);
    expect(await t.ctx.db.kpiValue.count()).toBe(0);
  });
});

describe('bulk upserts', () => {
  it('writes 1,000 values at once, and the same request again changes nothing', async () => {
    const first = await push({ values: thousand(10) });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ created: 1000, updated: 0, unchanged: 0, dryRun: false });
    expect(first.body.values[0]).toMatchObject({ index: 0, action: 'create', old: null, new: '10' });
    expect(await t.ctx.db.kpiValue.count()).toBe(1000);
    const history = await t.ctx.db.kpiValueChange.count();
    const again = await push({ values: thousand(10) });
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 1000 });
    expect(again.body.values[0].id).toBe(first.body.values[0].id);
    expect(await t.ctx.db.kpiValueChange.count()).toBe(history);
  });

  it('answers a dry run with what would change, writing nothing', async () => {
    const values = thousand(10);
    values[0] = { ...values[0], value: 99 };
    const before = await t.ctx.db.kpiValueChange.count();
    const dry = await push({ values: [...values.slice(0, 2), { email: people[0], measure: 'leads', period: '2026-01', value: 5 }], dryRun: true });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ created: 1, updated: 1, unchanged: 1, dryRun: true });
    expect(dry.body.values[0]).toMatchObject({ action: 'update', old: '10', new: '99' });
    expect(dry.body.values[2]).toMatchObject({ action: 'create', id: null });
    expect(await t.ctx.db.kpiValueChange.count()).toBe(before);
  });

  it('keeps the token in the history and updates only what changed', async () => {
    const res = await push({ values: [{ email: people[0], measure: 'won_value', period: '2025-01-31', value: '12.50', reason: 'CRM correction' }] });
    expect(res.body).toMatchObject({ created: 0, updated: 1 });
    const change = await t.ctx.db.kpiValueChange.findFirstOrThrow({ where: { valueId: res.body.values[0].id }, orderBy: { seq: 'desc' } });
    expect(change).toMatchObject({ source: 'api', apiTokenId: tokenId, changedById: null, oldValue: 1000n, newValue: 1250n, reason: 'CRM correction' });
  });
});

describe('reading back', () => {
  it('pages through values by id', async () => {
    const seen = new Set<string>();
    let cursor: string | null = null;
    do {
      const res = await get(`/api/v1/kpi-values?measure=won_value&limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      for (const v of res.body.data) seen.add(v.id);
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen.size).toBe(250);
    const one = await get(`/api/v1/kpi-values?measure=won_value&period=2025-01&limit=1000`);
    expect(one.body.data).toHaveLength(50);
    expect(one.body.data.find((v: { email: string }) => v.email === people[0])).toMatchObject({ value: '12.5', period: '2025-01', ownerKind: 'person' });
    expect((await get('/api/v1/kpi-values?period=January')).status).toBe(400);
  });

  it('lists the KPIs and measures, and gives a scorecard', async () => {
    expect((await get('/api/v1/kpis')).body.data.map((k: { key: string }) => k.key)).toEqual(['revenue', 'close_rate', 'leads_generated', 'customer_acquisition_cost']);
    expect((await get('/api/v1/kpi-measures')).body.data.find((m: { key: string }) => m.key === 'sales_cost')).toMatchObject({ level: 'team', unit: 'money', decimals: 2 });
    const card = await get(`/api/v1/kpi-scorecard?scope=team:${ids.north}&period=2025-Q1`);
    expect(card.status).toBe(200);
    const close = card.body.kpis.find((k: { key: string }) => k.key === 'close_rate');
    expect(close.unit).toBe('percent');
    expect(Number(close.numerator) / Number(close.denominator)).toBeCloseTo(Number(close.value) / 100, 6);
    expect(card.body.kpis.find((k: { key: string }) => k.key === 'customer_acquisition_cost').value).toBeNull();
    expect((await get('/api/v1/kpi-scorecard?scope=galaxy&period=2025-Q1')).status).toBe(404);
  });

  it('documents every KPI endpoint in the OpenAPI document', async () => {
    const doc = (await request(t.app).get('/api/v1/openapi.json')).body;
    for (const path of ['/api/v1/kpis', '/api/v1/kpi-measures', '/api/v1/kpi-values', '/api/v1/kpi-scorecard']) expect(doc.paths[path]).toBeDefined();
    const body = doc.paths['/api/v1/kpi-values'].post.requestBody.content['application/json'].schema;
    expect(body.properties.values.maxItems).toBe(1000);
    expect(body.properties.values.items.properties.period.description).toContain('2026-W10');
  });
});
