/**
 * Ready-made pulse questions HR can pick from in the editor, each in English and Bahasa Indonesia.
 * Picking one copies it into the survey, where it can be edited like any other question.
 */
import type { QuestionInput, QuestionKind } from './survey.schema';
import { DEFAULT_ENPS_TEXT } from './survey.schema';

export const BANK_TOPICS = ['engagement', 'recognition', 'growth', 'workload', 'manager', 'wellbeing', 'alignment', 'tools'] as const;
export type BankTopic = (typeof BANK_TOPICS)[number];

export interface BankQuestion {
  id: string;
  topic: BankTopic;
  kind: QuestionKind;
  text: string;
  textId: string;
  options?: string[];
  /** The options in Bahasa Indonesia, same order. */
  optionsId?: string[];
}

const rating = (id: string, topic: BankTopic, text: string, textId: string): BankQuestion => ({ id, topic, kind: 'rating', text, textId });

export const QUESTION_BANK: readonly BankQuestion[] = [
  { id: 'enps', topic: 'engagement', kind: 'enps', text: DEFAULT_ENPS_TEXT.en, textId: DEFAULT_ENPS_TEXT.id },
  rating('engagement-proud', 'engagement', 'I am proud to work here.', 'Saya bangga bekerja di sini.'),
  rating('engagement-motivated', 'engagement', 'I feel motivated to go beyond what is expected of me.', 'Saya termotivasi untuk bekerja melampaui apa yang diharapkan dari saya.'),
  rating('engagement-stay', 'engagement', 'I see myself still working here in two years.', 'Saya melihat diri saya masih bekerja di sini dua tahun lagi.'),
  rating('recognition-valued', 'recognition', 'I feel valued for the work I do.', 'Saya merasa dihargai atas pekerjaan yang saya lakukan.'),
  rating('recognition-recent', 'recognition', 'In the last two weeks I received recognition for good work.', 'Dalam dua minggu terakhir saya mendapat pengakuan atas pekerjaan yang baik.'),
  { id: 'recognition-who', topic: 'recognition', kind: 'comment', text: 'Who on your team deserves a thank-you this week, and why?', textId: 'Siapa di tim Anda yang layak mendapat ucapan terima kasih minggu ini, dan mengapa?' },
  rating('growth-learning', 'growth', 'I am learning and growing in my role.', 'Saya belajar dan berkembang dalam peran saya.'),
  rating('growth-path', 'growth', 'I can see a path for my career here.', 'Saya melihat jalur karier saya di sini.'),
  {
    id: 'growth-support',
    topic: 'growth',
    kind: 'multi',
    text: 'Which would help you grow most right now?',
    textId: 'Apa yang paling membantu Anda berkembang saat ini?',
    options: ['Coaching from my manager', 'Training or courses', 'New responsibilities', 'Time to learn', 'A mentor'],
    optionsId: ['Pembinaan dari atasan saya', 'Pelatihan atau kursus', 'Tanggung jawab baru', 'Waktu untuk belajar', 'Seorang mentor'],
  },
  rating('workload-manageable', 'workload', 'My workload is manageable.', 'Beban kerja saya dapat dikelola.'),
  {
    id: 'workload-week',
    topic: 'workload',
    kind: 'single',
    text: 'How was your workload this week?',
    textId: 'Bagaimana beban kerja Anda minggu ini?',
    options: ['Too light', 'About right', 'Too heavy'],
    optionsId: ['Terlalu ringan', 'Pas', 'Terlalu berat'],
  },
  rating('workload-targets', 'workload', 'My sales targets are realistic.', 'Target penjualan saya realistis.'),
  rating('manager-support', 'manager', 'My manager supports me when I need help.', 'Atasan saya mendukung saya ketika saya membutuhkan bantuan.'),
  rating('manager-feedback', 'manager', 'My manager gives me useful feedback.', 'Atasan saya memberi saya umpan balik yang bermanfaat.'),
  rating('manager-care', 'manager', 'My manager cares about me as a person.', 'Atasan saya peduli pada saya sebagai pribadi.'),
  rating('wellbeing-balance', 'wellbeing', 'I can balance my work and my personal life.', 'Saya dapat menyeimbangkan pekerjaan dan kehidupan pribadi saya.'),
  rating('wellbeing-energy', 'wellbeing', 'I end most working days with energy left.', 'Saya mengakhiri sebagian besar hari kerja dengan energi yang masih tersisa.'),
  rating('wellbeing-safe', 'wellbeing', 'I feel safe to speak up about problems.', 'Saya merasa aman untuk menyampaikan masalah.'),
  rating('alignment-goals', 'alignment', 'I understand how my work contributes to company goals.', 'Saya memahami bagaimana pekerjaan saya berkontribusi pada tujuan perusahaan.'),
  rating('alignment-informed', 'alignment', 'I am kept informed about what is happening in the company.', 'Saya mendapat informasi tentang apa yang terjadi di perusahaan.'),
  rating('alignment-priorities', 'alignment', 'Our team priorities are clear.', 'Prioritas tim kami jelas.'),
  rating('tools-have', 'tools', 'I have the tools I need to do my job well.', 'Saya memiliki alat yang saya perlukan untuk bekerja dengan baik.'),
  rating('tools-crm', 'tools', 'Our CRM and sales tools help more than they hinder.', 'CRM dan alat penjualan kami lebih banyak membantu daripada menghambat.'),
  { id: 'tools-improve', topic: 'tools', kind: 'comment', text: 'What one change would make your work easier?', textId: 'Satu perubahan apa yang akan membuat pekerjaan Anda lebih mudah?' },
  { id: 'open-anything', topic: 'engagement', kind: 'comment', text: 'Anything else you would like to share?', textId: 'Ada hal lain yang ingin Anda sampaikan?' },
];

/** The bank questions with these ids, in bank order; unknown ids are ignored. */
export function bankQuestions(ids: readonly string[]): BankQuestion[] {
  const wanted = new Set(ids);
  return QUESTION_BANK.filter((q) => wanted.has(q.id));
}

/** A bank question as editor input (required, default scale). */
export function bankToInput(q: BankQuestion): QuestionInput {
  return { kind: q.kind, text: q.text, textId: q.textId, required: q.kind !== 'comment', options: q.options ? [...q.options] : [], optionsId: q.optionsId ? [...q.optionsId] : null, enpsScale: '1-10' };
}
