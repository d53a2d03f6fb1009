import { buildDepartment, buildEmployee, buildOrg, buildTeam } from '../factories';
import { buildSurvey } from '../factories/surveys';
import { TEST_PASSWORD } from '../helpers/sign-in';
import { linkIn, signInWithPassword, startE2E, type E2E } from './harness';

let e: E2E;
let adminEmail: string;
const JAKARTA = ['dewi@acme.test', 'andi@acme.test', 'sari@acme.test'];
beforeAll(async () => {
  e = await startE2E('hr-schedules-pulse');
  adminEmail = (await buildOrg(e.ctx.db, { companyName: 'Acme Sales' })).admin.email;
  const sales = await buildDepartment(e.ctx.db, { name: 'Sales' });
  const jakarta = await buildTeam(e.ctx.db, { name: 'Jakarta', departmentId: sales.id });
  const surabaya = await buildTeam(e.ctx.db, { name: 'Surabaya', departmentId: sales.id });
  for (const email of JAKARTA) await buildEmployee(e.ctx.db, { email, teamId: jakarta.id, locale: email === 'sari@acme.test' ? 'id' : 'en' });
  await buildEmployee(e.ctx.db, { email: 'budi@acme.test', teamId: surabaya.id });
  await buildSurvey(e.ctx.db, { title: 'Weekly pulse' });
});
afterAll(() => e?.close());

