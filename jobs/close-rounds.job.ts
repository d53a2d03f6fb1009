import type { Job } from './job';
import { closeDueRounds } from '../server/domain/rounds/close-rounds.service';

/** Closes rounds whose answer window has ended. */
export const closeRoundsJob: Job = {
  name: 'close-rounds',
  schedule: '* * * * *',
  perform: (ctx) => closeDueRounds(ctx),
};
