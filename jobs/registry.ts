import type { Job } from './job';
import { sendEmailsJob } from './send-emails.job';

/** Every job Pulse runs. */
export const JOBS: Job[] = [sendEmailsJob];
