/**
 * The aggregated numbers of one round, straight from SQL (GROUP BY on the database, never every answer in
 * memory): responses and invitations per (department, team), and per question the counts per value, per
 * choice list and of comments. Portable SQL for SQLite and PostgreSQL; uses Response(roundId, teamId) and
 * Answer(responseId).
 */
import { Prisma } from '../../../prisma/generated/sqlite/client';
import type { AppContext } from '../../context';
import type { Cell } from './groups';
import { cachesOf, settled } from './round-cache';
import { readStoredCube, storeCube } from './stored-cubes';

export interface ValueCell extends Cell {
  questionId: string;
  value: number;
}
export interface ChoiceCell extends Cell {
  questionId: string;
  choices: string;
}
export interface QuestionCell extends Cell {
  questionId: string;
}
export interface InvitationCell {
  departmentId: string | null;
  teamId: string | null;
  invited: number;
}

export interface RoundCube {
  responses: Cell[];
  invitations: InvitationCell[];
  values: ValueCell[];
  choices: ChoiceCell[];
  comments: QuestionCell[];
}

type Raw = { departmentId: string | null; teamId: string | null; n: bigint | number };

const cell = (r: Raw): Cell => ({ departmentId: r.departmentId, teamId: r.teamId, n: Number(r.n) });

export async function loadRoundCube(ctx: AppContext, roundId: string): Promise<RoundCube> {
  const [responses, invitations, answers] = await Promise.all([
    ctx.db.$queryRaw<Raw[]>(Prisma.sql`
      SELECT r."departmentId" AS "departmentId", r."teamId" AS "teamId", COUNT(*) AS n
      FROM "Response" r WHERE r."roundId" = ${roundId}
      GROUP BY r."departmentId", r."teamId"`),
    ctx.db.invitation.groupBy({ by: ['departmentId', 'teamId'], where: { roundId }, _count: { _all: true } }),
    // One pass over the round's answers: scores, choice lists and whether a comment was written.
    ctx.db.$queryRaw<(Raw & { questionId: string; value: bigint | number | null; choices: string | null; commented: bigint | number })[]>(Prisma.sql`
      SELECT r."departmentId" AS "departmentId", r."teamId" AS "teamId", a."questionId" AS "questionId", a."value" AS "value", a."choices" AS "choices",
        CASE WHEN a."comment" IS NOT NULL AND a."comment" <> '' THEN 1 ELSE 0 END AS commented, COUNT(*) AS n
      FROM "Response" r JOIN "Answer" a ON a."responseId" = r."id"
      WHERE r."roundId" = ${roundId}
      GROUP BY r."departmentId", r."teamId", a."questionId", a."value", a."choices", CASE WHEN a."comment" IS NOT NULL AND a."comment" <> '' THEN 1 ELSE 0 END`),
  ]);
  return {
    responses: responses.map(cell),
    invitations: invitations.map((i) => ({ departmentId: i.departmentId, teamId: i.teamId, invited: i._count._all })),
    values: answers.filter((a) => a.value !== null).map((a) => ({ ...cell(a), questionId: a.questionId, value: Number(a.value) })),
    choices: answers.filter((a) => a.choices !== null).map((a) => ({ ...cell(a), questionId: a.questionId, choices: a.choices as string })),
    comments: answers.filter((a) => Number(a.commented) === 1).map((a) => ({ ...cell(a), questionId: a.questionId })),
  };
}

/**
 * The round's cube. A settled round's: from the in-process cache, else its stored cube (stored-cubes.ts), else
 * added up from SQL, stored and cached. Any other round's: always straight from SQL.
 */
export async function roundCube(ctx: AppContext, round: { id: string; status: string; releasedAt: Date | null }): Promise<RoundCube> {
  if (!settled(round)) return loadRoundCube(ctx, round.id);
  const { cubes } = cachesOf(ctx);
  const hit = cubes.get(round.id);
  if (hit) return hit;
  let cube = await readStoredCube(ctx, round.id);
  if (!cube) {
    cube = await loadRoundCube(ctx, round.id);
    await storeCube(ctx, round.id, cube);
  }
  cubes.set(round.id, cube);
  return cube;
}

/**
 * Adds up and stores the cubes of up to `limit` settled rounds that have none stored yet, newest first; returns
 * how many. The close-rounds job calls it every tick, so a round's cube is stored soon after it settles, before a
 * restarted instance's first team page asks for it.
 */
export async function storeMissingCubes(ctx: AppContext, limit: number): Promise<number> {
  const rounds = await ctx.db.round.findMany({
    where: { status: 'closed', releasedAt: { not: null }, resultCube: null },
    select: { id: true },
    orderBy: [{ closedAt: 'desc' }, { id: 'asc' }],
    take: limit,
  });
  for (const r of rounds) await storeCube(ctx, r.id, await loadRoundCube(ctx, r.id));
  return rounds.length;
}
