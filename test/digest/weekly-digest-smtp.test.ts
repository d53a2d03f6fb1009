/**
 * The weekly digest at a real SMTP server: each manager's at their local Monday morning (the directory's zone), in
 * their language, with the eNPS move, the off-track KPI, the overdue 1:1 and the open action items their team page
 * shows; once per manager per week with two instances ticking at once and after a restart; off in one click from
 * a signed link without signing in (opening the link changes nothing).
 */
import { Browser, fixedClock, startTestApp, testContext, type TestApp } from '../helpers/test-app';
import { startSmtpServer, type ReceivedMail, type TestSmtp } from '../helpers/smtp-server';
import { smtpTransport, type MailTransport } from '../../server/domain/email/transport';
import { drainOutbox } from '../../server/domain/email/sender.service';
import { openDatabase } from '../../server/db/client';
import { buildOrg } from '../factories';
import { buildPair, buildSeries } from '../factories/one-on-ones';
import { addResponses, buildRound, same } from '../factories/results';
import { enableKpis, setTarget, writeValues } from '../factories/kpis';
import { queueDueDigests } from '../../server/domain/digest/digest.service';
import { digestWeekDue } from '../../server/domain/digest/digest-time';
import { addActionItem } from '../../server/domain/one-on-ones/action-items.service';
import { meetingsOf } from '../factories/one-on-ones';

// 20 February 2026: the pairs are set up; their 1:1s are never held, so they are overdue by Monday 23 March.
const clock = fixedClock('2026-02-20T12:00:00Z');
let t: TestApp;
let smtp: TestSmtp;
let transport: MailTransport;
const people = {} as Record<'jakarta' | 'berlin', Awaited<ReturnType<typeof buildPair>>>;

beforeAll(async () => {
  t = await startTestApp({ clock });
  const { admin } = await buildOrg(t.ctx.db);
  smtp = await startSmtpServer();
  transport = smtpTransport(smtp.url, 2);
  people.jakarta = await buildPair(t.ctx, { managerZone: 'Asia/Jakarta', teamName: 'Jakarta Sales' });
  people.berlin = await buildPair(t.ctx, { managerZone: 'Europe/Berlin', teamName: 'Berlin Sales' });
  await t.ctx.db.employee.update({ where: { id: people.jakarta.manager.id }, data: { locale: 'id' } });
  // The Jakarta team's eNPS falls from +100 to -50 (6 answers each round); Berlin's stays at +100.
  const first = await buildRound(t.ctx.db, { openedAt: new Date('2026-02-02T02:00:00Z'), questions: [{ kind: 'enps' }] });
  const second = await buildRound(t.ctx.db, { openedAt: new Date('2026-02-16T02:00:00Z'), questions: [{ kind: 'enps' }] });
  for (const p of Object.values(people)) await addResponses(t.ctx.db, first, { teamId: p.team.id, departmentId: p.team.departmentId }, same(6, [10]));
  await addResponses(t.ctx.db, second, { teamId: people.jakarta.team.id, departmentId: people.jakarta.team.departmentId }, [...same(3, [2]), ...same(3, [8])]);
  await addResponses(t.ctx.db, second, { teamId: people.berlin.team.id, departmentId: people.berlin.team.departmentId }, same(6, [10]));
  // Both teams are far behind their March deal target (off track by the 23rd).
  const [volume] = await enableKpis(t.ctx, ['sales_volume']);
  for (const p of Object.values(people)) {
    await writeValues(t.ctx, [{ email: p.report.email, measure: 'deals_won', period: '2026-03', value: 1 }]);
    await setTarget(t.ctx, { kpiId: volume.id, ownerKind: 'team', ownerId: p.team.id, periodKind: 'month', periodStart: '2026-03-01', value: '500', by: admin.id });
  }
  const s = await buildSeries(t.ctx, people.jakarta.manager.id, people.jakarta.report.id, { startDate: '2026-02-20', timeZone: 'Asia/Jakarta' });
  await buildSeries(t.ctx, people.berlin.manager.id, people.berlin.report.id, { startDate: '2026-02-20' });
  const [m] = await meetingsOf(t.ctx, s.id);
  await addActionItem(t.ctx, people.jakarta.manager.id, m.id, { text: 'Send the pricing sheet', ownerId: people.jakarta.report.id, dueDate: null });
  await drainOutbox(t.ctx, transport, { ratePerSecond: 1000 }); // the series' calendar invitations
}, 60_000);
afterAll(async () => {
  transport.close();
  await smtp.close();
  await t.close();
});

async function deliver(): Promise<ReceivedMail[]> {
  const before = smtp.received.length;
  await drainOutbox(t.ctx, transport, { ratePerSecond: 1000 });
  return smtp.received.slice(before);
}

it('is due from 07:00 on the local Monday to the end of that ISO week', () => {
  expect(digestWeekDue(new Date('2026-03-09T00:00:00Z'), 'Asia/Jakarta')).toBe('2026-W11'); // 07:00 Monday
  expect(digestWeekDue(new Date('2026-03-08T23:59:00Z'), 'Asia/Jakarta')).toBeNull(); // 06:59
  expect(digestWeekDue(new Date('2026-03-09T05:59:00Z'), 'Europe/Berlin')).toBeNull(); // 06:59 Berlin
  expect(digestWeekDue(new Date('2026-03-09T17:00:00Z'), 'Asia/Jakarta')).toBe('2026-W11'); // already Tuesday there: same week
  expect(digestWeekDue(new Date('2026-03-15T16:59:00Z'), 'Asia/Jakarta')).toBe('2026-W11'); // Sunday 23:59 there
  expect(digestWeekDue(new Date('2026-03-15T17:00:00Z'), 'Asia/Jakarta')).toBeNull(); // Monday 00:00 of the next week
  expect(digestWeekDue(new Date('2026-03-16T00:00:00Z'), 'Asia/Jakarta')).toBe('2026-W12');
  expect(digestWeekDue(new Date('2026-03-09T07:00:00Z'), 'Not/AZone')).toBe('2026-W11'); // unknown zone: UTC
});

