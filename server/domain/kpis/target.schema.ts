/** A SMART target as HR or a manager enters it: the KPI, owner and period come with the form; value, goal, repeats here. */
import { z } from 'zod';

export const targetFormSchema = z.object({
  value: z.string({ message: 'Enter the target as a number' }).trim().min(1, { message: 'Enter the target as a number' }).max(40, { message: 'Enter the target as a number' }),
  goal: z
    .string({ message: 'Say in a sentence which business goal this target serves' })
    .trim()
    .min(10, { message: 'Say in a sentence which business goal this target serves' })
    .max(300, { message: 'Use at most 300 characters' }),
  repeat: z.coerce.number({ message: 'Choose how many periods' }).int({ message: 'Choose how many periods' }).min(1, { message: 'Choose how many periods' }).max(12, { message: 'Choose how many periods' }).default(1),
});
export type TargetForm = z.infer<typeof targetFormSchema>;
