/**
 * Bulk seeding of benchmark organisations through the raw driver (multi-row INSERTs in one transaction):
 * departments, teams, people, a 10-question survey and rounds with known personal-link tokens.
 */
import crypto from 'node:crypto';
import { hashToken, randomToken } from '../../server/secrets';
import type { RawSql, Row } from './raw-sql';

export interface SeededPerson {
  id: string;
  email: string;
  name: string;
  teamId: string;
  departmentId: string;
}

export interface SeededOrg {
  departmentIds: string[];
  teamIds: string[];
  people: SeededPerson[];
}

const uuid = () => crypto.randomUUID();

/** `people` employees spread evenly over `teams` teams in `departments` departments. */
export async function seedOrg(raw: RawSql, o: { people: number; teams: number; departments: number }): Promise<SeededOrg> {
  const now = new Date();
  await raw.insertMany('OrgSettings', [{ id: 1, companyName: 'Bench Co', updatedAt: now }]);
  const departments = Array.from({ length: o.departments }, (_, i) => ({ id: uuid(), name: `Department ${i + 1}`, createdAt: now }));
  await raw.insertMany('Department', departments);
  const teams = Array.from({ length: o.teams }, (_, i) => ({ id: uuid(), name: `Team ${i + 1}`, departmentId: departments[i % o.departments].id, createdAt: now }));
  await raw.insertMany('Team', teams);
  const people: SeededPerson[] = Array.from({ length: o.people }, (_, i) => {
    const team = teams[i % o.teams];
    return { id: uuid(), email: `person${i + 1}@bench.test`, name: `Person ${i + 1}`, teamId: team.id, departmentId: team.departmentId };
  });
  await raw.insertMany(
    'Employee',
    people.map((p) => ({ id: p.id, email: p.email, name: p.name, role: 'employee', teamId: p.teamId, locale: 'en', timeZone: 'UTC', active: true, createdAt: now, updatedAt: now })),
  );
  return { departmentIds: departments.map((d) => d.id), teamIds: teams.map((t) => t.id), people };
}

export interface SeededQuestion {
  id: string;
  position: number;
  kind: string;
  options: string;
}

/** The benchmark's 10 questions: eNPS, six ratings, a single choice, a multiple choice and a comment. */
export const QUESTION_KINDS = ['enps', 'rating', 'rating', 'rating', 'rating', 'rating', 'rating', 'single', 'multi', 'comment'];
const OPTIONS = JSON.stringify(['Tools', 'Process', 'People']);

/** A complete answer to the 10 questions, as the form posts it. */
export const ANSWER_BODY = 'q1=9&q2=4&q3=5&q4=3&q5=4&q6=2&q7=5&q8=1&q9=0&q9=2&q10=More+focus+time+please';

/** A survey with the benchmark's 10 questions. */
export async function seedSurvey(raw: RawSql, title = 'Weekly pulse'): Promise<{ surveyId: string }> {
  const now = new Date();
  const surveyId = uuid();
  await raw.insertMany('Survey', [{ id: surveyId, title, intro: '', archived: false, createdAt: now, updatedAt: now }]);
  await raw.insertMany(
    'SurveyQuestion',
    QUESTION_KINDS.map((kind, i) => ({ id: uuid(), surveyId, position: i + 1, kind, text: `Question ${i + 1}`, options: kind === 'single' || kind === 'multi' ? OPTIONS : '[]', required: true, enpsScale: '1-10' })),
  );
  return { surveyId };
}

export interface SeededRound {
  roundId: string;
  questions: SeededQuestion[];
  /** The personal-link tokens, one per invitee. */
  tokens: string[];
}

/** An open round of `surveyId`'s 10 questions with one invitation (known token) per person in `people`. */
export async function seedRound(raw: RawSql, surveyId: string, people: SeededPerson[], o: { openedAt?: Date; closesAt?: Date; status?: string } = {}): Promise<SeededRound> {
  const roundId = uuid();
  const openedAt = o.openedAt ?? new Date();
  await raw.insertMany('Round', [
    {
      id: roundId, surveyId, slot: `now:${roundId}`, title: 'Weekly pulse', intro: '', status: o.status ?? 'open', late: false, openedAt,
      closesAt: o.closesAt ?? new Date(Date.now() + 5 * 86_400_000), reminderCount: 2, remindersDone: 0, invitedCount: people.length, respondedCount: 0, published: false,
    },
  ]);
  const questions: SeededQuestion[] = QUESTION_KINDS.map((kind, i) => ({ id: uuid(), position: i + 1, kind, options: kind === 'single' || kind === 'multi' ? OPTIONS : '[]' }));
  await raw.insertMany(
    'RoundQuestion',
    questions.map((q) => ({ id: q.id, roundId, position: q.position, kind: q.kind, text: `Question ${q.position}`, options: q.options, required: true, enpsScale: '1-10' })),
  );
  const tokens = people.map(() => randomToken(32));
  const rows: Row[] = people.map((p, i) => ({
    id: uuid(), roundId, employeeId: p.id, teamId: p.teamId, departmentId: p.departmentId, locale: 'en', tokenHash: hashToken(tokens[i]), answered: false,
  }));
  await raw.insertMany('Invitation', rows);
  return { roundId, questions, tokens };
}
