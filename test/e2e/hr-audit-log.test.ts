/** Issue 15: HR reads the audit log on a phone and a laptop, filters it by action, in English and Indonesian. */
import { buildEmployee, buildOrg } from '../factories';
import { TEST_PASSWORD } from '../helpers/sign-in';
import { signInWithPassword, startE2E, type E2E } from './harness';

let e: E2E;
let adminEmail: string;
beforeAll(async () => {
  e = await startE2E('hr-audit-log');
  adminEmail = (await buildOrg(e.ctx.db, { companyName: 'Acme Sales' })).admin.email;
  const andi = await buildEmployee(e.ctx.db, { email: 'andi@acme.test', name: 'Andi Pratama' });
  const admin = await e.ctx.db.employee.findUniqueOrThrow({ where: { email: adminEmail } });
  for (const [action, detail] of [
    ['employee.role_change', { name: 'Andi Pratama', from: 'employee', to: 'manager' }],
    ['api_token.create', { name: 'HRIS sync', prefix: 'pulse_Ab12Cd' }],
    ['survey.create', { title: 'Weekly pulse', questions: 5 }],
  ] as const) {
    await e.ctx.db.auditEvent.create({ data: { action, actorId: admin.id, actorName: admin.name, targetKind: 'employee', targetId: andi.id, detail: JSON.stringify(detail) } });
  }
});
afterAll(() => e?.close());

describe('HR reads the audit log', () => {
  it('finds it in the menu, filters by action, and reads it in Indonesian', async () => {
    const page = await e.page('phone');
    await signInWithPassword(e, page, adminEmail, TEST_PASSWORD);
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL(e.url('/admin/audit'));
    await e.step(page, 'audit-log');
    await page.getByLabel('Action').selectOption('employee.role_change');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/action=employee\.role_change/);
    await page.getByRole('cell', { name: 'Role changed' }).waitFor();
    await e.step(page, 'filtered');
    await page.goto(e.url('/admin/audit?lang=id'));
    await page.getByRole('heading', { name: 'Log audit' }).waitFor();
    await e.step(page, 'indonesian');
  });
});
