import type { Job } from './job';
import { queueDueDigests } from '../server/domain/digest/digest.service';

/** The managers' weekly digest: every 10 minutes, queues the digests due (local Monday morning), claimed in the database. */
export const weeklyDigestJob: Job = {
  name: 'weekly-digest',
  schedule: '*/10 * * * *',
  perform: (ctx) => queueDueDigests(ctx),
};
