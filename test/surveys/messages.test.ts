import { SURVEY_MESSAGES } from '../../server/domain/surveys/survey.schema';
import { SCHEDULE_MESSAGES } from '../../server/domain/surveys/schedule.schema';
import { BANK_TOPICS, QUESTION_BANK } from '../../server/domain/surveys/question-bank';
import { translateIssue } from '../../server/http/forms/survey-messages';
import { keys } from '../../server/i18n/i18n';

describe('survey messages and labels', () => {
  it('has every schema message in both languages, the English one word for word', () => {
    for (const message of [...Object.values(SURVEY_MESSAGES), ...Object.values(SCHEDULE_MESSAGES)]) {
      expect(translateIssue('en', message)).toBe(message);
      expect(translateIssue('id', message)).not.toBe(message);
    }
  });

  it('has a label for every question kind, bank topic and frequency used by the pages', () => {
    const wanted = [
      ...['enps', 'rating', 'single', 'multi', 'comment'].map((k) => `surveys.kind.${k}`),
      ...BANK_TOPICS.map((topic) => `surveys.topic.${topic}`),
      ...['weekly', 'biweekly', 'monthly', 'quarterly'].map((f) => `surveys.schedule.frequency.${f}`),
    ];
    for (const locale of ['en', 'id'] as const) expect(keys(locale)).toEqual(expect.arrayContaining(wanted));
  });

  it('offers 20 to 30 bank questions across every topic, each in English and Bahasa Indonesia', () => {
    expect(QUESTION_BANK.length).toBeGreaterThanOrEqual(20);
    expect(QUESTION_BANK.length).toBeLessThanOrEqual(30);
    expect(new Set(QUESTION_BANK.map((q) => q.topic))).toEqual(new Set(BANK_TOPICS));
    expect(new Set(QUESTION_BANK.map((q) => q.id)).size).toBe(QUESTION_BANK.length);
    for (const q of QUESTION_BANK) {
      expect(q.text).not.toBe(q.textId);
      expect(q.textId.length).toBeGreaterThan(5);
    }
  });
});
