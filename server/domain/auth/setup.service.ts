/** First-run setup: the first HR admin, created once (the settings row with id 1 is the one-time latch). */
import { z } from 'zod';
import type { AppContext } from '../../context';
import { ConflictError } from '../../errors';
import { isUniqueViolation } from '../../db/errors';
import { passwordSchema, hashPassword } from './passwords';
import { emailSchema, nameSchema } from '../org/employee.schema';
import { LOCALES } from '../../i18n/i18n';

export const setupSchema = z.object({
  companyName: z.string().trim().min(1, 'Enter your company name').max(120),
  name: nameSchema,
  email: emailSchema,
  password: z.union([z.literal(''), passwordSchema]).optional(),
  locale: z.enum(LOCALES).default('en'),
  timeZone: z.string().trim().min(1).max(64).default('UTC'),
});
export type SetupInput = z.infer<typeof setupSchema>;

export async function needsSetup(ctx: AppContext): Promise<boolean> {
  return (await ctx.db.employee.count({ where: { role: 'hr_admin', active: true } })) === 0;
}

/**
 * Creates the organisation's settings and the first HR admin; refuses when an HR admin exists. Two setups at
 * once: writing the settings row first serialises them (the insert of id 1 is unique; the update takes its
 * row lock), so the second one's admin count sees the first one's admin and is refused (tested).
 */
export async function createFirstAdmin(ctx: AppContext, input: SetupInput) {
  if (!(await needsSetup(ctx))) throw new ConflictError('Pulse is already set up; sign in instead.');
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  try {
    return await ctx.db.$transaction(async (tx) => {
      const settings = await tx.orgSettings.findUnique({ where: { id: 1 } });
      if (settings) {
        await tx.orgSettings.update({ where: { id: 1 }, data: { companyName: input.companyName, defaultLocale: input.locale, defaultTimeZone: input.timeZone } });
      } else {
        await tx.orgSettings.create({ data: { id: 1, companyName: input.companyName, defaultLocale: input.locale, defaultTimeZone: input.timeZone } });
      }
      if ((await tx.employee.count({ where: { role: 'hr_admin', active: true } })) > 0) {
        throw new ConflictError('Pulse is already set up; sign in instead.');
      }
      return tx.employee.upsert({
        where: { email: input.email },
        create: { email: input.email, name: input.name, role: 'hr_admin', passwordHash, locale: input.locale, timeZone: input.timeZone },
        update: { name: input.name, role: 'hr_admin', active: true, passwordHash, deactivatedAt: null },
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError('Pulse is already set up; sign in instead.');
    throw err;
  }
}
