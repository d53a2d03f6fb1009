/**
 * Bulk seeding of a results history through the raw driver: `rounds` weekly CLOSED rounds of a 4-question
 * survey (eNPS and three 1–5 ratings), one invitation per person per round, and a response with four answers
 * from each person who answered (a per-team response rate around `responseRate`). Values are drawn from a
 * seeded generator, with a mood per team that drifts over the weeks, so trends are not flat. One round at a
 * time goes in (one transaction per table), so memory stays small.
 */
import crypto from 'node:crypto';
import type { RawSql, Row } from './raw-sql';

/**
 * Inserts `rows` into `table`. PostgreSQL: one JSON parameter per 20,000 rows (json_populate_recordset), far
 * cheaper to parse than tens of thousands of bind parameters; SQLite: the raw helper's multi-row INSERTs.
 */
async function bulkInsert(raw: RawSql, table: string, rows: Row[]): Promise<void> {
  if (raw.provider === 'sqlite' || rows.length === 0) return raw.insertMany(table, rows);
  const cols = Object.keys(rows[0]).map((c) => `"${c}"`).join(', ');
  await raw.query('BEGIN');
  try {
    for (let i = 0; i < rows.length; i += 20_000) {
      await raw.query(`INSERT INTO "${table}" (${cols}) SELECT ${cols} FROM json_populate_recordset(NULL::"${table}", ?)`, [JSON.stringify(rows.slice(i, i + 20_000))]);
    }
    await raw.query('COMMIT');
  } catch (err) {
    await raw.query('ROLLBACK');
    throw err;
  }
}
import type { SeededOrg } from './seed';

export const RESULTS_QUESTIONS = ['enps', 'rating', 'rating', 'rating'] as const;

export interface SeededHistory {
  roundIds: string[];
  /** Per round, its question ids in position order (the eNPS question first). */
  questionIds: string[][];
  responses: number;
  answers: number;
}

const uuid = () => crypto.randomUUID();
/** Ids that sort in insertion order (round, then row), so bulk inserts append to the primary-key B-trees. */
const seqId = (prefix: string, w: number, i: number) => `${prefix}${String(w).padStart(3, '0')}-${String(i).padStart(8, '0')}`;
const WEEK = 7 * 86_400_000;

/** A small deterministic generator (LCG), so two runs seed the same numbers. */
function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function enpsValue(rand: () => number, mood: number): number {
  // mood in 0..1 shifts the answer up; 1..10 scale.
  const v = Math.round(4 + mood * 6 + (rand() - 0.5) * 5);
  return Math.min(10, Math.max(1, v));
}

function ratingValue(rand: () => number, mood: number): number {
  return Math.min(5, Math.max(1, Math.round(1.5 + mood * 3 + (rand() - 0.5) * 2.5)));
}

/** Seeds the history; the newest round opened one week before `now`. */
export async function seedHistory(raw: RawSql, org: SeededOrg, o: { rounds: number; responseRate: number; now?: Date }): Promise<SeededHistory> {
  const now = o.now ?? new Date();
  const rand = generator(20261126);
  const surveyId = uuid();
  await raw.insertMany('Survey', [{ id: surveyId, title: 'Weekly pulse', intro: '', archived: false, createdAt: now, updatedAt: now }]);
  await raw.insertMany(
    'SurveyQuestion',
    RESULTS_QUESTIONS.map((kind, i) => ({ id: uuid(), surveyId, position: i + 1, kind, text: `Question ${i + 1}`, options: '[]', required: true, enpsScale: '1-10' })),
  );
  const teamMood = new Map(org.teamIds.map((id) => [id, rand()]));
  const teamRate = new Map(org.teamIds.map((id) => [id, Math.min(1, o.responseRate + (rand() - 0.5) * 0.08)]));
  const history: SeededHistory = { roundIds: [], questionIds: [], responses: 0, answers: 0 };
  // PostgreSQL: the rows are consistent by construction, so the per-row foreign-key triggers are skipped
  // while seeding (a bulk-load setting of this session only; needs a superuser, as the bench's default has).
  if (raw.provider === 'postgresql') await raw.query("SET session_replication_role = 'replica'").catch(() => undefined);
  for (let w = 0; w < o.rounds; w++) {
    const roundId = uuid();
    const openedAt = new Date(now.getTime() - (o.rounds - w) * WEEK);
    const closesAt = new Date(openedAt.getTime() + 5 * 86_400_000);
    const day = openedAt.toISOString().slice(0, 10);
    await raw.insertMany('Round', [
      {
        id: roundId, surveyId, slot: `now:${roundId}`, title: `Weekly pulse ${day}`, intro: '', status: 'closed', late: false, openedAt, closesAt, closedAt: closesAt, releasedAt: closesAt, tracesClearedAt: closesAt,
        reminderCount: 2, remindersDone: 2, invitedCount: org.people.length, respondedCount: 0, published: true,
      },
    ]);
    const qIds = RESULTS_QUESTIONS.map(() => uuid());
    await raw.insertMany('RoundQuestion', RESULTS_QUESTIONS.map((kind, i) => ({ id: qIds[i], roundId, position: i + 1, kind, text: `Question ${i + 1}`, options: '[]', required: true, enpsScale: '1-10' })));
    for (const id of org.teamIds) teamMood.set(id, Math.min(1, Math.max(0, (teamMood.get(id) as number) + (rand() - 0.5) * 0.1)));
    const invitations: Row[] = [];
    const responses: Row[] = [];
    const answers: Row[] = [];
    org.people.forEach((p, i) => {
      const answered = rand() < (teamRate.get(p.teamId) as number);
      invitations.push({ id: seqId('i', w, i), roundId, employeeId: p.id, teamId: p.teamId, departmentId: p.departmentId, locale: 'en', tokenHash: seqId('h', w, i), answered: false });
      if (!answered) return;
      const responseId = seqId('r', w, i);
      responses.push({ id: responseId, roundId, teamId: p.teamId, departmentId: p.departmentId });
      const mood = teamMood.get(p.teamId) as number;
      answers.push({ responseId, questionId: qIds[0], value: enpsValue(rand, mood) });
      for (let q = 1; q < qIds.length; q++) answers.push({ responseId, questionId: qIds[q], value: ratingValue(rand, mood) });
    });
    await bulkInsert(raw, 'Invitation', invitations);
    await bulkInsert(raw, 'Response', responses);
    await bulkInsert(raw, 'Answer', answers);
    await raw.query('UPDATE "Round" SET "respondedCount" = ? WHERE "id" = ?', [responses.length, roundId]);
    history.roundIds.push(roundId);
    history.questionIds.push(qIds);
    history.responses += responses.length;
    history.answers += answers.length;
  }
  if (raw.provider === 'postgresql') await raw.query("SET session_replication_role = 'origin'").catch(() => undefined);
  return history;
}
