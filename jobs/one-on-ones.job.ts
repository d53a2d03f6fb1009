import type { Job } from './job';
import { runOneOnOneTick } from '../server/domain/one-on-ones/reminders.service';

/** 1:1s: records meetings that are over, makes each series' next meeting, queues due reminders (all claimed in the database). */
export const oneOnOnesJob: Job = {
  name: 'one-on-ones',
  schedule: '* * * * *',
  perform: (ctx) => runOneOnOneTick(ctx),
};
