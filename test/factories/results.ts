/**
 * Builders for results: a closed round with its question snapshot, and anonymous responses to it.
 * `const r = await buildRound(db, { questions: [{ kind: 'enps' }, { kind: 'rating' }] })`, then
 * `await addResponses(db, r, { teamId, departmentId }, [[9, 4], [3, 5]])` (one array per response, one entry per question).
 */
import crypto from 'node:crypto';
import type { DbTx } from '../../server/db/client';

export interface QuestionSpec {
  kind: 'enps' | 'rating' | 'single' | 'multi' | 'comment';
  text?: string;
  enpsScale?: '1-10' | '0-10';
  options?: string[];
}

export interface BuiltRound {
  id: string;
  questionIds: string[];
}

let counter = 0;

export async function buildRound(
  db: DbTx,
  o: { questions?: QuestionSpec[]; openedAt?: Date; status?: 'open' | 'closed'; published?: boolean; surveyId?: string; title?: string } = {},
): Promise<BuiltRound> {
  const surveyId = o.surveyId ?? (await db.survey.create({ data: { title: 'Pulse check' } })).id;
  const openedAt = o.openedAt ?? new Date(Date.UTC(2026, 0, 5 + 7 * counter++));
  const questions = o.questions ?? [{ kind: 'enps' }];
  const round = await db.round.create({
    data: {
      surveyId,
      slot: `now:${crypto.randomUUID()}`,
      title: o.title ?? `Round of ${openedAt.toISOString().slice(0, 10)}`,
      status: o.status ?? 'closed',
      openedAt,
      closesAt: new Date(openedAt.getTime() + 5 * 86400000),
      closedAt: o.status === 'open' ? null : new Date(openedAt.getTime() + 5 * 86400000),
      // A closed round built here has its answers released (they are written directly, as released ones are).
      releasedAt: o.status === 'open' ? null : new Date(openedAt.getTime() + 5 * 86400000),
      published: o.published ?? false,
    },
  });
  const questionIds = questions.map(() => crypto.randomUUID());
  await db.roundQuestion.createMany({
    data: questions.map((q, i) => ({
      id: questionIds[i],
      roundId: round.id,
      position: i,
      kind: q.kind,
      text: q.text ?? `Question ${i + 1} (${q.kind})`,
      options: JSON.stringify(q.options ?? []),
      enpsScale: q.enpsScale ?? '1-10',
      required: false,
    })),
  });
  return { id: round.id, questionIds };
}

/** One answer: a score, a list of chosen labels, a comment, or null (skipped). */
export type AnswerSpec = number | string[] | string | null;

/** Adds one response per entry of `answers` to the round, in the group given. Returns how many. */
export async function addResponses(db: DbTx, round: BuiltRound, group: { teamId?: string | null; departmentId?: string | null }, answers: AnswerSpec[][]): Promise<number> {
  const responses = answers.map(() => ({ id: crypto.randomUUID(), roundId: round.id, teamId: group.teamId ?? null, departmentId: group.departmentId ?? null }));
  await db.response.createMany({ data: responses });
  const rows = answers.flatMap((list, r) =>
    list.flatMap((a, q) =>
      a === null
        ? []
        : [{
            responseId: responses[r].id,
            questionId: round.questionIds[q],
            value: typeof a === 'number' ? a : null,
            choices: Array.isArray(a) ? JSON.stringify(a) : null,
            comment: typeof a === 'string' ? a : null,
          }],
    ),
  );
  if (rows.length) await db.answer.createMany({ data: rows });
  return answers.length;
}

/** `n` responses in the group that all give the same answers. */
export function same(n: number, answers: AnswerSpec[]): AnswerSpec[][] {
  return Array.from({ length: n }, () => answers);
}
