/** Reads and saves the confidentiality thresholds (OrgSettings row 1). Reading never yields less than the floor. */
import { audit } from '../audit/audit.service';
import type { AppContext } from '../../context';
import { MIN_GROUP_FLOOR } from './suppression';
import type { Thresholds } from './round-report';
import type { ThresholdsInput } from './settings.schema';

export const DEFAULT_THRESHOLDS: Thresholds = { minGroupSize: 5, minCommentGroupSize: 5 };

export async function getThresholds(ctx: AppContext): Promise<Thresholds> {
  const row = await ctx.db.orgSettings.findUnique({ where: { id: 1 }, select: { minGroupSize: true, minCommentGroupSize: true } });
  const minGroupSize = Math.max(row?.minGroupSize ?? DEFAULT_THRESHOLDS.minGroupSize, MIN_GROUP_FLOOR);
  return { minGroupSize, minCommentGroupSize: Math.max(row?.minCommentGroupSize ?? DEFAULT_THRESHOLDS.minCommentGroupSize, minGroupSize) };
}

/** Saves thresholds already checked by thresholdsSchema. */
export async function saveThresholds(ctx: AppContext, input: ThresholdsInput): Promise<void> {
  await ctx.db.$transaction(async (tx) => {
    await tx.orgSettings.upsert({ where: { id: 1 }, create: { id: 1, ...input }, update: input });
    await audit(ctx, tx, { action: 'results.settings', targetKind: 'settings', detail: { ...input } });
  });
}
