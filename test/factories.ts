/** Builders for test data: `buildEmployee(db, { role: 'manager' })`. Each fills what the test does not care about. */
import crypto from 'node:crypto';
import type { DbTx } from '../server/db/client';
import { hashPassword } from '../server/domain/auth/passwords';

const uid = () => crypto.randomBytes(4).toString('hex');

export async function buildDepartment(db: DbTx, overrides: { name?: string } = {}) {
  return db.department.create({ data: { name: overrides.name ?? `Dept ${uid()}` } });
}

export async function buildTeam(db: DbTx, overrides: { name?: string; departmentId?: string; managerId?: string | null } = {}) {
  const departmentId = overrides.departmentId ?? (await buildDepartment(db)).id;
  return db.team.create({ data: { name: overrides.name ?? `Team ${uid()}`, departmentId, managerId: overrides.managerId ?? null } });
}

export interface EmployeeOverrides {
  email?: string;
  name?: string;
  role?: 'hr_admin' | 'manager' | 'employee';
  teamId?: string | null;
  managerId?: string | null;
  locale?: 'en' | 'id';
  timeZone?: string;
  active?: boolean;
  password?: string;
}

export async function buildEmployee(db: DbTx, o: EmployeeOverrides = {}) {
  const id = uid();
  return db.employee.create({
    data: {
      email: o.email ?? `person-${id}@example.com`,
      name: o.name ?? `Person ${id}`,
      role: o.role ?? 'employee',
      teamId: o.teamId ?? null,
      managerId: o.managerId ?? null,
      locale: o.locale ?? 'en',
      timeZone: o.timeZone ?? 'UTC',
      active: o.active ?? true,
      passwordHash: o.password ? await hashPassword(o.password) : null,
    },
  });
}

/** The settings row plus an HR admin (so setup is done). */
export async function buildOrg(db: DbTx, o: { companyName?: string; adminPassword?: string } = {}) {
  await db.orgSettings.upsert({ where: { id: 1 }, create: { id: 1, companyName: o.companyName ?? 'Acme' }, update: {} });
  const admin = await buildEmployee(db, { role: 'hr_admin', email: `hr-${uid()}@example.com`, password: o.adminPassword ?? 'correct horse battery staple' });
  return { admin };
}
