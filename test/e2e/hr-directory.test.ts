import { buildDepartment, buildEmployee, buildOrg, buildTeam } from '../factories';
import { TEST_PASSWORD } from '../helpers/sign-in';
import { mailboxTransport } from '../../server/domain/email/transport';
import { signInWithPassword, startE2E, type E2E } from './harness';

let e: E2E;
let adminEmail: string;
beforeAll(async () => {
  e = await startE2E('hr-directory');
  const db = e.ctx.db;
  adminEmail = (await buildOrg(db, { companyName: 'Acme Sales' })).admin.email;
  const maya = await buildEmployee(db, { role: 'manager', email: 'maya@acme.test', name: 'Maya Sari' });
  await buildEmployee(db, { role: 'manager', email: 'rudi@acme.test', name: 'Rudi Hartono' });
  const sales = await buildDepartment(db, { name: 'Sales' });
  const operations = await buildDepartment(db, { name: 'Operations' });
  const jakarta = await buildTeam(db, { name: 'Jakarta', departmentId: sales.id, managerId: maya.id });
  await buildTeam(db, { name: 'Bandung', departmentId: operations.id });
  await buildEmployee(db, { email: 'andi@acme.test', name: 'Andi Pratama', teamId: jakarta.id, managerId: maya.id });
  // One message in the local mailbox, as the app keeps it when no SMTP server is configured.
  await mailboxTransport(db).send({
    messageId: '<welcome-1@pulse.test>',
    from: 'pulse@acme.test',
    to: 'andi@acme.test',
    subject: 'Weekly pulse: a few quick questions',
    text: `Hello Andi,\n\nAnswer here: ${e.baseUrl}/s/${'x'.repeat(43)}\n\nIt takes two minutes.`,
    html: '<p>Hello Andi,</p><p>It takes two minutes.</p>',
  });
});
afterAll(() => e?.close());

describe('HR keeps the directory', () => {
  it('moves an employee to another team and manager, deactivates them and finds them under "Left"', async () => {
    const page = await e.page('laptop');
    await signInWithPassword(e, page, adminEmail, TEST_PASSWORD);
    await page.getByRole('link', { name: 'Directory' }).click();
    await page.waitForURL(e.url('/admin/employees'));
    await e.step(page, 'employees');

    await page.getByRole('link', { name: 'Andi Pratama' }).click();
    await page.waitForURL(/\/admin\/employees\/[^/]+$/);
    await e.step(page, 'employee-form');
    await page.getByLabel('Team').selectOption({ label: 'Operations › Bandung' });
    await page.getByLabel('Manager').selectOption('rudi@acme.test');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(/\?saved=1$/);
    await expect(page.getByRole('status').textContent()).resolves.toBe('Saved.');
    const andi = await e.ctx.db.employee.findUniqueOrThrow({ where: { email: 'andi@acme.test' }, include: { team: true, manager: true } });
    expect([andi.team?.name, andi.manager?.email]).toEqual(['Bandung', 'rudi@acme.test']);

    await page.getByRole('button', { name: 'Deactivate' }).click();
    await page.getByRole('button', { name: 'Reactivate' }).waitFor();
    await expect(page.getByText('This person left and cannot sign in.').isVisible()).resolves.toBe(true);
    await e.step(page, 'employee-deactivated');

    await page.getByRole('link', { name: 'All employees' }).click();
    await page.waitForURL(/\/admin\/employees/);
    await expect(page.getByRole('link', { name: 'Andi Pratama' }).count()).resolves.toBe(0); // the list shows active people
    await page.getByLabel('Status').selectOption({ label: 'Left' });
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/status=inactive/);
    const row = page.getByRole('row', { name: /Andi Pratama/ });
    await expect(row.getByText('Left').isVisible()).resolves.toBe(true);
    await expect(row.getByText('Bandung').isVisible()).resolves.toBe(true);
    await e.step(page, 'employees-left');
  });

  it('goes through the departments and teams pages on a phone', async () => {
    const page = await e.page('phone');
    await signInWithPassword(e, page, adminEmail, TEST_PASSWORD);
    await page.goto(e.url('/admin/departments'));
    await expect(page.getByRole('link', { name: 'Operations' }).count()).resolves.toBe(1);
    await e.step(page, 'departments');
    await page.getByRole('link', { name: 'Sales' }).click();
    await page.waitForURL(/\/admin\/departments\/[^/]+$/);
    await e.step(page, 'department-edit');

    await page.goto(e.url('/admin/teams'));
    const jakarta = page.getByRole('row', { name: /Jakarta/ });
    await expect(jakarta.getByText('Maya Sari').isVisible()).resolves.toBe(true);
    await e.step(page, 'teams');
    await jakarta.getByRole('link', { name: 'Jakarta' }).click();
    await page.waitForURL(/\/admin\/teams\/[^/]+$/);
    await e.step(page, 'team-edit');
  });

  it('reads a message in the local mailbox', async () => {
    const page = await e.page('phone');
    await signInWithPassword(e, page, adminEmail, TEST_PASSWORD);
    await page.getByRole('link', { name: 'Mailbox' }).click();
    await page.waitForURL(e.url('/admin/mailbox'));
    await e.step(page, 'mailbox');
    await page.getByRole('link', { name: 'Weekly pulse: a few quick questions' }).click();
    await page.waitForURL(/\/admin\/mailbox\/[^/]+$/);
    await expect(page.locator('pre a').first().getAttribute('href')).resolves.toMatch(/\/s\/x{43}$/);
    await e.step(page, 'mailbox-message');
  });

  it('creates an API token that is shown once', async () => {
    const page = await e.page('laptop');
    await signInWithPassword(e, page, adminEmail, TEST_PASSWORD);
    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.waitForURL(e.url('/admin/api-tokens'));
    await e.step(page, 'api-tokens');
    await page.getByLabel('Name').fill('CRM sync');
    await page.getByRole('button', { name: 'Create token' }).click();
    await page.getByRole('heading', { name: 'Token "CRM sync" created' }).waitFor();
    const token = await page.getByLabel('Token', { exact: true }).inputValue();
    expect(token.length).toBeGreaterThanOrEqual(32);
    await e.step(page, 'api-token-created');

    await page.goto(e.url('/admin/api-tokens'));
    await expect(page.getByRole('row', { name: /CRM sync/ }).count()).resolves.toBe(1);
    await expect(page.getByLabel('Token', { exact: true }).count()).resolves.toBe(0);
    expect(await page.content()).not.toContain(token);
  });
});