describe('HR schedules a pulse and sends it', () => {
  it('sets a weekly schedule for one team, sees the next five sends, sends now and follows the round', async () => {
    const page = await e.page('laptop');
    await signInWithPassword(e, page, adminEmail, TEST_PASSWORD);
    await page.getByRole('link', { name: 'Surveys' }).click();
    await page.getByRole('link', { name: 'Weekly pulse' }).click();
    await page.getByRole('link', { name: 'Schedule and sending' }).click();
    await page.waitForURL(/\/admin\/surveys\/[^/]+\/schedule$/);
    await expect(page.locator('#preview').count()).resolves.toBe(0); // nothing to preview before a schedule exists
    await e.step(page, 'schedule-form');

    // Monthly shows the day of the month, not the weekday; weekly the other way round.
    await page.getByLabel('How often').selectOption('monthly');
    await expect(page.getByLabel('Weekday').isVisible()).resolves.toBe(false);
    await expect(page.getByLabel('Day of the month', { exact: false }).isVisible()).resolves.toBe(true);
    await page.getByLabel('How often').selectOption('weekly');
    await expect(page.getByLabel('Day of the month', { exact: false }).isVisible()).resolves.toBe(false);
    await page.getByLabel('Weekday').selectOption({ label: 'Tuesday' });
    await page.getByLabel('Local time (HH:MM)').fill('08:30');
    await page.getByLabel('Time zone').selectOption('Asia/Jakarta');
    // The next five sends show as the form is edited, before saving.
    await page.locator('#live-preview-times li', { hasText: /^Tuesday.*08:30/ }).first().waitFor();
    await expect(page.locator('#live-preview-times li').count()).resolves.toBe(5);
    await expect(page.locator('#live-preview-note').textContent()).resolves.toBe('Times are in Asia/Jakarta.');
    await page.getByLabel("Send at each person's own local time").check();
    await page.locator('#live-preview-note', { hasText: 'in their own zone' }).waitFor();
    await e.step(page, 'schedule-live-preview');
    await page.getByLabel('Reminders to people who have not answered').selectOption('1');
    await page.getByRole('radio', { name: 'These teams:' }).check();
    await page.getByRole('checkbox', { name: 'Jakarta' }).check();
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await page.waitForURL(/\/schedule\?saved=1$/);
    await expect(page.getByRole('status').textContent()).resolves.toBe('The schedule is saved.');

    const preview = await page.locator('#preview li').allTextContents();
    expect(preview).toHaveLength(5);
    for (const send of preview) expect(send).toMatch(/^Tuesday.*08:30/);
    await expect(page.getByRole('checkbox', { name: 'Jakarta' }).isChecked()).resolves.toBe(true);
    await e.step(page, 'schedule-saved');

    await expect(page.getByText('each person gets the invitation at the same time of day in their own zone', { exact: false }).count()).resolves.toBe(1);

    // "Send now" asks first, with the audience size (the Jakarta team: three people).
    await page.getByRole('link', { name: 'Send now' }).click();
    await page.waitForURL(/\/send-now$/);
    await expect(page.locator('#audience-size').textContent()).resolves.toContain('People it reaches: 3.');
    await e.step(page, 'send-now-confirm');
    await page.getByRole('button', { name: 'Yes, send it now' }).click();
    await page.waitForURL(/\/admin\/rounds\/[^/]+$/);
    const roundUrl = page.url();
    const stat = (label: string) => page.locator('.stat', { hasText: label }).locator('.big').textContent();
    await expect(stat('people invited')).resolves.toBe('3');
    await expect(stat('emails sent')).resolves.toBe('0');
    await expect(page.getByRole('progressbar').getAttribute('max')).resolves.toBe('3');
    await expect(page.getByText('0 of 3 emails handled').count()).resolves.toBe(1);
    await e.step(page, 'round-sending');

    // The in-process sender would do this within seconds; the test sends the outbox itself and reads the SMTP server.
    for (const email of JAKARTA) {
      const mail = await e.mailTo(email);
      expect(linkIn(mail, `${e.baseUrl}/s/`)).toMatch(/\/s\/[A-Za-z0-9_-]{20,}/);
    }
    expect(e.smtp.lastTo('dewi@acme.test')?.subject).toBe('Weekly pulse: a few quick questions');
    expect(e.smtp.lastTo('budi@acme.test')).toBeUndefined();
    expect(e.smtp.lastTo(adminEmail)).toBeUndefined();

    // The open page catches up by itself, in place: no reload (the URL's document stays the same one).
    await page.evaluate(() => ((window as unknown as { stayedHere: boolean }).stayedHere = true));
    await page.locator('.stat', { hasText: 'emails sent' }).locator('.big', { hasText: /^3$/ }).waitFor({ timeout: 20_000 });
    await expect(page.evaluate(() => (window as unknown as { stayedHere?: boolean }).stayedHere)).resolves.toBe(true);
    expect(page.url()).toBe(roundUrl);
    await expect(stat('emails waiting to be sent')).resolves.toBe('0');
    await expect(page.getByRole('progressbar').count()).resolves.toBe(0);
    await e.step(page, 'round-sent');

    // Extending the window, then closing early after a confirmation.
    await page.getByRole('link', { name: 'Give people more time' }).click();
    await page.getByLabel('Extend by this many days (1 to 14)').fill('30');
    await page.getByRole('button', { name: 'Extend the window' }).click();
    await expect(page.locator('#days-error').textContent()).resolves.toBe('Choose 1 to 14 days');
    await e.step(page, 'extend-error');
    await page.getByLabel('Extend by this many days (1 to 14)').fill('2');
    await page.getByRole('button', { name: 'Extend the window' }).click();
    await page.waitForURL(roundUrl);
    await page.getByRole('link', { name: 'Close this round now' }).click();
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Close “Weekly pulse” now?');
    await e.step(page, 'close-confirm');
    await page.getByRole('button', { name: 'Yes, close it now' }).click();
    await page.waitForURL(roundUrl);
    await expect(page.getByText('This round is closed.').count()).resolves.toBe(1);
    await expect(page.getByRole('link', { name: 'Close this round now' }).count()).resolves.toBe(0);
  });

  it('reads the same in Bahasa Indonesia on a phone: schedule, send-now confirmation', async () => {
    await e.ctx.db.employee.updateMany({ where: { email: adminEmail }, data: { locale: 'id' } });
    const page = await e.page('phone');
    await signInWithPassword(e, page, adminEmail, TEST_PASSWORD);
    const survey = await e.ctx.db.survey.findFirstOrThrow({ where: { title: 'Weekly pulse' } });
    await page.goto(e.url(`/admin/surveys/${survey.id}/schedule?lang=id`));
    await expect(page.getByText('Kirim pada jam setempat masing-masing orang').count()).resolves.toBe(1);
    await page.getByLabel('Zona waktu').selectOption('Asia/Makassar');
    await page.locator('#live-preview-note', { hasText: 'Asia/Makassar' }).waitFor();
    await e.step(page, 'schedule-id');
    await page.goto(e.url(`/admin/surveys/${survey.id}/send-now?lang=id`));
    await expect(page.locator('#audience-size').textContent()).resolves.toContain('Jumlah penerima: 3.');
    await e.step(page, 'send-now-confirm-id');
  });
});
