/**
 * Races between people (ASVS 15.4.2, atomic check-then-act), beyond those tested where they live (fifty posts of
 * one answer link: test/rounds/answer-page.test.ts; two editors of a survey or schedule and double "Send now":
 * test/surveys/concurrent-edits.test.ts; KPI totals under parallel writes: test/kpis/rollups.test.ts):
 * - a CSV import racing HR's manual edits of the same people: each person ends up wholly as one of the two
 *   wrote them, never a mix, no one twice, the new team once, never a 500;
 * - a KPI value import racing manual edits of the same values: each value as one of the two wrote it, both in its
 *   history, team totals equal to a rebuild;
 * - two HR admins editing one KPI target: the second save, from a stale copy, gets a clear 409 that keeps their
 *   values, and a deliberate resave wins; two first saves at once store one.
 */
import { fixedClock, startTestApp, type Browser, type TestApp } from '../helpers/test-app';
import { signedInBrowser, TEST_PASSWORD } from '../helpers/sign-in';
import { buildDepartment, buildEmployee, buildOrg, buildTeam } from '../factories';
import { enableKpis, writeValues } from '../factories/kpis';
import { rebuildTeamTotals } from '../../server/domain/kpis/value-store';

const clock = fixedClock('2026-03-31T16:00:00Z');
let t: TestApp;
let hrA: Browser;
let hrB: Browser;
beforeEach(async () => {
  t = await startTestApp({ clock });
  const { admin } = await buildOrg(t.ctx.db, { adminPassword: TEST_PASSWORD });
  const second = await buildEmployee(t.ctx.db, { role: 'hr_admin', email: 'second.hr@acme.test', password: TEST_PASSWORD });
  hrA = await signedInBrowser(t.app, (await t.ctx.db.employee.findUniqueOrThrow({ where: { id: admin.id } })).email);
  hrB = await signedInBrowser(t.app, second.email);
});
afterEach(() => t.close());

const PEOPLE = 20;

describe('a CSV import racing manual edits of the same people', () => {
  it('leaves each person wholly as the import or the edit wrote them, once, and never answers 500', async () => {
    const sales = await buildDepartment(t.ctx.db, { name: 'Sales' });
    const north = await buildTeam(t.ctx.db, { name: 'North', departmentId: sales.id });
    const west = await buildTeam(t.ctx.db, { name: 'West', departmentId: sales.id });
    const people: { id: string }[] = [];
    for (let i = 0; i < PEOPLE; i++) people.push(await buildEmployee(t.ctx.db, { email: `rep${i}@acme.test`, name: `Rep ${i}`, teamId: north.id }));
    const csv = ['Email,Name,Department,Team,Locale,Time_Zone', ...people.map((_, i) => `rep${i}@acme.test,Rep ${i} imported,Sales,South,id,Asia/Jakarta`)].join('\n');
    const edit = async (i: number) => {
      const token = await hrB.csrf(`/admin/employees/${people[i].id}`);
      return hrB.agent
        .post(`/admin/employees/${people[i].id}`)
        .type('form')
        .send({ _csrf: token, email: `rep${i}@acme.test`, name: `Rep ${i} edited`, teamId: west.id, role: 'employee', locale: 'en', timeZone: 'Europe/London', active: 'true' });
    };
    const importToken = await hrA.csrf('/admin/employees/import');
    const [imported, ...edits] = await Promise.all([
      hrA.agent.post('/admin/employees/import/apply').type('form').send({ _csrf: importToken, csv }),
      ...people.map((_, i) => edit(i)),
    ]);
    const statuses = [imported.status, ...edits.map((e) => e.status)];
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect([200, 409]).toContain(imported.status);
    expect(edits.filter((e) => ![303, 409].includes(e.status)).map((e) => e.status)).toEqual([]);
    if (imported.status === 409) expect(imported.text).toContain('Someone else changed the directory at the same time');
    // Whoever lost a race tries again, as the 409 page asks: the import once more, or that person's edit.
    if (imported.status === 409) expect((await hrA.submit('/admin/employees/import/apply', { csv }, '/admin/employees/import')).status).toBe(200);
    for (const [i, e] of edits.entries()) if (e.status === 409) expect((await edit(i)).status).toBe(303);

    const rows = await t.ctx.db.employee.findMany({ where: { email: { startsWith: 'rep' } }, include: { team: true } });
    expect(rows).toHaveLength(PEOPLE);
    const shapes = rows.map((r) => [r.name.replace(/^Rep \d+ /, ''), r.team?.name, r.locale, r.timeZone].join('|'));
    expect(shapes.filter((s) => s !== 'imported|South|id|Asia/Jakarta' && s !== 'edited|West|en|Europe/London')).toEqual([]);
    for (const name of ['South', 'West']) expect(await t.ctx.db.team.count({ where: { name } })).toBe(1);
    process.stdout.write(`[concurrency] CSV import vs ${PEOPLE} manual edits: import ${imported.status}, edits ${edits.filter((e) => e.status === 303).length}×303 ${edits.filter((e) => e.status === 409).length}×409; final ${shapes.filter((s) => s.startsWith('imported')).length} as imported, ${shapes.filter((s) => s.startsWith('edited')).length} as edited\n`);
  });
});

