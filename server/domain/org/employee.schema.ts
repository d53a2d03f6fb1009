/**
 * The employee record as forms, CSV rows and the API accept it: one zod schema for all three, so a rule
 * (and its message) is written once. The OpenAPI document is generated from these schemas.
 */
import { z } from 'zod';
import { LOCALES } from '../../i18n/i18n';
import { isIsoDate, isTimeZone } from '../shared/validators';

export const ROLES = ['hr_admin', 'manager', 'employee'] as const;

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email('Enter a valid email address, like name@company.com').max(254));

export const nameSchema = z.string().trim().min(1, 'Enter a name').max(120, 'Use at most 120 characters');

/** An IANA time zone name that this server knows, e.g. Asia/Jakarta. */
export const timeZoneSchema = z
  .string()
  .trim()
  .refine(isTimeZone, 'Use a time zone name such as Asia/Jakarta or Europe/London');

export const isoDateSchema = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the form YYYY-MM-DD')
  .refine(isIsoDate, 'Not a real date');

const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);
const TRUE_WORDS = ['true', 'yes', '1', 'on', 'y', 'ya'];
const FALSE_WORDS = ['false', 'no', '0', 'off', 'n', 'tidak'];
/** true/false, or a word for one of them; anything else ("maybe") is an error rather than a silent false. */
const boolish = z.preprocess((v) => {
  if (typeof v !== 'string') return v;
  const word = v.trim().toLowerCase();
  return TRUE_WORDS.includes(word) ? true : FALSE_WORDS.includes(word) ? false : v;
}, z.boolean('Use true or false'));

/** An employee as written by HR, a CSV row or an HRIS. Team and manager are referred to by name and email. */
export const employeeInputSchema = z.object({
  email: emailSchema,
  name: nameSchema,
  department: z.preprocess(emptyToUndefined, z.string().trim().max(120).optional()),
  team: z.preprocess(emptyToUndefined, z.string().trim().max(120).optional()),
  managerEmail: z.preprocess(emptyToUndefined, emailSchema.optional()),
  role: z.preprocess(emptyToUndefined, z.enum(ROLES, 'Use hr_admin, manager or employee').default('employee')),
  startDate: z.preprocess(emptyToUndefined, isoDateSchema.optional()),
  locale: z.preprocess(emptyToUndefined, z.enum(LOCALES, 'Use en or id').default('en')),
  timeZone: z.preprocess(emptyToUndefined, timeZoneSchema.default('UTC')),
  active: z.preprocess(emptyToUndefined, boolish.default(true)),
});
export type EmployeeInput = z.infer<typeof employeeInputSchema>;

/** An employee as the API returns it. */
export const employeeOutputSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  department: z.string().nullable(),
  team: z.string().nullable(),
  managerEmail: z.string().nullable(),
  startDate: z.string().nullable(),
  locale: z.enum(LOCALES),
  timeZone: z.string(),
  active: z.boolean(),
});
export type EmployeeOutput = z.infer<typeof employeeOutputSchema>;
