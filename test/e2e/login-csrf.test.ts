/**
 * Issue 10, hole 10, in a real browser: a page on another origin submits the attacker's own sign-in link from
 * the victim's browser (login CSRF). Chromium sends the post as cross-site; Pulse refuses it, the victim stays
 * signed out and the link stays unspent.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildEmployee, buildOrg } from '../factories';
import { issueLoginLink } from '../../server/domain/auth/login-links.service';
import { startE2E, type E2E } from './harness';

let e: E2E;
let evil: http.Server;
let evilUrl: string;
let link: string;
beforeAll(async () => {
  e = await startE2E('login-csrf');
  await buildOrg(e.ctx.db);
  const mallory = await buildEmployee(e.ctx.db, { email: 'mallory@acme.test', name: 'Mallory' });
  link = await issueLoginLink(e.ctx, mallory.id);
  evil = http.createServer((_req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(`<!doctype html><html lang="en"><title>Prize</title><main><form method="post" action="${link}"><button>Claim your prize</button></form></main></html>`);
  });
  await new Promise<void>((r) => evil.listen(0, '127.0.0.2', r));
  evilUrl = `http://127.0.0.2:${(evil.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await new Promise((r) => evil?.close(r));
  await e?.close();
});

describe('a sign-in link posted from another site', () => {
  it('signs nobody in and leaves the link unspent', async () => {
    const victim = await e.page('laptop');
    await victim.goto(evilUrl);
    const [response] = await Promise.all([victim.waitForNavigation(), victim.getByRole('button', { name: 'Claim your prize' }).click()]);
    expect(response?.status()).toBe(403);
    await e.step(victim, 'refused');
    await victim.goto(e.url('/'));
    expect(new URL(victim.url()).pathname).toBe('/login');
    const still = await e.ctx.db.loginToken.findFirstOrThrow({ where: { employee: { email: 'mallory@acme.test' } } });
    expect(still.usedAt).toBeNull();
  });
});
