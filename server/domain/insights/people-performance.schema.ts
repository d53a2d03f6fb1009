/** The people-and-performance page's options: which KPI, which team's chart, whether results lag a period, the grain. */
import { z } from 'zod';

export const peoplePerformanceQuerySchema = z.object({
  kpi: z.string().regex(/^[a-z0-9_]{1,60}$/).optional(),
  team: z.uuid().optional(),
  lag: z.enum(['0', '1']).transform((v) => (v === '1' ? 1 : 0) as 0 | 1).optional(),
  grain: z.enum(['month', 'quarter']).optional(),
});
