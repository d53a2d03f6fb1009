import type { Job } from './job';
import { drainOutbox } from '../server/domain/email/sender.service';

/** Sends what the outbox holds (also run at once whenever an email is queued in this process). */
export const sendEmailsJob: Job = {
  name: 'send-emails',
  schedule: '*/30 * * * * *',
  perform: (ctx) => drainOutbox(ctx, ctx.mail),
};
