/**
 * Entering numbers in the grid and on a value's page, and the history every change leaves: who, when, old and
 * new value, how (form, CSV, API token) and why. Typed numbers follow the reader's language; an empty cell clears
 * a value (missing, not zero); a value someone else changed meanwhile is never silently overwritten.
 */
import { Browser, fixedClock, startTestApp, type TestApp } from '../helpers/test-app';
import { signedInBrowser, TEST_PASSWORD } from '../helpers/sign-in';
import { buildDepartment, buildEmployee, buildOrg, buildTeam } from '../factories';
import { buildApiToken } from '../factories/org';
import { enableKpis, writeValues } from '../factories/kpis';
import request from 'supertest';

let t: TestApp;
let hr: Browser;
let manager: Browser;
const ids: Record<string, string> = {};
const clock = fixedClock('2026-03-10T08:00:00Z');
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&nbsp;|\u00a0|\u202f/g, ' ').replace(/\s+/g, ' ');
const cell = (ownerKind: string, ownerId: string, measure: string) => `c:${ownerKind}:${ownerId}:${measure}`;
const stored = async (ownerId: string, measureKey: string, periodStart = '2026-03-01') =>
  (await t.ctx.db.kpiValue.findUnique({ where: { measureKey_ownerKind_ownerId_periodStart: { measureKey, ownerKind: ownerId === ids.north ? 'team' : 'person', ownerId, periodStart } } }))?.value ?? null;

async function gridForm(browser: Browser, query: string) {
  const res = await browser.agent.get(`/kpis/entry?${query}`);
  const hidden = Object.fromEntries([...res.text.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]));
  return { res, hidden };
}

beforeAll(async () => {
  t = await startTestApp({ clock });
  const db = t.ctx.db;
  const { admin } = await buildOrg(db, { adminPassword: TEST_PASSWORD });
  const sales = await buildDepartment(db, { name: 'Sales' });
  const boss = await buildEmployee(db, { role: 'manager', email: 'boss@acme.test', name: 'Boss', password: TEST_PASSWORD });
  const north = await buildTeam(db, { name: 'North', departmentId: sales.id, managerId: boss.id });
  await db.employee.update({ where: { id: boss.id }, data: { teamId: north.id } });
  const alice = await buildEmployee(db, { email: 'alice@acme.test', name: 'Alice', teamId: north.id, managerId: boss.id });
  Object.assign(ids, { admin: admin.id, north: north.id, alice: alice.id, boss: boss.id });
  await enableKpis(t.ctx, ['revenue', 'close_rate', 'customer_acquisition_cost']);
  hr = await signedInBrowser(t.app, admin.email);
  manager = await signedInBrowser(t.app, 'boss@acme.test');
});
afterAll(() => t.close());

