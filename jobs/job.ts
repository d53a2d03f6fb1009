import type { AppContext } from '../server/context';

/**
 * A scheduled job. node-cron only supplies the tick: `perform` asks the database what is due and claims it
 * atomically, so any number of instances may run the same job. Tests and the CLI call `perform` directly.
 */
export interface Job {
  name: string;
  /** A cron expression (node-cron syntax, seconds optional). */
  schedule: string;
  perform(ctx: AppContext): Promise<unknown>;
}
