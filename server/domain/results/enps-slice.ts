/**
 * The eNPS slice of a round: per (department, team) cell, how many responded, how many answered the round's
 * eNPS question and the count per value. All a trend needs (the remainder rule over the round's groups and the
 * target's counts), a few hundred cells per round. Computed for many rounds in two GROUP BY queries. A settled
 * closed round's slice never changes: it is kept in the in-process cache (round-cache.ts) and stored with the
 * round (stored-slices.ts), written by the first computation or by the close-rounds job, so it is computed
 * once per round, not once per process.
 */
import { Prisma } from '../../../prisma/generated/sqlite/client';
import type { AppContext } from '../../context';
import type { ValueCount } from './enps';
import type { Cell } from './groups';
import { cachesOf, settled } from './round-cache';
import { readStoredSlices, storeSlices } from './stored-slices';

export interface SliceCell {
  departmentId: string | null;
  teamId: string | null;
  responses: number;
  /** Answers to the eNPS question (any non-null value). */
  answers: number;
  values: ValueCount[];
}

export interface EnpsSlice {
  questionId: string;
  cells: SliceCell[];
}

export interface SliceRound {
  id: string;
  enpsQuestionId: string;
  status: string;
  releasedAt: Date | null;
}

type Num = bigint | number;
const CHUNK = 200;

async function loadSlices(ctx: AppContext, rounds: readonly SliceRound[]): Promise<Map<string, EnpsSlice>> {
  const roundIds = rounds.map((r) => r.id);
  const questionIds = rounds.map((r) => r.enpsQuestionId);
  const [responses, values] = await Promise.all([
    ctx.db.$queryRaw<{ roundId: string; departmentId: string | null; teamId: string | null; n: Num }[]>(Prisma.sql`
      SELECT r."roundId" AS "roundId", r."departmentId" AS "departmentId", r."teamId" AS "teamId", COUNT(*) AS n
      FROM "Response" r WHERE r."roundId" IN (${Prisma.join(roundIds)})
      GROUP BY r."roundId", r."departmentId", r."teamId"`),
    ctx.db.$queryRaw<{ roundId: string; departmentId: string | null; teamId: string | null; value: Num; n: Num }[]>(Prisma.sql`
      SELECT r."roundId" AS "roundId", r."departmentId" AS "departmentId", r."teamId" AS "teamId", a."value" AS "value", COUNT(*) AS n
      FROM "Answer" a JOIN "Response" r ON r."id" = a."responseId"
      WHERE a."questionId" IN (${Prisma.join(questionIds)}) AND a."value" IS NOT NULL
      GROUP BY r."roundId", r."departmentId", r."teamId", a."value"`),
  ]);
  const out = new Map<string, EnpsSlice>(rounds.map((r) => [r.id, { questionId: r.enpsQuestionId, cells: [] }]));
  const cells = new Map<string, SliceCell>();
  const cellOf = (roundId: string, departmentId: string | null, teamId: string | null) => {
    const key = `${roundId}|${departmentId}|${teamId}`;
    let c = cells.get(key);
    if (!c) {
      c = { departmentId, teamId, responses: 0, answers: 0, values: [] };
      cells.set(key, c);
      out.get(roundId)?.cells.push(c);
    }
    return c;
  };
  for (const r of responses) cellOf(r.roundId, r.departmentId, r.teamId).responses += Number(r.n);
  for (const v of values) {
    const c = cellOf(v.roundId, v.departmentId, v.teamId);
    c.answers += Number(v.n);
    c.values.push({ value: Number(v.value), count: Number(v.n) });
  }
  return out;
}

/**
 * Looks `rounds` up in the in-process cache, then the settled ones among the rest in the stored slices (one
 * query); found slices go to `found` (and the cache). Returns the rounds still missing.
 */
async function cachedOrStored(ctx: AppContext, rounds: readonly SliceRound[], found: (r: SliceRound, slice: EnpsSlice) => void): Promise<SliceRound[]> {
  const { slices } = cachesOf(ctx);
  const missing = rounds.filter((r) => {
    const hit = slices.get(r.id);
    if (!hit || hit.questionId !== r.enpsQuestionId) return true;
    found(r, hit);
    return false;
  });
  const stored = await readStoredSlices(ctx, missing.filter((r) => settled(r)));
  return missing.filter((r) => {
    const slice = stored.get(r.id);
    if (!slice) return true;
    slices.set(r.id, slice);
    found(r, slice);
    return false;
  });
}

/** Computes the slices of `rounds`; stores and caches those of settled rounds. */
async function computeSlices(ctx: AppContext, rounds: readonly SliceRound[]): Promise<Map<string, EnpsSlice>> {
  const { slices } = cachesOf(ctx);
  const out = new Map<string, EnpsSlice>();
  for (let i = 0; i < rounds.length; i += CHUNK) {
    const chunk = rounds.slice(i, i + CHUNK);
    const loaded = await loadSlices(ctx, chunk);
    const settledOnes = chunk.filter((r) => settled(r));
    await storeSlices(ctx, settledOnes.map((r) => ({ roundId: r.id, slice: loaded.get(r.id) as EnpsSlice })));
    for (const r of chunk) out.set(r.id, loaded.get(r.id) as EnpsSlice);
    for (const r of settledOnes) slices.set(r.id, loaded.get(r.id) as EnpsSlice);
  }
  return out;
}

