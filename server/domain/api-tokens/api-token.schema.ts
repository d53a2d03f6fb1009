/** An API token as the admin form accepts it. */
import { z } from 'zod';

export const apiTokenInputSchema = z.object({
  name: z.string().trim().min(1, 'Name the token after what uses it, e.g. "HRIS sync"').max(80, 'Use at most 80 characters'),
});
export type ApiTokenInput = z.infer<typeof apiTokenInputSchema>;
