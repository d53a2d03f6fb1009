/** Every date and time shown carries its zone, and one instant reads the same on the round page, the answer page and in the email. */
import request from 'supertest';
import { formatDateTime } from '../../server/i18n/i18n';
import { drainOutbox } from '../../server/domain/email/sender.service';
import { fixedClock, startTestApp, type TestApp } from '../helpers/test-app';
import { signedInBrowser } from '../helpers/sign-in';
import { buildEmployee, buildOrg } from '../factories';
import { openTestRound } from '../rounds/round-helpers';

describe('formatDateTime', () => {
  const instant = new Date('2026-12-06T12:39:00Z');

  it('names the zone in both languages', () => {
    expect(formatDateTime('en', instant, 'Asia/Jakarta')).toBe('6 Dec 2026, 19:39 GMT+7');
    expect(formatDateTime('id', instant, 'Asia/Jakarta')).toBe('6 Des 2026, 19.39 WIB');
    expect(formatDateTime('en', instant, 'UTC')).toBe('6 Dec 2026, 12:39 UTC');
    expect(formatDateTime('en', instant, 'America/New_York')).toBe('6 Dec 2026, 07:39 GMT-5');
  });

  it('follows daylight saving, and formats an unknown zone in UTC rather than failing', () => {
    expect(formatDateTime('en', new Date('2026-07-06T12:39:00Z'), 'Europe/London')).toBe('6 Jul 2026, 13:39 BST');
    expect(formatDateTime('en', instant, 'Mars/Olympus')).toBe('6 Dec 2026, 12:39 UTC');
  });
});

describe('one instant, one reading', () => {
  const clock = fixedClock('2026-03-02T09:00:00Z');
  let t: TestApp;
  beforeEach(async () => {
    clock.set('2026-03-02T09:00:00Z');
    t = await startTestApp({ clock });
  });
  afterEach(() => t.close());

  it('setup offers a list of zones, UTC chosen, for the script to set to the browser’s', async () => {
    const page = await request(t.app).get('/setup');
    expect(page.status).toBe(200);
    const select = /<select id="timeZone"[^>]*>([\s\S]*?)<\/select>/.exec(page.text);
    expect(select?.[0]).toContain('data-browser-zone');
    expect(select?.[1]).toContain('<option value="UTC" selected>UTC</option>');
    expect(select?.[1]).toContain('<option value="Asia/Jakarta" >Asia/Jakarta</option>');
    expect(page.text).toContain('<script src="/assets/time-zone-default.js" defer></script>');
    expect((await request(t.app).get('/assets/time-zone-default.js')).status).toBe(200);
  });

  it('the round page, the answer page and the invitation show the close in the same words', async () => {
    const { admin } = await buildOrg(t.ctx.db);
    await t.ctx.db.employee.update({ where: { id: admin.id }, data: { timeZone: 'Asia/Jakarta' } });
    const person = await buildEmployee(t.ctx.db, { email: 'ani@example.com', timeZone: 'Asia/Jakarta' });
    const { roundId, links } = await openTestRound(t.ctx, { windowDays: 5 });
    const round = await t.ctx.db.round.findUniqueOrThrow({ where: { id: roundId } });
    const closes = formatDateTime('en', round.closesAt, 'Asia/Jakarta');
    expect(closes).toBe('7 Mar 2026, 16:00 GMT+7');

    const hr = await signedInBrowser(t.app, admin.email);
    expect((await hr.agent.get(`/admin/rounds/${roundId}`)).text).toContain(closes);
    expect((await hr.agent.get(links.get(person.id)!)).text).toContain(closes);
    await drainOutbox(t.ctx, t.ctx.mail);
    const email = await t.ctx.db.mailboxMessage.findFirstOrThrow({ where: { toAddress: 'ani@example.com' } });
    expect(email.text).toContain(closes);
    expect(email.html).toContain(closes);
  });
});
