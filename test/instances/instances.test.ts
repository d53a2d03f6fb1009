/**
 * Three Pulse instances (real server processes, jobs on) on ONE PostgreSQL database, behind a round-robin proxy
 * written here, sending to a real SMTP server in this process. What must behave as with one instance:
 * sign-in sessions and sign-out, CSRF tokens, the password failure limit, reminders, a schedule firing once per
 * slot (all three tick at the same moments), every email once. Then mixed traffic (answers, pages, API pushes
 * read back from another instance) for LOAD_MS with 0 errors, while each instance's heap (after a full GC) is
 * sampled: over the last third of the load it must grow less than HEAP_GROWTH_BOUND_MB.
 * `npm run test:instances` (PostgreSQL: TEST_DATABASE_URL, or the local server on 5432).
 */
import { testContext } from '../helpers/test-app';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db';
import { startSmtpServer, type TestSmtp } from '../helpers/smtp-server';
import { TEST_PASSWORD } from '../helpers/sign-in';
import type { AppContext } from '../../server/context';
import { buildEmployee, buildOrg, buildTeam } from '../factories';
import { buildApiToken } from '../factories/org';
import { enableKpis } from '../factories/kpis';
import { buildSchedule, buildSurvey } from '../factories/surveys';
import { openTestRound } from '../rounds/round-helpers';
import { reminderTimes } from '../../server/domain/surveys/schedule-times';
import { messageIdFor } from '../../server/domain/email/sender.service';
import { startInstance, startProxy, WebClient, type Instance, type Proxy } from './cluster';
import { tally, until } from '../faults/fault-helpers';

const INSTANCES = 3;
const PEOPLE = 150;
const LOAD_MS = Number(process.env.LOAD_MS ?? 75_000);
/** Heap growth allowed over the last third of the load, per instance (after a full GC before each sample). */
const HEAP_GROWTH_BOUND_MB = 8;
const FORM = { q1: '9', q2: '4', q3: '1', q4: '2', q5: 'More focus time' };

let database: TestDatabase;
let ctx: AppContext;
let smtp: TestSmtp;
let proxy: Proxy;
const ports: number[] = [];
const instances: Instance[] = [];

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const kickAll = (job: string) => instances.forEach((i) => i.kick(job));

beforeAll(async () => {
  if (!process.env.TEST_DATABASE_URL) throw new Error('the several-instances test runs on PostgreSQL: set TEST_DATABASE_URL (npm run test:instances does)');
  smtp = await startSmtpServer();
  database = await createTestDatabase();
  ctx = testContext(database);
  proxy = await startProxy(ports);
});
afterAll(async () => {
  for (const i of instances) if (i.child.exitCode === null) i.child.kill('SIGTERM');
  await Promise.all(instances.map((i) => (i.child.exitCode === null ? new Promise((r) => i.child.once('exit', r)) : undefined)));
  await proxy?.close();
  await smtp?.close();
  await database?.destroy();
});

