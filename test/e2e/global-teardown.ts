/** Closes the shared browser, removes the run's databases, and prints how long the whole e2e run took. */
import globalTeardown from '../helpers/global-teardown';
import { e2eRun } from './run-state';

export default async function e2eGlobalTeardown(): Promise<void> {
  await e2eRun.browser?.close();
  await globalTeardown();
  if (e2eRun.startedAt) process.stdout.write(`\ne2e: all journeys ran in ${((Date.now() - e2eRun.startedAt) / 1000).toFixed(1)} s\n`);
}
