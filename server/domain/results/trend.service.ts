/**
 * eNPS per round over time for the company, a department or a team, with the change from the previous
 * round on the same scale, and the total over the period per scale. A round's point follows exactly the
 * visibility of the round's own page (visibleFor), so the trend never shows what the round page hides.
 *
 * Company: two GROUP BY queries on indexed columns (Response.roundId, Answer.questionId), a few rows per
 * round. Department and team: counts per (round, department, team) for the remainder rule, and the target's
 * value counts.
 */
import { Prisma } from '../../../prisma/generated/sqlite/client';
import type { AppContext } from '../../context';
import { enpsFromCounts, enpsPerScale, type EnpsResult, type EnpsScale, type ValueCount } from './enps';
import { departmentGroupId, teamGroupId, visibleFor, type Cell } from './groups';
import { reportable } from './suppression';
import type { ResultRound } from './result-rounds.service';

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

type RoundCell = Cell & { roundId: string };
type Num = bigint | number;

async function responseCells(ctx: AppContext, roundIds: string[]): Promise<RoundCell[]> {
  const rows = await ctx.db.$queryRaw<{ roundId: string; departmentId: string | null; teamId: string | null; n: Num }[]>(Prisma.sql`
    SELECT r."roundId" AS "roundId", r."departmentId" AS "departmentId", r."teamId" AS "teamId", COUNT(*) AS n
    FROM "Response" r WHERE r."roundId" IN (${Prisma.join(roundIds)})
    GROUP BY r."roundId", r."departmentId", r."teamId"`);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

async function answerCells(ctx: AppContext, questionIds: string[], target: TrendTarget): Promise<(RoundCell & { value: number })[]> {
  const where =
    target.kind === 'team' ? Prisma.sql`AND r."teamId" = ${target.teamId}` : target.kind === 'department' ? Prisma.sql`AND r."departmentId" = ${target.departmentId}` : Prisma.empty;
  const rows = await ctx.db.$queryRaw<{ roundId: string; departmentId: string | null; teamId: string | null; value: Num; n: Num }[]>(Prisma.sql`
    SELECT r."roundId" AS "roundId", r."departmentId" AS "departmentId", r."teamId" AS "teamId", a."value" AS "value", COUNT(*) AS n
    FROM "Answer" a JOIN "Response" r ON r."id" = a."responseId"
    WHERE a."questionId" IN (${Prisma.join(questionIds)}) AND a."value" IS NOT NULL ${where}
    GROUP BY r."roundId", r."departmentId", r."teamId", a."value"`);
  return rows.map((r) => ({ ...r, value: Number(r.value), n: Number(r.n) }));
}

/** Answers per (round, department, team), without values: what the remainder rule needs. */
async function answerCounts(ctx: AppContext, questionIds: string[]): Promise<RoundCell[]> {
  const rows = await ctx.db.$queryRaw<{ roundId: string; departmentId: string | null; teamId: string | null; n: Num }[]>(Prisma.sql`
    SELECT r."roundId" AS "roundId", r."departmentId" AS "departmentId", r."teamId" AS "teamId", COUNT(*) AS n
    FROM "Answer" a JOIN "Response" r ON r."id" = a."responseId"
    WHERE a."questionId" IN (${Prisma.join(questionIds)}) AND a."value" IS NOT NULL
    GROUP BY r."roundId", r."departmentId", r."teamId"`);
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

async function companyCounts(ctx: AppContext, roundIds: string[], questionIds: string[]) {
  const [responses, values] = await Promise.all([
    ctx.db.response.groupBy({ by: ['roundId'], where: { roundId: { in: roundIds } }, _count: { _all: true } }),
    ctx.db.$queryRaw<{ questionId: string; value: Num; n: Num }[]>(Prisma.sql`
      SELECT a."questionId" AS "questionId", a."value" AS "value", COUNT(*) AS n FROM "Answer" a
      WHERE a."questionId" IN (${Prisma.join(questionIds)}) AND a."value" IS NOT NULL
      GROUP BY a."questionId", a."value"`),
  ]);
  return { responses: new Map(responses.map((r) => [r.roundId, r._count._all])), values };
}

function byRound<T extends { roundId: string }>(cells: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const c of cells) {
    const list = out.get(c.roundId);
    if (list) list.push(c);
    else out.set(c.roundId, [c]);
  }
  return out;
}

export async function enpsTrend(ctx: AppContext, rounds: readonly ResultRound[], target: TrendTarget, k: number): Promise<TrendPoint[]> {
  const withEnps = rounds.filter((r) => r.enpsQuestionId && r.scale);
  if (withEnps.length === 0) return [];
  const roundIds = withEnps.map((r) => r.id);
  const questionIds = withEnps.map((r) => r.enpsQuestionId as string);
  const countsByRound = new Map<string, ValueCount[] | null>();

  if (target.kind === 'company') {
    const { responses, values } = await companyCounts(ctx, roundIds, questionIds);
    for (const r of withEnps) {
      const counts = values.filter((v) => v.questionId === r.enpsQuestionId).map((v) => ({ value: Number(v.value), count: Number(v.n) }));
      const answers = counts.reduce((s, c) => s + c.count, 0);
      countsByRound.set(r.id, reportable(responses.get(r.id) ?? 0, k) && reportable(answers, k) ? counts : null);
    }
  } else {
    // The remainder rule needs every group of the round, not just the target.
    const [responses, allAnswers, targetAnswers] = await Promise.all([
      responseCells(ctx, roundIds),
      answerCounts(ctx, questionIds),
      answerCells(ctx, questionIds, target),
    ]);
    const responsesOf = byRound(responses);
    const targetOf = byRound(targetAnswers);
    const answersOf = new Map<string, Map<string, RoundCell>>();
    for (const c of allAnswers) {
      const cells = answersOf.get(c.roundId) ?? new Map<string, RoundCell>();
      const key = `${c.departmentId}|${c.teamId}`;
      const hit = cells.get(key) ?? { roundId: c.roundId, departmentId: c.departmentId, teamId: c.teamId, n: 0 };
      hit.n += c.n;
      cells.set(key, hit);
      answersOf.set(c.roundId, cells);
    }
    for (const r of withEnps) {
      const visible = visibleFor(responsesOf.get(r.id) ?? [], [...(answersOf.get(r.id)?.values() ?? [])], k);
      const mine = targetOf.get(r.id) ?? [];
      const shownCells = mine.filter((c) => visible.has(target.kind === 'team' ? teamGroupId(c.departmentId, target.teamId) : departmentGroupId(target.departmentId)));
      countsByRound.set(r.id, shownCells.length && shownCells.length === mine.length ? shownCells.map((c) => ({ value: c.value, count: c.n })) : null);
    }
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