it(`${INSTANCES} instances on one PostgreSQL database behave as one, and hold ${LOAD_MS / 1000} s of mixed traffic`, async () => {
  // The organisation: an HR admin, 150 people, a person whose password will be guessed, KPIs, an API token.
  const { admin } = await buildOrg(ctx.db, { adminPassword: TEST_PASSWORD });
  const team = await buildTeam(ctx.db, { name: 'North' });
  for (let i = 0; i < PEOPLE; i++) await buildEmployee(ctx.db, { teamId: team.id, email: `rep${i}@acme.test` });
  await buildEmployee(ctx.db, { teamId: team.id, email: 'guessed@acme.test', password: TEST_PASSWORD });
  await enableKpis(ctx, ['leads_generated']);
  const { token: apiToken } = await buildApiToken(ctx, admin.id, 'CRM sync');
  const everyone = (await ctx.db.employee.findMany({ where: { active: true }, select: { email: true } })).map((e) => e.email.toLowerCase());

  // A one-off round opened three days ago whose only reminder is now due, and a weekly schedule whose slot is now.
  const oneOff = await openTestRound(ctx, { reminderCount: 1 });
  const now = Date.now();
  await ctx.db.round.update({ where: { id: oneOff.roundId }, data: { openedAt: new Date(now - 3 * 86_400_000), closesAt: new Date(now + 2 * 86_400_000) } });
  const shifted = await ctx.db.round.findUniqueOrThrow({ where: { id: oneOff.roundId } });
  expect(reminderTimes(shifted.openedAt, shifted.closesAt, 1, 'UTC')[0].getTime()).toBeLessThan(now);
  const survey = await buildSurvey(ctx.db, { title: 'Weekly pulse' });
  const schedule = await buildSchedule(ctx.db, survey.id, { nextRunAt: new Date(now - 1_000) });
  const oneOffInvites = (await ctx.db.outboxEmail.findMany({ where: { roundId: oneOff.roundId }, select: { id: true } })).map((r) => messageIdFor(r.id));

  // Three instances, each its own process with its own jobs, all behind the proxy.
  for (let n = 0; n < INSTANCES; n++) {
    const instance = await startInstance(n, {
      DATABASE_URL: database.url,
      BASE_URL: proxy.url,
      SMTP_URL: smtp.url,
      MAIL_RATE_PER_SECOND: '200',
      JOBS_ENABLED: 'true',
      DATABASE_POOL_SIZE: '5',
    });
    instances.push(instance);
    ports.push(instance.port);
  }

  // The three tick at the same moments (their cron ticks too, every minute on the minute).
  for (let k = 0; k < 3; k++) {
    kickAll('open-rounds');
    kickAll('send-reminders');
    await wait(300);
  }
  await until('the scheduled round to open', async () => (await ctx.db.round.count({ where: { scheduleId: schedule.id } })) > 0, 60_000, 200);
  for (let k = 0; k < 3; k++) {
    kickAll('open-rounds');
    kickAll('send-reminders');
    kickAll('send-emails');
    await wait(300);
  }

  // Sessions: signed in through one instance, the session works on every instance, and sign-out ends it on all.
  const browser = new WebClient(proxy.url);
  const login = await browser.csrf('/login');
  const signIn = await browser.request('POST', '/login/password', { form: { email: 'guessed@acme.test', password: TEST_PASSWORD, _csrf: login.token } });
  expect(signIn.status).toBe(303);
  expect(signIn.instance).not.toBe(login.instance); // CSRF token made by one instance, accepted by another
  const signedIn = await Promise.all([0, 1, 2].map(() => browser.get('/')));
  expect(signedIn.map((r) => r.status)).toEqual([200, 200, 200]);
  expect(new Set(signedIn.map((r) => r.instance)).size).toBe(INSTANCES);
  const kept = browser.cookieJar(); // the session cookie, as a second tab or a stolen copy would keep it
  const out = await browser.csrf('/');
  expect((await browser.request('POST', '/logout', { form: { _csrf: out.token } })).status).toBe(303);
  browser.useCookies(kept);
  const afterOut = await Promise.all([0, 1, 2].map(() => browser.get('/')));
  expect(afterOut.map((r) => [r.status, r.location])).toEqual([0, 1, 2].map(() => [303, expect.stringContaining('/login')]));

  // CSRF: a wrong token is refused by every instance.
  const stranger = new WebClient(proxy.url);
  await stranger.csrf('/login');
  const forged = await Promise.all([0, 1, 2].map(() => stranger.request('POST', '/login/password', { form: { email: 'guessed@acme.test', password: TEST_PASSWORD, _csrf: 'x'.repeat(43) } })));
  expect(forged.map((r) => r.status)).toEqual([403, 403, 403]);
  expect(new Set(forged.map((r) => r.instance)).size).toBe(INSTANCES);

  // The password failure limit counts across instances: 10 wrong passwords spread over the three, then refused.
  const guesser = new WebClient(proxy.url);
  const guess = async (password: string) => {
    const { token } = await guesser.csrf('/login');
    return guesser.request('POST', '/login/password', { form: { email: 'guessed@acme.test', password, _csrf: token } });
  };
  const wrong = [];
  for (let k = 0; k < 10; k++) wrong.push(await guess(`wrong guess ${k}`));
  expect(wrong.map((r) => r.status)).toEqual(Array(10).fill(401));
  expect(new Set(wrong.map((r) => r.instance)).size).toBe(INSTANCES);
  const limited = [];
  for (let k = 0; k < 3; k++) limited.push(await guess(k === 2 ? TEST_PASSWORD : `wrong guess ${10 + k}`));
  expect(limited.map((r) => r.status)).toEqual([429, 429, 429]);
  expect(new Set(limited.map((r) => r.instance)).size).toBe(INSTANCES);

  // Mixed traffic: answers to the scheduled round, HR's pages, API pushes read back through another instance.
  const [scheduled] = await ctx.db.round.findMany({ where: { scheduleId: schedule.id } });
  const links = (await ctx.db.invitation.findMany({ where: { roundId: scheduled.id }, select: { tokenCipher: true } })).map((i) => `/s/${ctx.keyring.open(i.tokenCipher as string)}`);
  expect(links).toHaveLength(everyone.length);
  const hr = new WebClient(proxy.url);
  const hrLogin = await hr.csrf('/login');
  const adminEmail = (await ctx.db.employee.findUniqueOrThrow({ where: { id: admin.id } })).email;
  expect((await hr.request('POST', '/login/password', { form: { email: adminEmail, password: TEST_PASSWORD, _csrf: hrLogin.token } })).status).toBe(303);

  const errors: string[] = [];
  const counts = { answers: 0, again: 0, pages: 0, pushes: 0, reads: 0, stale: 0 };
  const acknowledged: string[] = [];
  const check = (what: string, status: number, expected: number) => {
    if (status !== expected) errors.push(`${what}: ${status}`);
    return status === expected;
  };
  const loadStart = Date.now();
  const loadEnd = loadStart + LOAD_MS;
  const anon = new WebClient(proxy.url);
  // Answer k is due at an even share of 85% of the load; two people answer at a time, so a slow reply delays no one.
  let nextLink = 0;
  const answering = Array.from({ length: 2 }, async () => {
    for (let k = nextLink++; k < links.length && Date.now() < loadEnd; k = nextLink++) {
      const due = loadStart + (k * LOAD_MS * 0.85) / links.length;
      if (due > Date.now()) await wait(due - Date.now());
      const link = links[k];
      if (check(`answer ${k}`, (await anon.request('POST', link, { form: FORM })).status, 200)) acknowledged.push(link);
      counts.answers += 1;
      if (k % 10 === 9) {
        // A second press of "send", served by another instance: told it was already answered.
        check(`answer ${k} again`, (await anon.request('POST', link, { form: FORM })).status, 409);
        counts.again += 1;
      }
    }
  });
  const scorecard = await hr.get('/kpis'); // HR's home scorecard
  expect(scorecard.status).toBe(303);
  const pages = [`/`, `/admin/rounds/${scheduled.id}`, `/results`, scorecard.location as string, `/admin/employees`, `/admin/rounds/${oneOff.roundId}`, '/kpis/definitions'];
  const browsing = Array.from({ length: 2 }, async (_, w) => {
    for (let k = w; Date.now() < loadEnd; k++) {
      const path = pages[k % pages.length];
      check(`GET ${path}`, (await hr.get(path)).status, 200);
      counts.pages += 1;
      await wait(50);
    }
  });
  const api = new WebClient(proxy.url);
  const bearer = { authorization: `Bearer ${apiToken}` };
  const pushing = (async () => {
    const leads = new Map<string, number>();
    for (let k = 0; Date.now() < loadEnd; k++) {
      const email = `rep${k % 40}@acme.test`;
      const value = (k * 7) % 50;
      const res = await api.request('POST', '/api/v1/kpi-values', { json: { values: [{ email, measure: 'leads', period: '2026-11', value }] }, headers: bearer });
      counts.pushes += 1;
      if (!check(`push ${k}`, res.status, 200)) continue;
      leads.set(email, value);
      // Read back through the next instance: the company total must already include the push.
      const read = await api.request('GET', '/api/v1/kpi-scorecard?period=2026-11', { headers: bearer });
      counts.reads += 1;
      if (!check(`scorecard ${k}`, read.status, 200)) continue;
      const row = (JSON.parse(read.text) as { kpis: { key: string; value: string | null }[] }).kpis.find((r) => r.key === 'leads_generated');
      const total = [...leads.values()].reduce((a, b) => a + b, 0);
      if (Number(row?.value ?? 0) !== total) counts.stale += 1;
      await wait(100);
    }
  })();
  await Promise.all([...answering, ...browsing, pushing]);
  const loadMs = Date.now() - loadStart;

  // Every email once: all queued rows sent, each Message-ID delivered once.
  kickAll('send-emails');
  await until('the outbox to drain', async () => (await ctx.db.outboxEmail.count({ where: { status: { in: ['pending', 'sending'] } } })) === 0, 90_000, 500);
  const rows = await ctx.db.outboxEmail.findMany({ select: { id: true, template: true, roundId: true, status: true } });
  const ofRound = (roundId: string, template: string) => new Set(rows.filter((r) => r.roundId === roundId && r.template === template).map((r) => messageIdFor(r.id)));
  const delivered = (ids: Set<string>) => smtp.received.filter((m) => ids.has(m.messageId));
  const expectedOnce = { expected: everyone.length, sent: everyone.length, duplicated: 0, lost: 0 };
  expect(tally('3 instances: scheduled round invitations', delivered(ofRound(scheduled.id, 'survey-invite')), everyone)).toEqual(expectedOnce);
  expect(tally('3 instances: one-off round invitations', delivered(new Set(oneOffInvites)), everyone)).toEqual(expectedOnce);
  expect(tally('3 instances: reminders', delivered(ofRound(oneOff.roundId, 'survey-reminder')), everyone)).toEqual(expectedOnce);
  const all = tally('3 instances: every email', smtp.received, everyone);
  expect(all.duplicated).toBe(0);
  expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
  expect(smtp.received).toHaveLength(rows.length);

  // A schedule fires once per slot; the reminder went out once.
  expect(await ctx.db.round.count({ where: { scheduleId: schedule.id } })).toBe(1);
  expect((await ctx.db.round.findUniqueOrThrow({ where: { id: oneOff.roundId } })).remindersDone).toBe(1);
  // Every acknowledged answer is stored, once.
  const answered = await ctx.db.invitation.count({ where: { roundId: scheduled.id, answered: true } });
  expect(answered).toBe(acknowledged.length);
  expect((await ctx.db.round.findUniqueOrThrow({ where: { id: scheduled.id } })).respondedCount).toBe(acknowledged.length);

  process.stdout.write(
    `[instances] ${loadMs} ms of load: ${counts.answers} answers (+${counts.again} repeats), ${counts.pages} pages, ${counts.pushes} API pushes, ${counts.reads} read-backs (${counts.stale} stale), ${errors.length} errors, ${proxy.failures.length} proxy failures\n`,
  );
  expect(errors).toEqual([]);
  expect(proxy.failures).toEqual([]);
  expect(counts.stale).toBe(0);
  expect(acknowledged.length).toBeGreaterThan(PEOPLE * 0.9);

  // Memory: over the last third of the load, each instance's live heap stops growing.
  const mb = (b: number) => b / 1_048_576;
  for (const instance of instances) {
    const during = instance.memory.filter((s) => s.at >= loadStart && s.at <= loadStart + loadMs);
    const lastThird = during.filter((s) => s.at >= loadStart + (loadMs * 2) / 3);
    expect(lastThird.length).toBeGreaterThanOrEqual(5);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const head = median(lastThird.slice(0, 3).map((s) => s.heapUsed));
    const tail = median(lastThird.slice(-3).map((s) => s.heapUsed));
    const growth = mb(tail - head);
    process.stdout.write(
      `[instances] instance ${instance.n}: heap ${mb(during[0].heapUsed).toFixed(1)} → ${mb(during[during.length - 1].heapUsed).toFixed(1)} MB, ` +
        `rss ${mb(during[0].rss).toFixed(1)} → ${mb(during[during.length - 1].rss).toFixed(1)} MB, last-third heap growth ${growth.toFixed(2)} MB (bound ${HEAP_GROWTH_BOUND_MB})\n`,
    );
    expect(growth).toBeLessThan(HEAP_GROWTH_BOUND_MB);
  }
});
