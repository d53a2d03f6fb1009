/**
 * CSV import of KPI values: the dry run's diff (new, changed old → new, unchanged), row problems with their line
 * numbers, nothing imported while any row is wrong, re-importing the same file changes nothing, a large file checked
 * in the background with its progress, an import whose worker died taken up again, and the writer's scope.
 */
import { Browser, fixedClock, startTestApp, type TestApp } from '../helpers/test-app';
import { signedInBrowser, TEST_PASSWORD } from '../helpers/sign-in';
import { buildDepartment, buildEmployee, buildOrg, buildTeam } from '../factories';
import { enableKpis } from '../factories/kpis';
import { createImport, resumeImports, runImport } from '../../server/domain/kpis/imports.service';
import { kpiViewerOf } from '../../server/domain/kpis/viewer.service';
import { kpiImportsJob } from '../../jobs/kpi-imports.job';

let t: TestApp;
let hr: Browser;
let manager: Browser;
const ids: Record<string, string> = {};
const clock = fixedClock('2026-03-10T08:00:00Z');
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&nbsp;|\u00a0|\u202f|&#x27;/g, ' ').replace(/&quot;/g, '"').replace(/\s+/g, ' ');

async function upload(browser: Browser, csv: string) {
  const res = await browser.submit('/kpis/import', { csv }, '/kpis/import');
  expect(res.status).toBe(303);
  const id = res.headers.location.split('/').pop() as string;
  return { id, page: await browser.agent.get(`/kpis/import/${id}?lang=en`) };
}
const apply = (browser: Browser, id: string) => browser.submit(`/kpis/import/${id}/apply`, {}, `/kpis/import/${id}`);
const valueOf = async (email: string, measureKey: string, periodStart: string) => {
  const person = await t.ctx.db.employee.findUniqueOrThrow({ where: { email } });
  return (await t.ctx.db.kpiValue.findFirst({ where: { ownerId: person.id, measureKey, periodStart } }))?.value ?? null;
};

const FILE = ['email,team,measure,period,value,reason', 'alice@acme.test,,won_value,2026-02,1250000,', 'alice@acme.test,,deals_won,2026-02,4,', 'bob@acme.test,,won_value,2026-02-14,300000.25,from the CRM', ',North,sales_cost,2026-02,50000,'].join('\n');

beforeAll(async () => {
  t = await startTestApp({ clock });
  const db = t.ctx.db;
  const { admin } = await buildOrg(db, { adminPassword: TEST_PASSWORD });
  const sales = await buildDepartment(db, { name: 'Sales' });
  const boss = await buildEmployee(db, { role: 'manager', email: 'boss@acme.test', name: 'Boss', password: TEST_PASSWORD });
  const north = await buildTeam(db, { name: 'North', departmentId: sales.id, managerId: boss.id });
  const south = await buildTeam(db, { name: 'South', departmentId: sales.id });
  await buildEmployee(db, { email: 'alice@acme.test', name: 'Alice', teamId: north.id, managerId: boss.id });
  await buildEmployee(db, { email: 'bob@acme.test', name: 'Bob', teamId: north.id, managerId: boss.id });
  await buildEmployee(db, { email: 'sam@acme.test', name: 'Sam', teamId: south.id });
  Object.assign(ids, { admin: admin.id, boss: boss.id, north: north.id });
  await enableKpis(t.ctx, ['revenue', 'close_rate', 'customer_acquisition_cost']);
  hr = await signedInBrowser(t.app, admin.email);
  manager = await signedInBrowser(t.app, 'boss@acme.test');
});
afterAll(() => t.close());

