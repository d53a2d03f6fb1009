import request from 'supertest';
import { startTestApp, fixedClock, type TestApp } from '../helpers/test-app';
import { signedInBrowser } from '../helpers/sign-in';
import { buildPeople } from '../factories/org';
import { hashToken } from '../../server/secrets';

let t: TestApp;
const clock = fixedClock('2026-03-02T08:00:00Z');
beforeEach(async () => {
  t = await startTestApp({ clock });
});
afterEach(() => t.close());

const call = (token: string) => request(t.app).get('/api/v1/employees').set('Authorization', `Bearer ${token}`);

describe('API tokens', () => {
  it('are shown once, stored hashed, record their last use at most once a minute, and stop working when revoked', async () => {
    const { admin } = await buildPeople(t.ctx);
    const hr = await signedInBrowser(t.app, admin.email);
    expect((await hr.agent.get('/admin/api-tokens')).text).toContain('No API tokens yet');

    const created = await hr.submit('/admin/api-tokens', { name: 'HRIS sync' }, '/admin/api-tokens');
    expect(created.status).toBe(200);
    expect(created.headers['cache-control']).toBe('no-store');
    const token = /id="new-token" value="([^"]+)"/.exec(created.text)?.[1] as string;
    expect(token).toMatch(/^pulse_[A-Za-z0-9_-]{43}$/);
    const row = await t.ctx.db.apiToken.findFirstOrThrow({ where: { name: 'HRIS sync' } });
    expect(row.tokenHash).toBe(hashToken(token));
    expect(row.prefix).toBe(token.slice(0, 12));
    expect(row.lastUsedAt).toBeNull();
    const list = await hr.agent.get('/admin/api-tokens');
    expect(list.text).not.toContain(token);
    expect(list.text).toContain(`${row.prefix}…`);
    expect(list.text).toContain('Never');

    expect((await call(token)).status).toBe(200);
    const used = await t.ctx.db.apiToken.findUniqueOrThrow({ where: { id: row.id } });
    expect(used.lastUsedAt?.toISOString()).toBe('2026-03-02T08:00:00.000Z');
    clock.advance(30_000);
    await call(token);
    expect((await t.ctx.db.apiToken.findUniqueOrThrow({ where: { id: row.id } })).lastUsedAt?.toISOString()).toBe('2026-03-02T08:00:00.000Z');
    clock.advance(31_000);
    await call(token);
    expect((await t.ctx.db.apiToken.findUniqueOrThrow({ where: { id: row.id } })).lastUsedAt?.toISOString()).toBe('2026-03-02T08:01:01.000Z');
    expect((await hr.agent.get('/admin/api-tokens')).text).not.toContain('Never');

    const revoked = await hr.submit(`/admin/api-tokens/${row.id}/revoke`, {}, '/admin/api-tokens');
    expect(revoked.status).toBe(303);
    const refused = await call(token);
    expect(refused.status).toBe(401);
    expect(refused.headers['www-authenticate']).toBe('Bearer');
    expect(refused.body).toEqual({ error: { id: 'unauthorized', message: 'This API token is not valid or has been revoked' } });
  });

  it('refuses missing, malformed and unknown tokens with 401 JSON', async () => {
    await buildPeople(t.ctx);
    for (const auth of [undefined, 'Basic abc', 'Bearer', 'Bearer pulse_unknown', `Bearer ${'x'.repeat(500)}`]) {
      const req = request(t.app).get('/api/v1/employees');
      const res = await (auth ? req.set('Authorization', auth) : req);
      expect(res.status).toBe(401);
      expect(res.body.error.id).toBe('unauthorized');
    }
  });

  it('stop working when their creator is no longer an active HR admin', async () => {
    const { admin } = await buildPeople(t.ctx);
    const hr = await signedInBrowser(t.app, admin.email);
    const token = /id="new-token" value="([^"]+)"/.exec((await hr.submit('/admin/api-tokens', { name: 'Sync' }, '/admin/api-tokens')).text)?.[1] as string;
    expect((await call(token)).status).toBe(200);
    await t.ctx.db.employee.update({ where: { id: admin.id }, data: { role: 'manager' } });
    expect((await call(token)).status).toBe(401);
  });

  it('need a name', async () => {
    const { admin } = await buildPeople(t.ctx);
    const hr = await signedInBrowser(t.app, admin.email);
    const res = await hr.submit('/admin/api-tokens', { name: '  ' }, '/admin/api-tokens');
    expect(res.status).toBe(400);
    expect(res.text).toContain('id="name-error"');
    expect(await t.ctx.db.apiToken.count()).toBe(0);
  });
});
