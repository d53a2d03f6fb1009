/**
 * Issue 10, holes 5 and 16, played by the attackers. On PostgreSQL two HR admins deactivating each other at
 * once both succeeded; with no active HR admin left, /setup opened to anyone and upserted over an existing
 * account (a stranger became HR admin with a manager's email). And a demoted HR admin's API tokens came back when
 * they were promoted again. Every path that can take HR-admin status away is tried: the admin form, deactivation,
 * CSV import and the API's POST, PATCH and bulk endpoints, concurrently where it matters.
 */
import request from 'supertest';
import { Browser, startTestApp, type TestApp } from '../helpers/test-app';
import { signedInBrowser, TEST_PASSWORD } from '../helpers/sign-in';
import { buildEmployee, buildOrg } from '../factories';
import { buildApiToken } from '../factories/org';
import { createFirstAdmin, setupSchema } from '../../server/domain/auth/setup.service';
import { deactivateEmployee } from '../../server/domain/org/employees.service';
import { applyUpsert } from '../../server/domain/org/employee-upsert.service';

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp({ env: { SMTP_URL: 'smtp://127.0.0.1:1' } });
});
afterEach(() => t.close());

async function twoAdmins() {
  const { admin: a } = await buildOrg(t.ctx.db);
  const b = await buildEmployee(t.ctx.db, { role: 'hr_admin', email: 'b.hr@acme.test', password: TEST_PASSWORD });
  return { a, b };
}
const activeAdmins = () => t.ctx.db.employee.count({ where: { role: 'hr_admin', active: true } });

describe('setup cannot be taken over', () => {
  it('stays closed when every HR admin is gone, and never turns an existing account into an HR admin', async () => {
    const { a } = await twoAdmins();
    const manager = await buildEmployee(t.ctx.db, { role: 'manager', email: 'maya@acme.test', password: TEST_PASSWORD });
    await t.ctx.db.employee.updateMany({ where: { role: 'hr_admin' }, data: { active: false } });
    const stranger = new Browser(t.app);
    expect((await stranger.agent.get('/setup')).headers.location).toBe('/login');
    expect((await stranger.agent.get('/')).headers.location).toMatch(/^\/login/);
    const token = await stranger.csrf('/login');
    const res = await stranger.agent.post('/setup').type('form').send({ _csrf: token, companyName: 'Evil', name: 'Eve', email: manager.email, password: 'a long enough password' });
    expect(res.headers.location).toBe('/login');
    const after = await t.ctx.db.employee.findUniqueOrThrow({ where: { id: manager.id } });
    expect(after).toMatchObject({ role: 'manager', name: manager.name, passwordHash: manager.passwordHash });
    await expect(createFirstAdmin(t.ctx, setupSchema.parse({ companyName: 'Evil', name: 'Eve', email: manager.email }))).rejects.toThrow('already set up');
    await expect(createFirstAdmin(t.ctx, setupSchema.parse({ companyName: 'Evil', name: 'Eve', email: 'eve@evil.test' }))).rejects.toThrow('already set up');
    expect(await t.ctx.db.employee.count({ where: { email: 'eve@evil.test' } })).toBe(0);
    expect(await t.ctx.db.employee.findUniqueOrThrow({ where: { id: a.id } })).toMatchObject({ role: 'hr_admin', active: false });
  });

  it('closes for good once it has run, even if the directory were emptied afterwards', async () => {
    await createFirstAdmin(t.ctx, setupSchema.parse({ companyName: 'Acme', name: 'Hana', email: 'hana@acme.test' }));
    expect((await t.ctx.db.orgSettings.findUniqueOrThrow({ where: { id: 1 } })).setupCompletedAt).not.toBeNull();
    await t.ctx.db.employee.deleteMany();
    expect((await new Browser(t.app).agent.get('/setup')).headers.location).toBe('/login');
    await expect(createFirstAdmin(t.ctx, setupSchema.parse({ companyName: 'Evil', name: 'Eve', email: 'eve@evil.test' }))).rejects.toThrow('already set up');
  });

  it('asks for a time zone this server knows', async () => {
    const parsed = setupSchema.safeParse({ companyName: 'Acme', name: 'Hana', email: 'hana@acme.test', timeZone: 'Mars/Olympus_Mons' });
    expect(parsed.success).toBe(false);
  });
});

