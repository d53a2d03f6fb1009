/**
 * A manager sets up a 1:1 on a laptop; the report opens the meeting from the invitation email on a phone and
 * works on it during the meeting: adds a talking point, writes a private note, ticks the point off, records
 * an action item. Screenshots and axe at both widths, and no sideways scrolling on the phone.
 */
import { buildDepartment, buildEmployee, buildOrg, buildTeam } from '../factories';
import { TEST_PASSWORD } from '../helpers/sign-in';
import { calendarPart } from '../helpers/mime';
import { linkIn, signInWithPassword, startE2E, type E2E } from './harness';

let e: E2E;
beforeAll(async () => {
  e = await startE2E('one-on-one-meeting');
  const db = e.ctx.db;
  await buildOrg(db, { companyName: 'Acme Sales' });
  const maya = await buildEmployee(db, { role: 'manager', email: 'maya@acme.test', name: 'Maya Sari', password: TEST_PASSWORD, timeZone: 'Asia/Jakarta' });
  const sales = await buildDepartment(db, { name: 'Sales' });
  const team = await buildTeam(db, { name: 'Field Sales', departmentId: sales.id, managerId: maya.id });
  await db.employee.update({ where: { id: maya.id }, data: { teamId: team.id } });
  await buildEmployee(db, { email: 'eka@acme.test', name: 'Eka Putra', password: TEST_PASSWORD, teamId: team.id, managerId: maya.id, timeZone: 'Asia/Jakarta' });
});
afterAll(() => e?.close());

describe('a 1:1 from set-up to the meeting on a phone', () => {
  let meetingLink = '';

  it('the manager sets up a weekly 1:1 from the overview', async () => {
    const page = await e.page('laptop');
    await signInWithPassword(e, page, 'maya@acme.test', TEST_PASSWORD);
    await page.goto(e.url('/one-on-ones'));
    await e.step(page, 'manager-overview');
    await page.getByRole('link', { name: 'Set up a 1:1' }).click();
    await page.getByLabel('How often').selectOption('weekly');
    await page.getByLabel('Time', { exact: true }).fill('10:00');
    await page.getByLabel('Time zone').selectOption('Asia/Jakarta');
    await page.getByLabel('Room or video link (optional)').fill('https://meet.example.com/maya-eka');
    await e.step(page, 'manager-series-form');
    await page.getByRole('button', { name: 'Set up the 1:1' }).click();
    await page.waitForURL(/\/one-on-ones\/series\/[0-9a-f-]+\?saved=1$/);
    await e.step(page, 'manager-series');
    const mail = await e.mailTo('eka@acme.test');
    expect(calendarPart(mail.source)?.body).toContain('METHOD:REQUEST');
    meetingLink = linkIn(mail, e.url('/one-on-ones/meetings/'));
  });

  it('the report opens the meeting from the email on a phone and works on it', async () => {
    const page = await e.page('phone');
    await page.goto(meetingLink);
    await page.waitForURL(/\/login/);
    await signInWithPassword(e, page, 'eka@acme.test', TEST_PASSWORD);
    await page.goto(meetingLink);
    await page.getByLabel('Add a talking point').fill('Commission statement looks off');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.waitForURL(/#agenda$/);
    await e.step(page, 'report-meeting-agenda');
    await page.getByRole('textbox', { name: 'Your private note' }).fill('Ask about the senior role');
    await page.getByRole('button', { name: 'Save private note' }).click();
    await page.waitForURL(/#private$/);
    await expect(page.getByRole('textbox', { name: 'Your private note' }).inputValue()).resolves.toBe('Ask about the senior role');
    await page.getByRole('button', { name: 'Mark “Commission statement looks off” as discussed' }).click();
    await page.waitForURL(/#agenda$/);
    await expect(page.getByRole('button', { name: 'Mark “Commission statement looks off” as not discussed' }).count()).resolves.toBe(1);
    await page.getByLabel('New action item').fill('Send the March statement to RevOps');
    await page.getByRole('button', { name: 'Add action item' }).click();
    await page.waitForURL(/#actions$/);
    await expect(page.getByText('Send the March statement to RevOps').count()).resolves.toBe(1);
    await e.step(page, 'report-meeting-actions');
  });

  it('the manager sees the point and the action item, but not the report’s private note', async () => {
    const page = await e.page('phone');
    await signInWithPassword(e, page, 'maya@acme.test', TEST_PASSWORD);
    await page.goto(meetingLink);
    await expect(page.getByText('Commission statement looks off').count()).resolves.toBe(1);
    await expect(page.getByText('Send the March statement to RevOps').count()).resolves.toBe(1);
    await expect(page.getByRole('textbox', { name: 'Your private note' }).inputValue()).resolves.toBe('');
    await expect(page.content()).resolves.not.toContain('Ask about the senior role');
    await e.step(page, 'manager-meeting');
  });
});
