/**
 * Six months of weekly pulse history for the demo organisation: one survey "Weekly pulse" (eNPS, four
 * ratings, one comment) and 26 closed rounds with invitations (no usable tokens), responses and answers.
 * Some teams are happier than others and moods drift slowly; 70–85 % answer each week. The story team
 * (demo-story.ts) is happy, dips three to four months ago and recovers, and nearly all of it answers. Deterministic
 * (seeded), bulk inserts only. Run after seedDemoOrg; does nothing if the survey already exists.
 */
import crypto from 'node:crypto';
import type { AppContext } from '../../context';
import type { Prisma } from '../../../prisma/generated/sqlite/client';
import { STORY_TEAM, storyDipWeeks } from './demo-story';

export const SURVEY_TITLE = 'Weekly pulse';
const QUESTIONS = [
  { kind: 'enps', text: 'How likely are you to recommend working here to a friend?', textId: 'Seberapa besar kemungkinan Anda merekomendasikan tempat kerja ini kepada teman?' },
  { kind: 'rating', text: 'I have the tools I need to do my job well.', textId: 'Saya memiliki alat yang saya butuhkan untuk bekerja dengan baik.' },
  { kind: 'rating', text: 'My workload is manageable.', textId: 'Beban kerja saya dapat saya kelola.' },
  { kind: 'rating', text: 'I get useful feedback from my manager.', textId: 'Saya mendapat masukan yang berguna dari manajer saya.' },
  { kind: 'rating', text: 'I see a future for myself here.', textId: 'Saya melihat masa depan saya di sini.' },
  { kind: 'comment', text: 'Anything you would like to share?', textId: 'Ada hal lain yang ingin Anda sampaikan?' },
] as const;
const COMMENTS = [
  'The new CRM saves me an hour a day.',
  'Too many internal meetings this week.',
  'Great support from the team on the big renewal.',
  'Targets for next quarter feel out of reach.',
  'Onboarding for new hires could be more structured.',
  'Tim sangat solid minggu ini.',
  'Komisi perlu dijelaskan lebih jelas.',
  'I would like more coaching on negotiation.',
  'Remote Fridays are working well.',
  'Proses persetujuan diskon terlalu lama.',
];
const WEEKS = 26;

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const clamp = (x: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(x)));

async function inChunks<T>(rows: T[], size: number, write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

/** Seeds the survey history. Returns false when it is already there or the organisation has no teams. */
export async function seedDemoSurveyHistory(ctx: AppContext): Promise<boolean> {
  if (await ctx.db.survey.findFirst({ where: { title: SURVEY_TITLE } })) return false;
  // In an order both databases agree on (by email, compared in code; teams by name), so the seeded random
  // story is the same on SQLite and PostgreSQL, run after run.
  const people = (
    await ctx.db.employee.findMany({
      where: { active: true, teamId: { not: null } },
      select: { id: true, email: true, locale: true, teamId: true, team: { select: { departmentId: true, name: true } } },
    })
  ).sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
  if (people.length === 0) return false;
  const rand = rng(2026);
  const teamName = new Map(people.map((p) => [p.teamId as string, p.team?.name ?? '']));
  const teamIds = [...teamName.keys()].sort((a, b) => ((teamName.get(a) as string) < (teamName.get(b) as string) ? -1 : 1));
  // Each team's base mood (0..1) and a slow drift per week.
  const mood = new Map(teamIds.map((id) => [id, { base: 0.45 + rand() * 0.45, drift: (rand() - 0.5) * 0.02 }]));
  const storyTeam = people.find((p) => p.team?.name === STORY_TEAM)?.teamId;
  if (storyTeam) mood.set(storyTeam, { base: 0.9, drift: 0 });

  const survey = await ctx.db.survey.create({
    data: { title: SURVEY_TITLE, intro: 'Two minutes, every Monday.', titleId: 'Denyut mingguan', introId: 'Dua menit, setiap Senin.', questions: { create: QUESTIONS.map((q, i) => ({ position: i, kind: q.kind, text: q.text, textId: q.textId, required: q.kind !== 'comment' })) } },
  });
  const now = ctx.clock.now();
  const rounds: Prisma.RoundCreateManyInput[] = [];
  const roundQuestions: Prisma.RoundQuestionCreateManyInput[] = [];
  const invitations: Prisma.InvitationCreateManyInput[] = [];
  const responses: Prisma.ResponseCreateManyInput[] = [];
  const answers: Prisma.AnswerCreateManyInput[] = [];

  for (let w = 0; w < WEEKS; w++) {
    const openedAt = new Date(now.getTime() - (WEEKS - w) * 7 * 86400000);
    openedAt.setUTCHours(2, 0, 0, 0);
    const closesAt = new Date(openedAt.getTime() + 5 * 86400000);
    const roundId = crypto.randomUUID();
    const qIds = QUESTIONS.map(() => crypto.randomUUID());
    const rate = 0.7 + rand() * 0.15;
    let responded = 0;
    for (const p of people) {
      const answered = rand() < (p.teamId === storyTeam ? 0.95 : rate);
      invitations.push({ id: crypto.randomUUID(), roundId, employeeId: p.id, teamId: p.teamId, departmentId: p.team?.departmentId ?? null, locale: p.locale, tokenHash: crypto.randomBytes(32).toString('hex'), answered: false });
      if (!answered) continue;
      responded++;
      const m = mood.get(p.teamId as string) as { base: number; drift: number };
      const dip = p.teamId === storyTeam ? 0.45 * storyDipWeeks(WEEKS - w) : 0;
      const happiness = Math.max(0, Math.min(1, m.base - dip + m.drift * w + (rand() - 0.5) * 0.35));
      const responseId = crypto.randomUUID();
      responses.push({ id: responseId, roundId, teamId: p.teamId, departmentId: p.team?.departmentId ?? null });
      answers.push({ responseId, questionId: qIds[0], value: clamp(1 + happiness * 9 + (rand() - 0.5) * 2, 1, 10) });
      for (let q = 1; q <= 4; q++) answers.push({ responseId, questionId: qIds[q], value: clamp(1 + happiness * 4 + (rand() - 0.5) * 1.5, 1, 5) });
      if (rand() < 0.3) answers.push({ responseId, questionId: qIds[5], comment: COMMENTS[Math.floor(rand() * COMMENTS.length)] });
    }
    rounds.push({ id: roundId, surveyId: survey.id, slot: `demo:${openedAt.toISOString()}`, title: `${SURVEY_TITLE} · ${openedAt.toISOString().slice(0, 10)}`, status: 'closed', openedAt, closesAt, closedAt: closesAt, releasedAt: closesAt, tracesClearedAt: closesAt, remindersDone: 2, invitedCount: people.length, respondedCount: responded, published: w < WEEKS - 2 });
    QUESTIONS.forEach((q, i) => roundQuestions.push({ id: qIds[i], roundId, position: i, kind: q.kind, text: q.text, textId: q.textId, required: q.kind !== 'comment' }));
  }

  await ctx.db.$transaction(async (tx) => {
    await tx.round.createMany({ data: rounds });
    await tx.roundQuestion.createMany({ data: roundQuestions });
    await inChunks(invitations, 500, (c) => tx.invitation.createMany({ data: c }));
    await inChunks(responses, 500, (c) => tx.response.createMany({ data: c }));
    await inChunks(answers, 1000, (c) => tx.answer.createMany({ data: c }));
  }, { timeout: 300000 });
  return true;
}
