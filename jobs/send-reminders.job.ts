import type { Job } from './job';
import { sendDueReminders } from '../server/domain/rounds/reminders.service';

/** Queues due reminders to people who have not answered an open round. */
export const sendRemindersJob: Job = {
  name: 'send-reminders',
  schedule: '*/5 * * * *',
  perform: (ctx) => sendDueReminders(ctx),
};