describe('two HR admins editing one KPI target', () => {
  const form = '/kpis/targets/new?kpi=revenue&owner=company&period=2026-03';
  const seenOf = (html: string) => /name="seen" value="([^"]*)"/.exec(html)?.[1];
  const save = (hr: Browser, html: string, value: string) =>
    hr.agent
      .post('/kpis/targets')
      .type('form')
      .send({ _csrf: /name="_csrf" value="([^"]+)"/.exec(html)?.[1], seen: seenOf(html), kpi: 'revenue', owner: 'company', period: '2026-03', value, goal: 'Grow revenue from existing accounts this quarter', repeat: '1' });
  const stored = async () => (await t.ctx.db.kpiTarget.findMany({ select: { value: true } })).map((r) => r.value);

  beforeEach(() => enableKpis(t.ctx, ['revenue']));

  it('refuses the second save from a stale copy with 409, keeps that admin’s value on the page, and a deliberate resave wins', async () => {
    expect((await save(hrA, (await hrA.agent.get(form)).text, '500000')).status).toBe(303);
    const pageA = (await hrA.agent.get(form)).text;
    const pageB = (await hrB.agent.get(form)).text;
    expect(seenOf(pageA)).toMatch(/^\d+$/);
    clock.advance(60_000);
    expect((await save(hrA, pageA, '600000')).status).toBe(303);
    const stale = await save(hrB, pageB, '450000');
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Someone else changed this target after you opened it');
    expect(stale.text).toContain('value="450000"');
    expect(await stored()).toEqual(['600000']);
    // The 409 page carries the stored target's copy: saving from it is deliberate, and wins.
    expect((await save(hrB, stale.text, '450000')).status).toBe(303);
    expect(await stored()).toEqual(['450000']);
    // In Indonesian too.
    const pageId = (await hrA.agent.get(`${form}&lang=id`)).text;
    await save(hrB, (await hrB.agent.get(form)).text, '470000');
    const staleId = await save(hrA, pageId, '480000');
    expect(staleId.status).toBe(409);
    expect(staleId.text).toContain('Orang lain mengubah target ini setelah Anda membukanya');
  });

  it('two first saves at once, from pages opened before any target existed: one stored, the other refused', async () => {
    const [pageA, pageB] = [(await hrA.agent.get(form)).text, (await hrB.agent.get(form)).text];
    expect(seenOf(pageA)).toBe('');
    const results = await Promise.all([save(hrA, pageA, '500000'), save(hrB, pageB, '700000')]);
    expect(results.map((r) => r.status).sort()).toEqual([303, 409]);
    expect(await stored()).toHaveLength(1);
  });
});

describe('a KPI value import racing manual edits of the same values', () => {
  it('stores each value as one of the two wrote it, with both writes in its history, and team totals equal to a rebuild', async () => {
    const sales = await buildDepartment(t.ctx.db, { name: 'Sales' });
    const north = await buildTeam(t.ctx.db, { name: 'North', departmentId: sales.id });
    const emails = Array.from({ length: 10 }, (_, i) => `seller${i}@acme.test`);
    for (const email of emails) await buildEmployee(t.ctx.db, { email, teamId: north.id });
    await enableKpis(t.ctx, ['revenue']);
    await writeValues(t.ctx, emails.map((email) => ({ email, measure: 'won_value', period: '2026-02', value: '100' })));
    const values = await t.ctx.db.kpiValue.findMany({ where: { measureKey: 'won_value' }, select: { id: true, value: true } });
    const csv = ['email,measure,period,value,reason', ...emails.map((e) => `${e},won_value,2026-02,200,from the CRM`)].join('\n');
    const uploaded = await hrA.submit('/kpis/import', { csv }, '/kpis/import');
    expect(uploaded.status).toBe(303);
    const importId = uploaded.headers.location.split('/').pop() as string;
    const applyToken = await hrA.csrf(`/kpis/import/${importId}`);
    const editTokens = await Promise.all(values.map((v) => hrB.csrf(`/kpis/values/${v.id}`)));

    const [applied, ...edits] = await Promise.all([
      hrA.agent.post(`/kpis/import/${importId}/apply`).type('form').send({ _csrf: applyToken }),
      ...values.map((v, i) => hrB.agent.post(`/kpis/values/${v.id}`).type('form').send({ _csrf: editTokens[i], value: '300', reason: 'corrected by hand' })),
    ]);
    expect([applied, ...edits].filter((r) => r.status >= 500)).toEqual([]);
    expect(applied.status).toBe(303);
    expect(edits.map((e) => e.status)).toEqual(values.map(() => 303));

    // Stored in minor units: 200 and 300 are twice and three times the 100 written first.
    const hundred = values[0].value as bigint;
    const [imported, edited] = [hundred * 2n, hundred * 3n];
    const after = await t.ctx.db.kpiValue.findMany({ where: { measureKey: 'won_value' }, include: { changes: { orderBy: { changedAt: 'asc' } } } });
    expect(after).toHaveLength(values.length);
    for (const v of after) {
      expect([imported, edited]).toContain(v.value);
      // Nothing silently lost: the stored value is the last change recorded, and both writers are in the history.
      expect(v.changes[v.changes.length - 1].newValue).toBe(v.value);
      expect(new Set(v.changes.map((c) => c.source))).toEqual(new Set(['form', 'csv']));
    }
    const totals = await t.ctx.db.kpiTeamTotal.findMany({ orderBy: [{ teamId: 'asc' }, { measureKey: 'asc' }, { periodStart: 'asc' }] });
    await rebuildTeamTotals(t.ctx.db);
    expect(await t.ctx.db.kpiTeamTotal.findMany({ orderBy: [{ teamId: 'asc' }, { measureKey: 'asc' }, { periodStart: 'asc' }] })).toEqual(totals);
    process.stdout.write(`[concurrency] KPI import vs ${values.length} manual edits: final ${after.filter((v) => v.value === imported).length} as imported, ${after.filter((v) => v.value === edited).length} as edited; totals equal a rebuild\n`);
  });
});

