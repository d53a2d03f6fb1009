/** Builders for the survey editor's tests: surveys, rounds with their question snapshot, and round emails. */
import crypto from 'node:crypto';
import type { DbTx } from '../../server/db/client';

export interface QuestionSeed {
  kind?: 'enps' | 'rating' | 'single' | 'multi' | 'comment';
  text?: string;
  options?: string[];
  required?: boolean;
}

export async function buildSurvey(db: DbTx, o: { title?: string; questions?: QuestionSeed[] } = {}) {
  const questions = o.questions ?? [{ kind: 'rating', text: 'I feel valued for the work I do.' }];
  return db.survey.create({
    data: {
      title: o.title ?? `Pulse ${crypto.randomBytes(3).toString('hex')}`,
      questions: {
        create: questions.map((q, position) => ({
          position,
          kind: q.kind ?? 'rating',
          text: q.text ?? `Question ${position + 1}`,
          options: JSON.stringify(q.options ?? []),
          required: q.required ?? true,
        })),
      },
    },
    include: { questions: { orderBy: { position: 'asc' } } },
  });
}

/** A round of `surveyId` whose questions are a copy of the survey's questions now (as opening a round does). */
export async function buildRound(
  db: DbTx,
  surveyId: string,
  o: { invitedCount?: number; respondedCount?: number; status?: 'open' | 'closed'; late?: boolean; openedAt?: Date; closesAt?: Date } = {},
) {
  const survey = await db.survey.findUniqueOrThrow({ where: { id: surveyId }, include: { questions: { orderBy: { position: 'asc' } } } });
  const openedAt = o.openedAt ?? new Date();
  return db.round.create({
    data: {
      surveyId,
      slot: `now:${crypto.randomUUID()}`,
      title: survey.title,
      intro: survey.intro,
      status: o.status ?? 'open',
      late: o.late ?? false,
      openedAt,
      closesAt: o.closesAt ?? new Date(openedAt.getTime() + 5 * 86_400_000),
      invitedCount: o.invitedCount ?? 0,
      respondedCount: o.respondedCount ?? 0,
      questions: {
        create: survey.questions.map(({ position, kind, text, textId, options, required, enpsScale }) => ({ position, kind, text, textId, options, required, enpsScale })),
      },
    },
    include: { questions: { orderBy: { position: 'asc' } } },
  });
}

/** Outbox rows of a round: one per entry, with the given status (and error for failed ones). */
export async function buildRoundEmails(db: DbTx, roundId: string, rows: { status: 'pending' | 'sending' | 'sent' | 'failed'; to?: string; error?: string }[]) {
  await db.outboxEmail.createMany({
    data: rows.map((r, i) => ({
      dedupeKey: `test:${roundId}:${i}:${crypto.randomUUID()}`,
      template: 'round-invitation',
      toAddress: r.to ?? `invitee-${i}@example.com`,
      status: r.status,
      lastError: r.error ?? null,
      roundId,
    })),
  });
}
