/**
 * Mailbox mode (no SMTP_URL) puts every personal link where HR admins can read it. HR tried it as an attack:
 * opened people's links to see who had answered, answered for others, signed in as anyone. Now production refuses
 * the mode unless the operator opts in, every results page says confidentiality is weakened, a round's links leave
 * the mailbox when it closes, and sign-in links leave it once they expire.
 */
import { loadConfig, ConfigError } from '../../server/config';
import { Browser, startTestApp, fixedClock, type TestApp } from '../helpers/test-app';
import { signedInBrowser } from '../helpers/sign-in';
import { buildEmployee, buildOrg, buildTeam } from '../factories';
import { openTestRound } from '../rounds/round-helpers';
import { drainOutbox } from '../../server/domain/email/sender.service';
import { closeDueRounds } from '../../server/domain/rounds/close-rounds.service';
import { addResponses, buildRound, same } from '../factories/results';
import { smtpTransport } from '../../server/domain/email/transport';
import { createApp } from '../../server/http/app';

const clock = fixedClock('2026-03-02T09:00:00Z');
let t: TestApp;
beforeEach(async () => {
  clock.set('2026-03-02T09:00:00Z');
  t = await startTestApp({ clock });
});
afterEach(() => t.close());

const SECRET = 'x'.repeat(40);

describe('production without SMTP', () => {
  it('refuses to start, naming SMTP_URL and the explicit opt-in', () => {
    let message = '';
    try {
      loadConfig({ NODE_ENV: 'production', APP_SECRET: SECRET });
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    expect(message).toMatch(/SMTP_URL: required in production/);
    expect(message).toMatch(/MAILBOX_IN_PRODUCTION=true/);
  });

  it('starts when the operator opts in, or when SMTP is set', () => {
    expect(loadConfig({ NODE_ENV: 'production', APP_SECRET: SECRET, MAILBOX_IN_PRODUCTION: 'true' }).MAILBOX_IN_PRODUCTION).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', APP_SECRET: SECRET, SMTP_URL: 'smtp://mail.example.com:587' }).SMTP_URL).toBeDefined();
  });
});

describe('results pages in mailbox mode', () => {
  it('say that confidentiality is weakened; with SMTP they do not', async () => {
    const { admin } = await buildOrg(t.ctx.db);
    const team = await buildTeam(t.ctx.db, { name: 'Alpha' });
    const round = await buildRound(t.ctx.db, { openedAt: new Date('2026-02-02T00:00:00Z') });
    await addResponses(t.ctx.db, round, { teamId: team.id, departmentId: team.departmentId }, same(6, [9]));
    const hr = await signedInBrowser(t.app, admin.email);
    for (const path of ['/results', `/results/rounds/${round.id}`, `/results/teams/${team.id}`]) {
      const res = await hr.agent.get(path);
      expect(res.status).toBe(200);
      expect(res.text).toContain('confidentiality is weakened');
    }
    const withSmtp = createApp({ ...t.ctx, config: { ...t.ctx.config, SMTP_URL: 'smtp://127.0.0.1:1' }, mail: smtpTransport('smtp://127.0.0.1:1', 1) });
    const hr2 = await signedInBrowser(withSmtp, admin.email);
    expect((await hr2.agent.get(`/results/rounds/${round.id}`)).text).not.toContain('confidentiality is weakened');
  });
});

describe('the mailbox forgets personal links', () => {
  it('deletes a round’s invitations and reminders from the mailbox when it closes', async () => {
    const { admin } = await buildOrg(t.ctx.db);
    for (let i = 0; i < 5; i++) await buildEmployee(t.ctx.db);
    const { roundId, links } = await openTestRound(t.ctx, { windowDays: 5 });
    await drainOutbox(t.ctx, t.ctx.mail);
    expect(await t.ctx.db.mailboxMessage.count({ where: { roundId } })).toBe(6);
    const hr = await signedInBrowser(t.app, admin.email);
    const list = await hr.agent.get('/admin/mailbox');
    expect(list.text).toContain('Weekly pulse');

    clock.set('2026-03-07T09:00:01Z');
    await closeDueRounds(t.ctx);
    expect(await t.ctx.db.mailboxMessage.count({ where: { roundId } })).toBe(0);
    const after = await hr.agent.get('/admin/mailbox');
    for (const link of links.values()) expect(after.text).not.toContain(link);
  });

  it('deletes sign-in links once they have expired', async () => {
    await buildOrg(t.ctx.db);
    const person = await buildEmployee(t.ctx.db, { email: 'rina@example.com' });
    expect((await new Browser(t.app).submit('/login/link', { email: person.email }, '/login')).status).toBe(303);
    await drainOutbox(t.ctx, t.ctx.mail);
    expect(await t.ctx.db.mailboxMessage.count({ where: { template: 'login-link', toAddress: person.email } })).toBeGreaterThan(0);
    clock.advance(14 * 60_000);
    await closeDueRounds(t.ctx);
    expect(await t.ctx.db.mailboxMessage.count({ where: { template: 'login-link' } })).toBeGreaterThan(0);
    clock.advance(2 * 60_000);
    await closeDueRounds(t.ctx);
    expect(await t.ctx.db.mailboxMessage.count({ where: { template: 'login-link' } })).toBe(0);
  });
});
