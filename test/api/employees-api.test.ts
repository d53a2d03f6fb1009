import request from 'supertest';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { buildApiToken, buildPeople } from '../factories/org';
import { buildEmployee } from '../factories';
import { startSession } from '../../server/domain/auth/sessions.service';

let t: TestApp;
let auth: string;
let people: Awaited<ReturnType<typeof buildPeople>>;
beforeAll(async () => {
  t = await startTestApp();
  people = await buildPeople(t.ctx);
  auth = `Bearer ${(await buildApiToken(t.ctx, people.admin.id)).token}`;
});
afterAll(() => t.close());

const api = {
  get: (path: string) => request(t.app).get(path).set('Authorization', auth),
  post: (path: string, body: unknown) => request(t.app).post(path).set('Authorization', auth).send(body as object),
  patch: (path: string, body: unknown) => request(t.app).patch(path).set('Authorization', auth).send(body as object),
};

describe('/api/v1/employees', () => {
  it('creates by email (201), then updates the same person (200), keeping fields left out', async () => {
    const created = await api.post('/api/v1/employees', { email: 'Dewi@Acme.test', name: 'Dewi', department: 'Sales', team: 'Surabaya', managerEmail: people.manager.email, locale: 'id' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'dewi@acme.test', name: 'Dewi', department: 'Sales', team: 'Surabaya', managerEmail: people.manager.email, locale: 'id', role: 'employee', active: true });
    const updated = await api.post('/api/v1/employees', { email: 'dewi@acme.test', name: 'Dewi Lestari' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ id: created.body.id, name: 'Dewi Lestari', team: 'Surabaya', locale: 'id' });
    expect((await api.get(`/api/v1/employees/${created.body.id}`)).body.name).toBe('Dewi Lestari');
  });

  it('answers 400 with every issue and its path', async () => {
    const res = await api.post('/api/v1/employees', { email: 'nope', name: '', locale: 'fr', startDate: '2025-13-01' });
    expect(res.status).toBe(400);
    expect(res.body.error.id).toBe('validation_failed');
    const paths = res.body.error.issues.map((i: { path: string[] }) => i.path.join('.'));
    expect(paths.sort()).toEqual(['email', 'locale', 'name', 'startDate']);
    expect(res.body.error.issues.find((i: { path: string[] }) => i.path[0] === 'locale').message).toBe('Use en or id');
    const notJson = await request(t.app).post('/api/v1/employees').set('Authorization', auth).set('Content-Type', 'application/json').send('{oops');
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.id).toBe('invalid_body');
  });

  it('patches some fields, refuses an email someone else has, and 404s unknown ids', async () => {
    const p = await buildEmployee(t.ctx.db, { email: 'patch.me@acme.test', name: 'Patch Me' });
    const res = await api.patch(`/api/v1/employees/${p.id}`, { email: 'patched@acme.test', role: 'manager' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ email: 'patched@acme.test', name: 'Patch Me', role: 'manager' });
    const clash = await api.patch(`/api/v1/employees/${p.id}`, { email: people.employee.email });
    expect(clash.status).toBe(400);
    expect(clash.body.error.issues).toEqual([{ path: ['email'], message: 'Someone else already has this email address' }]);
    expect((await api.get('/api/v1/employees/no-such-id')).status).toBe(404);
    expect((await api.patch('/api/v1/employees/no-such-id', { name: 'X' })).status).toBe(404);
  });

  it('deactivating through PATCH ends the person’s sessions', async () => {
    const p = await buildEmployee(t.ctx.db, { email: 'leaving@acme.test' });
    await startSession(t.ctx, p.id);
    expect((await api.patch(`/api/v1/employees/${p.id}`, { active: false })).body.active).toBe(false);
    expect(await t.ctx.db.session.count({ where: { employeeId: p.id } })).toBe(0);
  });

  it('bulk upserts all or nothing, with issues pointing at the bad element', async () => {
    const before = await t.ctx.db.employee.count();
    const bad = await api.post('/api/v1/employees/bulk', { employees: [{ email: 'b1@acme.test', name: 'B1' }, { email: 'b2@acme.test' }, { email: 'B1@acme.test', name: 'Again' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues).toEqual([
      { path: ['employees', 1, 'name'], message: expect.any(String) },
      { path: ['employees', 2, 'email'], message: 'This email is also on employees 0' },
    ]);
    expect(await t.ctx.db.employee.count()).toBe(before);

    const employees = Array.from({ length: 1000 }, (_, i) => ({ email: `bulk${i}@acme.test`, name: `Bulk ${i}`, department: 'Ops', team: `T${i % 10}`, managerEmail: i ? 'bulk0@acme.test' : undefined }));
    const started = Date.now();
    const ok = await api.post('/api/v1/employees/bulk', { employees });
    const ms = Date.now() - started;
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ created: 1000, updated: 0, unchanged: 0 });
    const again = await api.post('/api/v1/employees/bulk', { employees });
    expect(again.body).toEqual({ created: 0, updated: 0, unchanged: 1000 });
    expect(await t.ctx.db.employee.count({ where: { manager: { email: 'bulk0@acme.test' } } })).toBe(999);
    process.stdout.write(`bulk upsert of 1000 new employees took ${ms} ms (${t.ctx.provider})\n`);

    const tooMany = await api.post('/api/v1/employees/bulk', { employees: [...employees, { email: 'x@acme.test', name: 'X' }] });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.issues[0].path).toEqual(['employees']);
  });

  it('pages by cursor and filters by active and team', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await api.get(`/api/v1/employees?limit=300${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(300);
      seen.push(...res.body.data.map((e: { id: string }) => e.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen.length).toBe(await t.ctx.db.employee.count());
    expect(new Set(seen).size).toBe(seen.length);

    const inTeam = await api.get(`/api/v1/employees?teamId=${people.team.id}`);
    expect(inTeam.body.data.map((e: { email: string }) => e.email)).toEqual([people.employee.email]);
    const inactive = await api.get('/api/v1/employees?active=false');
    expect(inactive.body.data.every((e: { active: boolean }) => !e.active)).toBe(true);
    expect(inactive.body.data.length).toBe(await t.ctx.db.employee.count({ where: { active: false } }));
    const badQuery = await api.get('/api/v1/employees?limit=0');
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.error.issues[0].path).toEqual(['limit']);
  });
});

describe('/api/v1/departments and /api/v1/teams', () => {
  it('lists and creates them, refusing duplicates and unknown departments', async () => {
    const d = await api.post('/api/v1/departments', { name: 'Legal' });
    expect(d.status).toBe(201);
    expect((await api.post('/api/v1/departments', { name: 'Legal' })).status).toBe(400);
    const team = await api.post('/api/v1/teams', { name: 'Contracts', department: 'Legal', managerEmail: people.manager.email });
    expect(team.status).toBe(201);
    expect(team.body).toMatchObject({ name: 'Contracts', department: 'Legal', managerEmail: people.manager.email, memberCount: 0 });
    const orphan = await api.post('/api/v1/teams', { name: 'X', department: 'Nope' });
    expect(orphan.body.error.issues).toEqual([{ path: ['department'], message: 'No department has this name' }]);
    expect((await api.get('/api/v1/departments')).body.data.map((x: { name: string }) => x.name)).toContain('Legal');
    expect((await api.get('/api/v1/teams')).body.data.map((x: { name: string }) => x.name)).toContain('Contracts');
  });
});

describe('GET /api/v1/openapi.json', () => {
  it('is public, OpenAPI 3.1, and lists every /api/v1 path of the directory with its schemas', async () => {
    const res = await request(t.app).get('/api/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = JSON.parse(res.text);
    expect(doc.openapi).toBe('3.1.0');
    const ops = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, m]) => Object.keys(m).map((k) => `${k.toUpperCase()} ${p}`));
    expect(ops).toEqual(
      expect.arrayContaining([
        'GET /api/v1/employees',
        'POST /api/v1/employees',
        'GET /api/v1/employees/{id}',
        'PATCH /api/v1/employees/{id}',
        'POST /api/v1/employees/bulk',
        'GET /api/v1/teams',
        'POST /api/v1/teams',
        'GET /api/v1/departments',
        'POST /api/v1/departments',
      ]),
    );
    const post = doc.paths['/api/v1/employees'].post;
    expect(post.requestBody.content['application/json'].schema.required).toEqual(['email', 'name']);
    expect(post.requestBody.content['application/json'].schema.properties.locale.enum).toEqual(['en', 'id']);
    expect(doc.paths['/api/v1/employees'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['limit', 'cursor', 'active', 'teamId']);
    expect(doc.paths['/api/v1/employees/{id}'].get.parameters[0]).toMatchObject({ name: 'id', in: 'path', required: true });
    expect(doc.components.securitySchemes.bearerAuth).toEqual({ type: 'http', scheme: 'bearer' });
    const opIds = Object.values(doc.paths as Record<string, Record<string, { operationId: string }>>).flatMap((m) => Object.values(m).map((o) => o.operationId));
    expect(new Set(opIds).size).toBe(opIds.length);
  });
});
