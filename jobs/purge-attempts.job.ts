import type { Job } from './job';
import { purgeAttempts } from '../server/domain/auth/attempts.service';

/** Deletes failed-attempt counters whose window has ended (any instance may run it; deleting twice is harmless). */
export const purgeAttemptsJob: Job = {
  name: 'purge-attempts',
  schedule: '17 * * * *',
  perform: (ctx) => purgeAttempts(ctx),
};
