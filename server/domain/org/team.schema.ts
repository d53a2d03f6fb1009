/** A team as the form and the API accept it (department by name, manager by email), and as the API returns it. */
import { z } from 'zod';
import { emailSchema } from './employee.schema';

const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

export const teamInputSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name').max(120, 'Use at most 120 characters'),
  department: z.string().trim().min(1, 'Choose a department').max(120),
  managerEmail: z.preprocess(emptyToUndefined, emailSchema.optional()),
});
export type TeamInput = z.infer<typeof teamInputSchema>;

export const teamOutputSchema = z.object({
  id: z.string(),
  name: z.string(),
  department: z.string(),
  departmentId: z.string(),
  managerEmail: z.string().nullable(),
  memberCount: z.number().int(),
});
export type TeamOutput = z.infer<typeof teamOutputSchema>;
