/**
 * Issue 10, hole 9: Express routes ignore case, so `/Login/Link/<token>` signs in like `/login/link/<token>`,
 * and the request log printed such URLs in full. Every way a token can sit in a URL is sent here, and the
 * captured log (every line the app wrote) is searched for the tokens.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import request from 'supertest';
import { createApp } from '../../server/http/app';
import { redactUrl } from '../../server/http/redact-url';
import { startTestApp, type TestApp } from '../helpers/test-app';
import { buildEmployee, buildOrg } from '../factories';
import { issueLoginLink } from '../../server/domain/auth/login-links.service';

let t: TestApp;
afterEach(() => t.close());

function capturedApp(ctx: TestApp['ctx']) {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const app = createApp({ ...ctx, logger: pino({ level: 'debug', base: { app: 'pulse' } }, sink) });
  return { app, log: () => lines.join('') };
}

describe('tokens in logged URLs', () => {
  it('never reach the log, whatever the case of the path or where the token sits', async () => {
    t = await startTestApp();
    await buildOrg(t.ctx.db);
    const person = await buildEmployee(t.ctx.db, { email: 'case@acme.test' });
    const { app, log } = capturedApp(t.ctx);
    const signIn = (await issueLoginLink(t.ctx, person.id)).split('/login/link/')[1];
    const answer = 'A'.repeat(20) + 'b'.repeat(23);
    const api = `pulse_${'Z'.repeat(43)}`;
    // The mixed-case path is a working sign-in link page: the case really does not matter to the router.
    expect((await request(app).get(`/Login/Link/${signIn}`)).status).toBe(200);
    for (const path of [
      `/LOGIN/LINK/${signIn}`,
      `/login/LINK/${signIn}?utm=1`,
      `/S/${answer}`,
      `/s/${answer}/`,
      `/login?next=/s/${answer}`,
      `/login?next=%2Fs%2F${answer}`,
      `/nowhere/${signIn}`,
    ]) {
      await request(app).get(path);
    }
    await request(app).post(`/Login/Link/${signIn}`).set('Origin', 'https://evil.example');
    await request(app).get('/api/v1/employees').set('Authorization', `Bearer ${api}`);
    const written = log();
    expect(written).toContain('"url":"/Login/Link/[token]"');
    for (const token of [signIn, answer, api.slice(6)]) expect(written).not.toContain(token);
  });

  it('keeps ids that logs need for tracing (UUIDs)', () => {
    const id = '0b3c2a59-8a4f-4b8e-9d62-2a5f0f7d1c3e';
    expect(redactUrl(`/admin/employees/${id}?saved=1`)).toBe(`/admin/employees/${id}?saved=1`);
    expect(redactUrl(`/S/abc/x`)).toBe('/S/[token]/x');
  });
});
