/**
 * Group commit for the raw stores: the calls made during one turn of the event loop are handed to `flush`
 * together (at most `maxBatch` at a time), so they share one transaction or one statement. Each caller still
 * gets its own outcome, and only once `flush` has returned, i.e. after the commit: batching delays a write
 * by one `setImmediate` at most and never acknowledges anything the database does not hold yet.
 */

/** One item's outcome: its value, or the error that failed it alone. */
export type ItemOutcome<R> = { value: R } | { err: unknown };

export interface TurnBatcher<T, R> {
  /** Queues `item` for this turn's batch; resolves (or rejects) with its own outcome after the commit. */
  add(item: T): Promise<R>;
  /** Resolves once nothing is queued or being written. */
  idle(): Promise<void>;
}

interface Queued<T, R> {
  item: T;
  resolve(value: R): void;
  reject(err: unknown): void;
}

/**
 * A batcher over `flush`, which writes a batch and returns one outcome per item, in order. If `flush` throws,
 * every item of that batch fails with its error.
 */
export function turnBatcher<T, R>(flush: (items: T[]) => Promise<Array<ItemOutcome<R>>>, maxBatch: number): TurnBatcher<T, R> {
  let queue: Array<Queued<T, R>> = [];
  let running: Promise<void> | null = null;

  const drain = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      try {
        const outcomes = await flush(batch.map((q) => q.item));
        outcomes.forEach((o, i) => ('err' in o ? batch[i].reject(o.err) : batch[i].resolve(o.value)));
      } catch (err) {
        for (const q of batch) q.reject(err);
      }
    }
    running = null;
  };

  return {
    add: (item) =>
      new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        running ??= new Promise<void>((done) => setImmediate(() => void drain().then(done)));
      }),
    async idle() {
      while (running) await running;
    },
  };
}
