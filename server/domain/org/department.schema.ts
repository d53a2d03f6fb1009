/** A department as the form and the API accept it, and as the API returns it. */
import { z } from 'zod';

export const departmentInputSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name').max(120, 'Use at most 120 characters'),
});
export type DepartmentInput = z.infer<typeof departmentInputSchema>;

export const departmentOutputSchema = z.object({
  id: z.string(),
  name: z.string(),
  teamCount: z.number().int(),
});
export type DepartmentOutput = z.infer<typeof departmentOutputSchema>;
