/** Builders for surveys and schedules: `buildSurvey(db)` gives one question of every kind. */
import crypto from 'node:crypto';
import type { DbTx } from '../../server/db/client';

const uid = () => crypto.randomBytes(4).toString('hex');

export interface QuestionOverrides {
  kind: 'enps' | 'rating' | 'single' | 'multi' | 'comment';
  text?: string;
  textId?: string | null;
  options?: string[];
  optionsId?: string[] | null;
  required?: boolean;
  enpsScale?: '1-10' | '0-10';
}

export const EVERY_KIND: QuestionOverrides[] = [
  { kind: 'enps', text: 'How likely are you to recommend Acme as a place to work?', textId: 'Seberapa besar kemungkinan Anda merekomendasikan Acme?' },
  { kind: 'rating', text: 'I have what I need to do my job well' },
  { kind: 'single', text: 'How was your week?', options: ['Calm', 'Busy', 'Overloaded'] },
  { kind: 'multi', text: 'What helped?', options: ['My team', 'My manager', 'Tools'], required: false },
  { kind: 'comment', text: 'Anything else?', required: false },
];

export async function buildSurvey(
  db: DbTx,
  o: { title?: string; intro?: string; titleId?: string | null; introId?: string | null; archived?: boolean; questions?: QuestionOverrides[] } = {},
) {
  return db.survey.create({
    data: {
      title: o.title ?? `Weekly pulse ${uid()}`,
      intro: o.intro ?? '',
      titleId: o.titleId ?? null,
      introId: o.introId ?? null,
      archived: o.archived ?? false,
      questions: {
        create: (o.questions ?? EVERY_KIND).map((q, i) => ({
          position: i + 1,
          kind: q.kind,
          text: q.text ?? `Question ${i + 1}`,
          textId: q.textId ?? null,
          options: JSON.stringify(q.options ?? []),
          optionsId: q.optionsId ? JSON.stringify(q.optionsId) : null,
          required: q.required ?? true,
          enpsScale: q.enpsScale ?? '1-10',
        })),
      },
    },
    include: { questions: { orderBy: { position: 'asc' } } },
  });
}

export interface ScheduleOverrides {
  frequency?: 'weekly' | 'biweekly' | 'monthly' | 'quarterly';
  weekday?: number | null;
  dayOfMonth?: number | null;
  timeOfDay?: string;
  timeZone?: string;
  windowDays?: number;
  reminderCount?: number;
  startDate?: string;
  endDate?: string | null;
  audience?: 'company' | 'departments' | 'teams';
  audienceIds?: string[];
  paused?: boolean;
  nextRunAt?: Date | null;
}

export async function buildSchedule(db: DbTx, surveyId: string, o: ScheduleOverrides = {}) {
  return db.schedule.create({
    data: {
      surveyId,
      frequency: o.frequency ?? 'weekly',
      weekday: o.weekday === undefined ? 1 : o.weekday,
      dayOfMonth: o.dayOfMonth ?? null,
      timeOfDay: o.timeOfDay ?? '09:00',
      timeZone: o.timeZone ?? 'UTC',
      windowDays: o.windowDays ?? 5,
      reminderCount: o.reminderCount ?? 2,
      startDate: o.startDate ?? '2026-03-01',
      endDate: o.endDate ?? null,
      audience: o.audience ?? 'company',
      audienceIds: JSON.stringify(o.audienceIds ?? []),
      paused: o.paused ?? false,
      nextRunAt: o.nextRunAt ?? null,
    },
  });
}
