/**
 * "The organisation always keeps an active HR admin", kept atomically. Every change that can take HR-admin
 * status away (deactivation, and the upsert behind the admin form, the CSV import and the API's POST, PATCH and
 * bulk endpoints) runs in a transaction whose first statement is `lockHrRoster`, an upsert of the settings row:
 * on PostgreSQL it locks that row (creating it if missing), so two such transactions run one after the other
 * and the second one, under READ COMMITTED, counts the admins the first one left; on SQLite the write takes the
 * database's write lock, which does the same. A concurrent test demotes and deactivates two admins at once: exactly one succeeds.
 *
 * Whoever loses HR-admin status loses their API tokens for good (revoked, so a later re-promotion does not
 * bring them back).
 */
import type { DbTx } from '../../db/client';
import { ValidationError } from '../../errors';

export const LAST_ADMIN = 'This would leave no active HR admin';

/** Takes the roster lock: one upsert of the settings row (created with its defaults when missing), on both providers. */
export async function lockHrRoster(tx: DbTx, now: Date): Promise<void> {
  await tx.$executeRaw`INSERT INTO "OrgSettings" ("id", "updatedAt") VALUES (1, ${now}) ON CONFLICT ("id") DO UPDATE SET "id" = EXCLUDED."id"`;
}

/** Throws unless an active HR admin remains (call after the change, inside the locked transaction). */
export async function assertAnHrAdminRemains(tx: DbTx): Promise<void> {
  if ((await tx.employee.count({ where: { role: 'hr_admin', active: true } })) === 0) {
    throw new ValidationError(LAST_ADMIN, [{ path: [], message: LAST_ADMIN }]);
  }
}

/** Revokes every live API token of these former HR admins; returns how many. */
export async function revokeTokensOfFormerAdmins(tx: DbTx, employeeIds: string[], now: Date): Promise<number> {
  if (employeeIds.length === 0) return 0;
  const { count } = await tx.apiToken.updateMany({ where: { createdById: { in: employeeIds }, revokedAt: null }, data: { revokedAt: now } });
  return count;
}
