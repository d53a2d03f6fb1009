/**
 * Schedules the registered jobs with node-cron. A job never overlaps itself within this process; across
 * processes the jobs' own database claims keep work from being done twice. `ctx.kick(name)` runs a job soon
 * (coalescing repeated kicks) instead of waiting for its tick.
 */
import cron from 'node-cron';
import type { AppContext } from '../server/context';
import type { Job } from './job';
import { JOBS } from './registry';

export interface RunningJobs {
  stop(): Promise<void>;
}

export function startJobs(ctx: AppContext, jobs: Job[] = JOBS): RunningJobs {
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();
  let stopped = false;

  const run = (job: Job): Promise<void> => {
    const current = running.get(job.name);
    if (current) {
      again.add(job.name);
      return current;
    }
    const p = (async () => {
      try {
        await job.perform(ctx);
      } catch (err) {
        ctx.logger.error({ err, job: job.name }, 'job failed');
      } finally {
        running.delete(job.name);
        if (again.delete(job.name) && !stopped) void run(job);
      }
    })();
    running.set(job.name, p);
    return p;
  };

  const tasks = jobs.map((job) =>
    cron.schedule(job.schedule, () => (stopped ? undefined : run(job)), { name: job.name, noOverlap: true, distributed: false }),
  );
  ctx.kick = (name) => {
    const job = jobs.find((j) => j.name === name);
    if (job && !stopped) setImmediate(() => void run(job));
  };
  return {
    async stop() {
      stopped = true;
      ctx.kick = () => undefined;
      await Promise.all(tasks.map((t) => t.stop()));
      await Promise.all([...running.values()]);
    },
  };
}
