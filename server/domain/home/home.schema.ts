/** The home pages' inputs: the period selector and, on the team page, which team. */
import { z } from 'zod';

export const homeQuerySchema = z.object({
  period: z.string().max(16).optional(),
  team: z.uuid().optional(),
  survey: z.enum(['gone']).optional(),
});

export const answerRoundSchema = z.object({ roundId: z.uuid() });
