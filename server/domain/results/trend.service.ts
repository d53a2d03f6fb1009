/**
 * eNPS per round over time for the company, a department or a team, with the change from the previous
 * round on the same scale, and the total over the period per scale. A round's point follows exactly the
 * visibility of the round's own page (visibleFor), so the trend never shows what the round page hides.
 *
 * Each round's numbers come from enps-slice.ts, cached for closed rounds: the company from its totals, a
 * department or team from the round's counts per department/team cell and value, after the round's
 * remainder rule over every cell.
 */
import type { AppContext } from '../../context';
import { enpsFromCounts, enpsPerScale, type EnpsResult, type EnpsScale, type ValueCount } from './enps';
import { departmentGroupId, insiderGroups, teamGroupId, visibleFor } from './groups';
import { companyTotals, enpsSlices, sliceCells, type CompanyTotals, type EnpsSlice } from './enps-slice';
import { reportable } from './suppression';
import type { ResultRound } from './result-rounds.service';
import type { Membership } from './viewer.service';

export type TrendTarget = { kind: 'company' } | { kind: 'department'; departmentId: string } | { kind: 'team'; teamId: string };

export interface TrendPoint {
  roundId: string;
  title: string;
  openedAt: Date;
  scale: EnpsScale;
  /** null when the group had too few answers that round. */
  enps: EnpsResult | null;
  /** Score change from the previous shown round on the same scale. */
  change: number | null;
}

/**
 * The groups of a round whose eNPS numbers may be shown at threshold k to a viewer filed under `member` in it
 * (or not invited). Computed once per (slice, k, place): a slice of a released round is immutable and cached,
 * so the remainder rule need not run again for every team page; a changed threshold is another key.
 */
const visibleBySlice = new WeakMap<EnpsSlice, Map<string, Set<string>>>();
function visibleIn(slice: EnpsSlice, k: number, member: Membership | undefined): Set<string> {
  let byKey = visibleBySlice.get(slice);
  if (!byKey) {
    byKey = new Map();
    visibleBySlice.set(slice, byKey);
  }
  const key = `${k}|${member ? `${member.departmentId}|${member.teamId}` : '-'}`;
  let visible = byKey.get(key);
  if (!visible) {
    const { responses, answers } = sliceCells(slice);
    visible = visibleFor(responses, answers, k, k, undefined, insiderGroups(member));
    byKey.set(key, visible);
  }
  return visible;
}

/** A target's eNPS counts in one round, or null when any of its cells is hidden there. */
function targetCounts(slice: EnpsSlice, target: Exclude<TrendTarget, { kind: 'company' }>, k: number, member: Membership | undefined): ValueCount[] | null {
  const mine = slice.cells.filter((c) => c.answers > 0 && (target.kind === 'team' ? c.teamId === target.teamId : c.departmentId === target.departmentId));
  if (mine.length === 0) return null;
  // The remainder rule needs every group of the round, not just the target.
  const visible = visibleIn(slice, k, member);
  const shown = mine.every((c) => visible.has(target.kind === 'team' ? teamGroupId(c.departmentId, target.teamId) : departmentGroupId(target.departmentId)));
  return shown ? mine.flatMap((c) => c.values) : null;
}


/**
 * The trend of `target` over `rounds` at threshold k, as seen by a viewer whose own place in each round is in
 * `memberships` (round id → where they were invited; see viewer.service.ts membershipsOf): groups that hold
 * them need k others.
 */
export async function enpsTrend(ctx: AppContext, rounds: readonly ResultRound[], target: TrendTarget, k: number, memberships: ReadonlyMap<string, Membership>): Promise<TrendPoint[]> {
  const withEnps = rounds.filter((r) => r.enpsQuestionId && r.scale);
  if (withEnps.length === 0) return [];
  const sliceRounds = withEnps.map((r) => ({ id: r.id, enpsQuestionId: r.enpsQuestionId as string, status: r.status, releasedAt: r.releasedAt }));
  const countsByRound = new Map<string, ValueCount[] | null>();
  if (target.kind === 'company') {
    const totals = await companyTotals(ctx, sliceRounds);
    for (const r of withEnps) {
      const c = totals.get(r.id) as CompanyTotals;
      const inside = memberships.has(r.id);
      countsByRound.set(r.id, reportable(c.responses, k, inside) && reportable(c.answers, k, inside) ? c.values : null);
    }
  } else {
    const slices = await enpsSlices(ctx, sliceRounds);
    for (const r of withEnps) countsByRound.set(r.id, targetCounts(slices.get(r.id) as EnpsSlice, target, k, memberships.get(r.id)));
  }

  const lastScore = new Map<EnpsScale, number>();
  return withEnps.map((r) => {
    const scale = r.scale as EnpsScale;
    const counts = countsByRound.get(r.id) ?? null;
    const enps = counts ? enpsFromCounts(counts, scale) : null;
    const previous = lastScore.get(scale);
    const change = enps?.score != null && previous !== undefined ? enps.score - previous : null;
    if (enps?.score != null) lastScore.set(scale, enps.score);
    return { roundId: r.id, title: r.title, openedAt: r.openedAt, scale, enps, change };
  });
}

/** The period's eNPS: the shown rounds added up, one result per scale (scales are never mixed). */
export function periodEnps(points: readonly TrendPoint[]): EnpsResult[] {
  return enpsPerScale(points.filter((p) => p.enps).map((p) => ({ scale: p.scale, counts: (p.enps as EnpsResult).distribution })));
}