describe('importing a file', () => {
  it('shows the diff before anything is written, then imports it all at once', async () => {
    const csv = FILE;
    const { id, page } = await upload(hr, csv);
    const preview = text(page.text);
    expect(preview).toContain('4 new values');
    expect(preview).toContain('0 values changed');
    expect(preview).toMatch(/4 bob@acme.test Won deal value February 2026 New: US\$300,000.25/);
    expect(await valueOf('alice@acme.test', 'won_value', '2026-02-01')).toBeNull();
    expect((await apply(hr, id)).status).toBe(303);
    const done = text((await hr.agent.get(`/kpis/import/${id}?lang=en`)).text);
    expect(done).toContain('Imported.');
    expect(done).toContain('4 new values');
    expect(await valueOf('bob@acme.test', 'won_value', '2026-02-01')).toBe(30000025n);
    const history = await t.ctx.db.kpiValueChange.findMany({ where: { importId: id } });
    expect(history).toHaveLength(4);
    expect(history.every((h) => h.source === 'csv' && h.changedById === ids.admin)).toBe(true);
    expect(history.find((h) => h.newValue === 30000025n)?.reason).toBe('from the CRM');
    expect(await t.ctx.db.kpiImportFile.findUnique({ where: { importId: id } })).toBeNull();
  });

  it('changes nothing when the same file comes again, and only what changed in a corrected file', async () => {
    const csv = FILE;
    const changes = await t.ctx.db.kpiValueChange.count();
    const again = await upload(hr, csv);
    expect(text(again.page.text)).toContain('Every value in this file is already stored: there is nothing to import.');
    expect(again.page.text).not.toContain(`/kpis/import/${again.id}/apply`);
    const corrected = await upload(hr, csv.replace('alice@acme.test,,deals_won,2026-02,4,', 'alice@acme.test,,deals_won,2026-02,5,fixed'));
    const preview = text(corrected.page.text);
    expect(preview).toContain('0 new values');
    expect(preview).toContain('1 value changed');
    expect(preview).toContain('3 values unchanged');
    expect(preview).toMatch(/3 alice@acme.test Deals won February 2026 4 → 5/);
    await apply(hr, corrected.id);
    expect(await t.ctx.db.kpiValueChange.count()).toBe(changes + 1);
    expect(await valueOf('alice@acme.test', 'deals_won', '2026-02-01')).toBe(5n);
  });

  it('lists every bad row with its line and imports nothing while any is wrong', async () => {
    const csv = [
      'email,measure,period,value',
      'alice@acme.test,won_value,2026-04,10',
      'nobody@acme.test,won_value,2026-04,10',
      'alice@acme.test,deals_won,2026-W14,1',
      'alice@acme.test,deals_won,2026-04,1.5',
      'alice@acme.test,magic,2026-04,1',
      'alice@acme.test,won_value,2026-04-30,11',
      'alice@acme.test,sales_cost,2026-04,1',
      'alice@acme.test,deals_lost,2026-04',
    ].join('\n');
    const { id, page } = await upload(hr, csv);
    const rows = [...page.text.matchAll(/<tr class="import-error"><td>(\d*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td>/g)].map((m) => [Number(m[1]), m[2], m[3].replace(/&#x27;/g, "'")]);
    expect(rows).toEqual([
      [3, 'email', 'Nobody has this email address'],
      [4, 'period', 'This measure is entered per month: write the period as 2026-03 or as a date'],
      [5, 'value', 'Use a whole number for this measure'],
      [6, 'measure', 'No measure has this key'],
      [7, 'period', 'The same value is also on line 2'],
      [8, 'team', 'This measure is entered per team: give the team instead of a person'],
      [9, '', 'Expected 4 columns, found 3'],
    ]);
    expect(text(page.text)).toContain('7 problems: nothing can be imported until they are fixed.');
    expect((await apply(hr, id)).status).toBe(409);
    expect(await valueOf('alice@acme.test', 'won_value', '2026-04-01')).toBeNull();
  });

  it('refuses a file that is not a value file, naming what is wrong', async () => {
    const { page } = await upload(hr, 'name,amount\nAlice,3\n');
    const page2 = text(page.text);
    expect(page2).toContain('Unknown column "name"');
    expect(page2).toContain('The column measure is missing');
  });

  it('lets a manager import only the numbers of the people and teams under them', async () => {
    const { id, page } = await upload(manager, 'email,measure,period,value\nalice@acme.test,won_value,2026-05,1\nsam@acme.test,won_value,2026-05,1\nboss@acme.test,won_value,2026-05,1\n');
    const rows = [...page.text.matchAll(/<tr class="import-error"><td>(\d*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td>/g)].map((m) => [Number(m[1]), m[3]]);
    expect(rows).toEqual([
      [3, 'You cannot change the numbers of this person'],
      [4, 'You cannot change the numbers of this person'],
    ]);
    expect((await hr.agent.get(`/kpis/import/${id}`)).status).toBe(200);
    expect((await manager.agent.get(`/kpis/import/${id}`)).status).toBe(200);
  });
});

describe('a large file', () => {
  const big = (n: number, value = 7) => ['email,measure,period,value', ...Array.from({ length: n }, (_, i) => `alice@acme.test,won_value,${2300 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')},${value + i}`)].join('\n');

  it('is checked in the background while its page shows the progress', async () => {
    const viewer = await kpiViewerOf(t.ctx, { id: ids.admin, role: 'hr_admin' });
    const { id, rows } = await createImport(t.ctx, viewer, big(3000));
    expect(rows).toBe(3000);
    const waiting = await hr.agent.get(`/kpis/import/${id}?lang=en`);
    expect(waiting.text).toContain('data-live-refresh');
    expect(waiting.text).toMatch(/<progress max="3000" value="0"/);
    expect(text(waiting.text)).toContain('0 of 3,000 rows');
    await runImport(t.ctx, id);
    const row = await t.ctx.db.kpiImport.findUniqueOrThrow({ where: { id } });
    expect([row.status, row.doneRows]).toEqual(['checked', 3000]);
    const checked = await hr.agent.get(`/kpis/import/${id}?lang=en`);
    expect(checked.text).not.toContain('data-live-refresh');
    expect(text(checked.text)).toContain('3,000 new values');
    expect(text(checked.text)).toContain('And 2,800 more.');
  });

  it('is applied by the job when the worker applying it died (its lease ran out), exactly once', async () => {
    const viewer = await kpiViewerOf(t.ctx, { id: ids.admin, role: 'hr_admin' });
    const { id } = await createImport(t.ctx, viewer, big(2500, 100));
    await runImport(t.ctx, id);
    // The apply was asked for and claimed by a worker that died.
    await t.ctx.db.kpiImport.update({ where: { id }, data: { status: 'applying', claimToken: 'dead-worker', claimedUntil: new Date(clock.now().getTime() + 60_000) } });
    expect(await resumeImports(t.ctx)).toBe(0);
    clock.advance(2 * 60_000);
    await kpiImportsJob.perform(t.ctx);
    expect((await t.ctx.db.kpiImport.findUniqueOrThrow({ where: { id } })).status).toBe('applied');
    expect(await t.ctx.db.kpiValueChange.count({ where: { importId: id } })).toBe(2500);
    await kpiImportsJob.perform(t.ctx);
    expect(await t.ctx.db.kpiValueChange.count({ where: { importId: id } })).toBe(2500);
  });
});