describe('the last active HR admin', () => {
  it('two admins deactivating each other at the same moment: exactly one succeeds (ten times over)', async () => {
    for (let i = 0; i < 10; i++) {
      await t.ctx.db.employee.deleteMany();
      const { a, b } = await twoAdmins();
      const outcomes = await Promise.allSettled([deactivateEmployee(t.ctx, b.id, a.id), deactivateEmployee(t.ctx, a.id, b.id)]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(await activeAdmins()).toBe(1);
    }
  });

  it('two admins demoting each other at once, through the form and the API, the CSV import and the bulk API: one remains', async () => {
    const paths: [string, (aId: string, bId: string, aEmail: string, bEmail: string) => Promise<unknown>][] = [
      ['upsert + upsert', (aId, _bId, aEmail) => applyUpsert(t.ctx, [{ ref: [], id: aId, data: { email: aEmail, name: 'A', role: 'employee' } }])],
      ['CSV-style rows', (_aId, _bId, aEmail) => applyUpsert(t.ctx, [{ ref: ['line', 2], data: { email: aEmail, name: 'A', role: 'hr_admin', active: 'false' } }])],
    ];
    for (const [name, demoteA] of paths) {
      await t.ctx.db.employee.deleteMany();
      const { a, b } = await twoAdmins();
      const outcomes = await Promise.allSettled([
        demoteA(a.id, b.id, a.email, b.email),
        applyUpsert(t.ctx, [{ ref: [], id: b.id, data: { email: b.email, name: 'B', role: 'manager' } }]),
      ]);
      expect({ name, statuses: outcomes.map((o) => o.status).sort() }).toEqual({ name, statuses: ['fulfilled', 'rejected'] });
      expect(await activeAdmins()).toBe(1);
    }
  });

  it('over HTTP: A deactivates B while B demotes A through the API; one of them is refused', async () => {
    for (let i = 0; i < 5; i++) {
      await t.ctx.db.employee.deleteMany();
      await t.ctx.db.apiToken.deleteMany();
      const { a, b } = await twoAdmins();
      const browserA = await signedInBrowser(t.app, a.email);
      const { token } = await buildApiToken(t.ctx, b.id);
      const form = await browserA.csrf(`/admin/employees/${b.id}`);
      const [viaForm, viaApi] = await Promise.all([
        browserA.agent.post(`/admin/employees/${b.id}/deactivate`).type('form').send({ _csrf: form }),
        request(t.app).patch(`/api/v1/employees/${a.id}`).set('Authorization', `Bearer ${token}`).send({ role: 'employee' }),
      ]);
      const succeeded = [viaForm.status === 303, viaApi.status === 200].filter(Boolean).length;
      expect({ form: viaForm.status, api: viaApi.status, succeeded }).toMatchObject({ succeeded: 1 });
      expect(await activeAdmins()).toBe(1);
    }
  });

  it('holds the lock when the settings row is missing too (it is created), and setup stays closed', async () => {
    const { b } = await twoAdmins();
    await t.ctx.db.orgSettings.deleteMany();
    await applyUpsert(t.ctx, [{ ref: [], id: b.id, data: { email: b.email, name: 'B', role: 'manager' } }]);
    const settings = await t.ctx.db.orgSettings.findUniqueOrThrow({ where: { id: 1 } });
    expect(settings).toMatchObject({ companyName: 'Our company', minGroupSize: 5, setupCompletedAt: null });
    expect(Math.abs(settings.updatedAt.getTime() - Date.now())).toBeLessThan(60_000);
    expect((await new Browser(t.app).agent.get('/setup')).headers.location).toBe('/login');
  });

  it('the bulk API cannot demote every admin in one call either', async () => {
    const { a, b } = await twoAdmins();
    const { token } = await buildApiToken(t.ctx, a.id);
    const res = await request(t.app)
      .post('/api/v1/employees/bulk')
      .set('Authorization', `Bearer ${token}`)
      .send({ employees: [{ email: a.email, name: 'A', role: 'employee' }, { email: b.email, name: 'B', active: false }] });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('no active HR admin');
    expect(await activeAdmins()).toBe(2);
  });
});

describe('API tokens of a former HR admin', () => {
  const api = (token: string) => request(t.app).get('/api/v1/employees').set('Authorization', `Bearer ${token}`);

  it.each([
    ['demoted by the admin form, then promoted again', 'form'],
    ['deactivated, then reactivated', 'deactivate'],
    ['demoted by a CSV import, then promoted again', 'csv'],
    ['demoted by the API, then promoted again', 'api'],
  ])('stay revoked when the admin is %s', async (_name, how) => {
    const { a, b } = await twoAdmins();
    const { token } = await buildApiToken(t.ctx, b.id);
    expect((await api(token)).status).toBe(200);
    const hr = await signedInBrowser(t.app, a.email);
    if (how === 'form') {
      expect((await hr.submit(`/admin/employees/${b.id}`, { name: b.name, email: b.email, role: 'manager', locale: 'en', timeZone: 'UTC' })).status).toBe(303);
    } else if (how === 'deactivate') {
      expect((await hr.submit(`/admin/employees/${b.id}/deactivate`, {}, `/admin/employees/${b.id}`)).status).toBe(303);
    } else if (how === 'csv') {
      const csv = `email,name,role\n${b.email},${b.name},employee\n`;
      expect((await hr.submit('/admin/employees/import/apply', { csv }, '/admin/employees/import')).status).toBe(200);
    } else {
      const { token: aToken } = await buildApiToken(t.ctx, a.id);
      expect((await request(t.app).patch(`/api/v1/employees/${b.id}`).set('Authorization', `Bearer ${aToken}`).send({ role: 'employee' })).status).toBe(200);
    }
    expect((await api(token)).status).toBe(401);
    // Back to HR admin (and active): the old token stays dead; a new one must be made.
    await applyUpsert(t.ctx, [{ ref: [], id: b.id, data: { email: b.email, name: b.name, role: 'hr_admin', active: 'true' } }]);
    expect((await api(token)).status).toBe(401);
    const row = await t.ctx.db.apiToken.findFirstOrThrow({ where: { createdById: b.id } });
    expect(row.revokedAt).not.toBeNull();
  });
});
