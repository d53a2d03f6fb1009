import type { Job } from './job';
import { openDueRounds } from '../server/domain/rounds/open-round.service';

/** Opens the rounds whose scheduled slot has come (claimed in the database, so any number of instances may tick). */
export const openRoundsJob: Job = {
  name: 'open-rounds',
  schedule: '* * * * *',
  perform: (ctx) => openDueRounds(ctx),
};