const utf8 = (m: ReceivedMail) => Buffer.from(m.raw, 'latin1').toString('utf8');

it('reaches each manager at their Monday morning, in their language, with what their team page shows', async () => {
  clock.set('2026-03-23T00:30:00Z'); // 07:30 in Jakarta, 01:30 in Berlin
  expect(await queueDueDigests(t.ctx)).toMatchObject({ queued: 1 });
  const [jakarta, ...rest] = await deliver();
  expect(rest).toEqual([]);
  expect(jakarta.to).toEqual([people.jakarta.manager.email]);
  expect(jakarta.subject).toBe('Tim Anda minggu ini (2026-W13)');
  expect(utf8(jakarta)).toContain('Jakarta Sales: −50 (−150 sejak putaran sebelumnya)');
  expect(utf8(jakarta)).toContain('Jakarta Sales: Volume penjualan keluar jalur');
  expect(utf8(jakarta)).toContain(people.jakarta.report.name);
  expect(utf8(jakarta)).toContain('1 tindak lanjut terbuka');
  expect(utf8(jakarta)).not.toContain('pricing sheet');

  clock.set('2026-03-23T06:30:00Z'); // 07:30 in Berlin
  const second = await openDatabase(t.database.url, 5);
  try {
    const other = testContext({ ...t.database, db: second.db, provider: second.provider }, { clock });
    const [a, b] = await Promise.all([queueDueDigests(t.ctx), queueDueDigests(other)]);
    expect(a.queued + b.queued).toBe(1);
    // A restarted instance later that Monday finds both claimed.
    clock.set('2026-03-23T09:00:00Z');
    const restarted = testContext({ ...t.database, db: second.db, provider: second.provider }, { clock });
    expect(await queueDueDigests(restarted)).toMatchObject({ queued: 0 });
  } finally {
    await second.close();
  }
  const [berlin, ...more] = await deliver();
  expect(more).toEqual([]);
  expect(berlin.to).toEqual([people.berlin.manager.email]);
  expect(berlin.subject).toBe('Your team this week (2026-W13)');
  expect(utf8(berlin)).not.toContain('eNPS moved');
  expect(utf8(berlin)).toContain('Berlin Sales: Sales volume is off track');
  expect(await t.ctx.db.digestClaim.count()).toBe(2);
});

it('turns off in one click from the signed link, without signing in; opening the link changes nothing', async () => {
  const berlin = smtp.lastTo(people.berlin.manager.email)!;
  const link = /http:\/\/pulse\.test(\/digest\/off\/[^\s"<>]+)/.exec(berlin.raw)![1];
  const browser = new Browser(t.app);
  const page = await browser.agent.get(link);
  expect(page.status).toBe(200);
  expect(page.headers['referrer-policy']).toBe('no-referrer');
  expect(await t.ctx.db.digestOptOut.count()).toBe(0);
  const forged = link.replace(/\/[^/]+$/, '/' + 'x'.repeat(43));
  expect((await browser.agent.get(forged)).status).toBe(404);
  const other = link.replace(people.berlin.manager.id, people.jakarta.manager.id);
  expect((await browser.agent.get(other)).status).toBe(404);
  const res = await browser.submit(link, {}, link);
  expect(res.status).toBe(200);
  expect(await t.ctx.db.digestOptOut.findMany({ select: { employeeId: true } })).toEqual([{ employeeId: people.berlin.manager.id }]);

  clock.set('2026-03-30T07:30:00Z'); // the next Monday, after 07:00 everywhere
  await queueDueDigests(t.ctx);
  const next = await deliver();
  expect(next.map((m) => m.to[0])).toEqual([people.jakarta.manager.email]);
  expect(next[0].subject).toBe('Tim Anda minggu ini (2026-W14)');
});

it('catches up a Monday the servers slept through on their first tick later that week, once', async () => {
  // Nothing ran on Monday 6 April (W15); the servers come back on Tuesday afternoon.
  clock.set('2026-04-07T08:00:00Z');
  const tick = await queueDueDigests(t.ctx);
  expect(tick.queued).toBe(1);
  const late = await deliver();
  expect(late.map((m) => m.to[0])).toEqual([people.jakarta.manager.email]);
  expect(late[0].subject).toBe('Tim Anda minggu ini (2026-W15)');
  // Later that week, another tick or instance sends nothing more; the next Monday is the next week's.
  clock.set('2026-04-09T10:00:00Z');
  expect(await queueDueDigests(t.ctx)).toMatchObject({ queued: 0 });
  expect(await deliver()).toEqual([]);
  clock.set('2026-04-13T00:10:00Z'); // 07:10 Monday in Jakarta
  expect(await queueDueDigests(t.ctx)).toMatchObject({ queued: 1 });
  expect((await deliver())[0].subject).toBe('Tim Anda minggu ini (2026-W16)');
});