describe('the entry grid', () => {
  it('shows the team’s people × the month’s measures, and the team’s own measures', async () => {
    const { res } = await gridForm(manager, `team=${ids.north}&period=2026-03&lang=en`);
    expect(res.status).toBe(200);
    const page = text(res.text);
    expect(page).toContain('North, March 2026');
    expect(page).toMatch(/Won deal value .*Deals won .*Deals lost/);
    expect(res.text).toContain(`name="${cell('person', ids.alice, 'won_value')}"`);
    expect(res.text).toContain(`name="${cell('team', ids.north, 'sales_cost')}"`);
    // A manager never enters their own numbers: their row is read-only.
    expect(res.text).not.toContain(`name="${cell('person', ids.boss, 'won_value')}"`);
    expect(page).toContain('Boss');
  });

  it('saves typed numbers in the reader’s language with a reason, and records who changed what', async () => {
    const { hidden } = await gridForm(manager, `team=${ids.north}&period=2026-03&lang=id`);
    const res = await manager.submit('/kpis/entry', { ...hidden, [cell('person', ids.alice, 'won_value')]: '1.250.000,50', [cell('person', ids.alice, 'deals_won')]: '3', [cell('team', ids.north, 'sales_cost')]: '400.000', reason: 'Figures from the March CRM export' }, '/kpis/entry');
    expect(res.status).toBe(303);
    expect(res.headers.location).toContain('saved=3');
    expect(await stored(ids.alice, 'won_value')).toBe(125000050n); // USD: cents
    expect(await stored(ids.north, 'sales_cost')).toBe(40000000n);
    const change = await t.ctx.db.kpiValueChange.findFirstOrThrow({ where: { value: { ownerId: ids.alice, measureKey: 'won_value' } } });
    expect(change).toMatchObject({ oldValue: null, newValue: 125000050n, source: 'form', changedById: ids.boss, reason: 'Figures from the March CRM export', apiTokenId: null });
    expect(change.changedAt.toISOString()).toBe('2026-03-10T08:00:00.000Z');
  });

  it('writes nothing when the same grid is saved again, and clears a value left empty', async () => {
    const before = await t.ctx.db.kpiValueChange.count();
    const { hidden, res } = await gridForm(manager, `team=${ids.north}&period=2026-03&lang=en`);
    const value = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(res.text)?.[1] ?? '';
    const same = { ...hidden, [cell('person', ids.alice, 'won_value')]: value(cell('person', ids.alice, 'won_value')), [cell('person', ids.alice, 'deals_won')]: value(cell('person', ids.alice, 'deals_won')) };
    expect(same[cell('person', ids.alice, 'won_value')]).toBe('1250000.5');
    expect((await manager.submit('/kpis/entry', same, '/kpis/entry')).headers.location).toContain('saved=0');
    expect(await t.ctx.db.kpiValueChange.count()).toBe(before);
    const cleared = await manager.submit('/kpis/entry', { ...same, [cell('person', ids.alice, 'deals_won')]: '' }, '/kpis/entry');
    expect(cleared.headers.location).toContain('saved=1');
    expect(await stored(ids.alice, 'deals_won')).toBeNull();
    const row = await t.ctx.db.kpiValue.findFirstOrThrow({ where: { ownerId: ids.alice, measureKey: 'deals_won' } });
    expect(row.value).toBeNull(); // kept with its history, missing
  });

  it('refuses a bad cell with its message next to it, keeping what was typed and saving nothing', async () => {
    const { hidden } = await gridForm(manager, `team=${ids.north}&period=2026-03&lang=en`);
    const before = await t.ctx.db.kpiValueChange.count();
    const res = await manager.submit('/kpis/entry', { ...hidden, [cell('person', ids.alice, 'deals_lost')]: '2.5', [cell('person', ids.alice, 'won_value')]: 'lots', [cell('person', ids.alice, 'deals_won')]: '7' }, '/kpis/entry');
    expect(res.status).toBe(400);
    expect(res.text).toContain('Use a whole number for this measure');
    expect(res.text).toContain('Give the value as a number, like 1250000.50');
    expect(res.text).toContain('value="lots"');
    expect(res.text).toContain('aria-invalid="true"');
    expect(await t.ctx.db.kpiValueChange.count()).toBe(before);
  });

  it('keeps a value someone else changed after the page was loaded, and stops when both changed it', async () => {
    const { hidden, res } = await gridForm(manager, `team=${ids.north}&period=2026-03&lang=en`);
    const shown = /name="c:person:[^:]+:won_value" value="([^"]*)"/.exec(res.text)![1];
    await writeValues(t.ctx, [{ email: 'alice@acme.test', measure: 'won_value', period: '2026-03', value: '2000000' }], { changedById: ids.admin });
    // The manager's page still shows the old value; saving it unchanged keeps HR's newer one.
    const untouched = await manager.submit('/kpis/entry', { ...hidden, [cell('person', ids.alice, 'won_value')]: shown, [cell('person', ids.alice, 'deals_lost')]: '4' }, '/kpis/entry');
    expect(untouched.status).toBe(303);
    expect(await stored(ids.alice, 'won_value')).toBe(200000000n);
    expect(await stored(ids.alice, 'deals_lost')).toBe(4n);
    // Both changed it: nothing is saved, and the page says so.
    const clash = await manager.submit('/kpis/entry', { ...hidden, [cell('person', ids.alice, 'won_value')]: '999' }, '/kpis/entry');
    expect(clash.status).toBe(400);
    expect(clash.text).toContain('Someone else changed this value after you opened the page');
    expect(await stored(ids.alice, 'won_value')).toBe(200000000n);
  });

  it('refuses cells of a person the manager does not manage (their own included)', async () => {
    const { hidden } = await gridForm(manager, `team=${ids.north}&period=2026-03`);
    const res = await manager.submit('/kpis/entry', { ...hidden, [cell('person', ids.boss, 'won_value')]: '5' }, '/kpis/entry');
    expect(res.status).toBe(403);
    expect(await stored(ids.boss, 'won_value')).toBeNull();
  });
});

describe('a value’s page and its history', () => {
  it('lists every change with who, when, how, old → new and why, for HR and the manager', async () => {
    const { token, row: tokenRow } = await buildApiToken(t.ctx, ids.admin, 'CRM sync');
    const res = await request(t.app).post('/api/v1/kpi-values').set('Authorization', `Bearer ${token}`).send({ values: [{ email: 'alice@acme.test', measure: 'won_value', period: '2026-03', value: 2100000, reason: 'Late deal' }] });
    expect(res.status).toBe(200);
    const value = await t.ctx.db.kpiValue.findFirstOrThrow({ where: { ownerId: ids.alice, measureKey: 'won_value' } });
    const page = text((await manager.agent.get(`/kpis/values/${value.id}?lang=en`)).text);
    expect(page).toMatch(/CRM sync.*API.*US\$2,000,000.*US\$2,100,000.*Late deal/);
    expect(page).toMatch(/Form.*US\$1,250,000.50.*US\$2,000,000/);
    expect(page).toMatch(/Boss Form No data US\$1,250,000.50 Figures from the March CRM export/);
    expect(tokenRow.id).toBeTruthy();
    expect((await hr.agent.get(`/kpis/values/${value.id}`)).status).toBe(200);
  });

  it('changes one value with a reason, and says what is wrong with a bad one', async () => {
    const value = await t.ctx.db.kpiValue.findFirstOrThrow({ where: { ownerId: ids.alice, measureKey: 'won_value' } });
    const bad = await hr.submit(`/kpis/values/${value.id}`, { value: '1,2,3', reason: '' }, `/kpis/values/${value.id}`);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Give the value as a number');
    const ok = await hr.submit(`/kpis/values/${value.id}`, { value: '2,200,000', reason: 'Credit note reversed' }, `/kpis/values/${value.id}`);
    expect(ok.status).toBe(303);
    expect(await stored(ids.alice, 'won_value')).toBe(220000000n);
    const last = await t.ctx.db.kpiValueChange.findFirstOrThrow({ where: { valueId: value.id }, orderBy: { seq: 'desc' } });
    expect(last).toMatchObject({ oldValue: 210000000n, newValue: 220000000n, changedById: ids.admin, reason: 'Credit note reversed', source: 'form' });
  });
});
