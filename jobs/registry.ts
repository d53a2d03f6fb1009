import type { Job } from './job';
import { sendEmailsJob } from './send-emails.job';
import { openRoundsJob } from './open-rounds.job';
import { sendRemindersJob } from './send-reminders.job';
import { closeRoundsJob } from './close-rounds.job';
import { purgeAttemptsJob } from './purge-attempts.job';
import { oneOnOnesJob } from './one-on-ones.job';
import { kpiImportsJob } from './kpi-imports.job';
import { weeklyDigestJob } from './weekly-digest.job';

/** Every job Pulse runs. */
export const JOBS: Job[] = [sendEmailsJob, openRoundsJob, sendRemindersJob, closeRoundsJob, purgeAttemptsJob, oneOnOnesJob, kpiImportsJob, weeklyDigestJob];
