/**
 * First-run setup: the first HR admin, created once. Setup is open only while it has never completed
 * (`OrgSettings.setupCompletedAt`) and the directory is empty; once it has run it stays closed for good, even
 * when no active HR admin is left, and it never touches an existing account (no upsert).
 */
import { z } from 'zod';
import type { AppContext } from '../../context';
import { ConflictError, ValidationError } from '../../errors';
import { isUniqueViolation } from '../../db/errors';
import { passwordSchema, hashPassword } from './passwords';
import { emailSchema, nameSchema, timeZoneSchema } from '../org/employee.schema';
import { LOCALES } from '../../i18n/i18n';

export const setupSchema = z.object({
  companyName: z.string().trim().min(1, 'Enter your company name').max(120),
  name: nameSchema,
  email: emailSchema,
  password: z.union([z.literal(''), passwordSchema]).optional(),
  locale: z.enum(LOCALES).default('en'),
  timeZone: z.preprocess((v) => (v === '' || v === undefined ? 'UTC' : v), timeZoneSchema),
});
export type SetupInput = z.infer<typeof setupSchema>;

const ALREADY_SET_UP = 'Pulse is already set up; sign in instead.';
export const PASSWORD_NEEDED_WITHOUT_SMTP = 'Choose a password: without SMTP_URL Pulse sends no email, so a sign-in link could not reach you';

/** Whether setup may still run: it never completed and nobody is in the directory yet. */
export async function needsSetup(ctx: AppContext): Promise<boolean> {
  const settings = await ctx.db.orgSettings.findUnique({ where: { id: 1 }, select: { setupCompletedAt: true } });
  if (settings?.setupCompletedAt) return false;
  return (await ctx.db.employee.count()) === 0;
}

/** Whether setup must ask for a password: in mailbox mode (no SMTP_URL) a sign-in link lands in a mailbox only HR can open. */
export function setupNeedsPassword(ctx: AppContext): boolean {
  return !ctx.config.SMTP_URL;
}

/**
 * Creates the organisation's settings and the first HR admin, and marks setup done; refuses (409) when setup has
 * run or anyone is in the directory. The first statement marks the settings row (the latch): on SQLite it takes
 * the write lock, on PostgreSQL the row lock, so of two setups at once the second waits and then finds the mark;
 * with no row yet, both insert id 1 and the second fails on the key (tested on both).
 */
export async function createFirstAdmin(ctx: AppContext, input: SetupInput) {
  if (setupNeedsPassword(ctx) && !input.password) throw new ValidationError('Some fields need attention', [{ path: ['password'], message: PASSWORD_NEEDED_WITHOUT_SMTP }]);
  if (!(await needsSetup(ctx))) throw new ConflictError(ALREADY_SET_UP);
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  // The first HR admin is who replies to Pulse's emails reach (Reply-To) until the settings name someone else.
  const settings = { companyName: input.companyName, defaultLocale: input.locale, defaultTimeZone: input.timeZone, replyToEmail: input.email, setupCompletedAt: ctx.clock.now() };
  try {
    return await ctx.db.$transaction(async (tx) => {
      const latched = await tx.orgSettings.updateMany({ where: { id: 1, setupCompletedAt: null }, data: settings });
      if (latched.count === 0) {
        if (await tx.orgSettings.findUnique({ where: { id: 1 }, select: { id: true } })) throw new ConflictError(ALREADY_SET_UP);
        await tx.orgSettings.create({ data: { id: 1, ...settings } });
      }
      if ((await tx.employee.count()) > 0) throw new ConflictError(ALREADY_SET_UP);
      return tx.employee.create({
        data: { email: input.email, name: input.name, role: 'hr_admin', passwordHash, locale: input.locale, timeZone: input.timeZone },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(ALREADY_SET_UP);
    throw err;
  }
}