/** The eNPS slice of every round in `rounds`: cached or stored for settled closed rounds, the rest computed in bulk. */
export async function enpsSlices(ctx: AppContext, rounds: readonly SliceRound[]): Promise<Map<string, EnpsSlice>> {
  const out = new Map<string, EnpsSlice>();
  const missing = await cachedOrStored(ctx, rounds, (r, slice) => out.set(r.id, slice));
  for (const [id, slice] of await computeSlices(ctx, missing)) out.set(id, slice);
  return out;
}

/**
 * Computes and stores the slices of up to `limit` settled closed rounds (with an eNPS question) that have none
 * stored yet, newest first; returns how many. The close-rounds job calls it every tick, so slices are stored
 * soon after a round settles and older rounds get theirs a batch at a time, before anyone asks.
 */
export async function storeMissingSlices(ctx: AppContext, limit: number): Promise<number> {
  const rounds = await ctx.db.round.findMany({
    where: { status: 'closed', releasedAt: { not: null }, enpsSlice: null, questions: { some: { kind: 'enps' } } },
    select: { id: true, status: true, closedAt: true, releasedAt: true, questions: { where: { kind: 'enps' }, orderBy: { position: 'asc' }, take: 1, select: { id: true } } },
    orderBy: [{ closedAt: 'desc' }, { id: 'asc' }],
    take: limit,
  });
  const sliceRounds = rounds.map((r) => ({ id: r.id, status: r.status, releasedAt: r.releasedAt, enpsQuestionId: r.questions[0].id }));
  await computeSlices(ctx, sliceRounds);
  return sliceRounds.length;
}

/** The slice's cells as the remainder rule takes them: responses, and answers to the eNPS question. */
export function sliceCells(slice: EnpsSlice): { responses: Cell[]; answers: Cell[] } {
  return {
    responses: slice.cells.filter((c) => c.responses > 0).map((c) => ({ departmentId: c.departmentId, teamId: c.teamId, n: c.responses })),
    answers: slice.cells.filter((c) => c.answers > 0).map((c) => ({ departmentId: c.departmentId, teamId: c.teamId, n: c.answers })),
  };
}

/** A round's company-wide eNPS totals: responses, answers to the eNPS question, counts per value. */
export interface CompanyTotals {
  questionId: string;
  responses: number;
  answers: number;
  values: ValueCount[];
}

function totalsOfSlice(slice: EnpsSlice): CompanyTotals {
  const values = new Map<number, number>();
  let responses = 0;
  let answers = 0;
  for (const c of slice.cells) {
    responses += c.responses;
    answers += c.answers;
    for (const v of c.values) values.set(v.value, (values.get(v.value) ?? 0) + v.count);
  }
  return { questionId: slice.questionId, responses, answers, values: [...values].map(([value, count]) => ({ value, count })) };
}

/**
 * Company totals of every round in `rounds`: from a cached or stored slice or cached totals, the rest in two
 * cheap GROUP BY queries (no join: the overview need not know the cells), cached for settled closed rounds.
 * The overview stores no slices (computing cells costs ten times more than totals); the close-rounds job and
 * the department and team pages do.
 */
export async function companyTotals(ctx: AppContext, rounds: readonly SliceRound[]): Promise<Map<string, CompanyTotals>> {
  const { totals } = cachesOf(ctx);
  const out = new Map<string, CompanyTotals>();
  const uncached = rounds.filter((r) => {
    const hit = totals.get(r.id);
    if (hit && hit.questionId === r.enpsQuestionId) out.set(r.id, hit);
    return !out.has(r.id);
  });
  const missing = await cachedOrStored(ctx, uncached, (r, slice) => {
    const t = totalsOfSlice(slice);
    out.set(r.id, t);
    totals.set(r.id, t);
  });
  for (let i = 0; i < missing.length; i += CHUNK) {
    const chunk = missing.slice(i, i + CHUNK);
    const [responses, values] = await Promise.all([
      ctx.db.response.groupBy({ by: ['roundId'], where: { roundId: { in: chunk.map((r) => r.id) } }, _count: { _all: true } }),
      ctx.db.$queryRaw<{ questionId: string; value: Num; n: Num }[]>(Prisma.sql`
        SELECT a."questionId" AS "questionId", a."value" AS "value", COUNT(*) AS n FROM "Answer" a
        WHERE a."questionId" IN (${Prisma.join(chunk.map((r) => r.enpsQuestionId))}) AND a."value" IS NOT NULL
        GROUP BY a."questionId", a."value"`),
    ]);
    const responsesOf = new Map(responses.map((r) => [r.roundId, r._count._all]));
    for (const r of chunk) {
      const counts = values.filter((v) => v.questionId === r.enpsQuestionId).map((v) => ({ value: Number(v.value), count: Number(v.n) }));
      const t: CompanyTotals = { questionId: r.enpsQuestionId, responses: responsesOf.get(r.id) ?? 0, answers: counts.reduce((s, c) => s + c.count, 0), values: counts };
      out.set(r.id, t);
      if (settled(r)) totals.set(r.id, t);
    }
  }
  return out;
}
