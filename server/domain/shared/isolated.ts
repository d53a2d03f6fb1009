import type { Logger } from '../../logger';

/**
 * Runs `work` on each item in turn. An item that throws is logged, with `describe(item)` saying which, and the
 * others still run: one bad round (a corrupt row, a zone this runtime does not know) must not stop a job for
 * every round. Returns how many items failed.
 */
export async function forEachIsolated<T>(
  logger: Logger,
  job: string,
  items: readonly T[],
  describe: (item: T) => Record<string, unknown>,
  work: (item: T) => Promise<void>,
): Promise<number> {
  let failed = 0;
  for (const item of items) {
    try {
      await work(item);
    } catch (err) {
      failed++;
      logger.error({ err, job, ...describe(item) }, `${job}: one item failed; the others go on`);
    }
  }
  return failed;
}
