/** The confidentiality thresholds HR sets: minimum group size (≥ 3, default 5) and for comments (≥ that). */
import { z } from 'zod';
import { MIN_GROUP_FLOOR } from './suppression';

export const THRESHOLD_MESSAGES = {
  groupTooSmall: 'results.settings.errors.groupTooSmall',
  groupTooLarge: 'results.settings.errors.groupTooLarge',
  commentBelowGroup: 'results.settings.errors.commentBelowGroup',
  notANumber: 'results.settings.errors.notANumber',
} as const;

const size = z.coerce
  .number({ message: THRESHOLD_MESSAGES.notANumber })
  .int({ message: THRESHOLD_MESSAGES.notANumber })
  .min(MIN_GROUP_FLOOR, { message: THRESHOLD_MESSAGES.groupTooSmall })
  .max(100, { message: THRESHOLD_MESSAGES.groupTooLarge });

export const thresholdsSchema = z
  .object({ minGroupSize: size, minCommentGroupSize: size })
  .refine((v) => v.minCommentGroupSize >= v.minGroupSize, { path: ['minCommentGroupSize'], message: THRESHOLD_MESSAGES.commentBelowGroup });

export type ThresholdsInput = z.infer<typeof thresholdsSchema>;
