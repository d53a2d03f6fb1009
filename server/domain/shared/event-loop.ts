/** Lets every other waiting callback (requests, timers, I/O) run before going on: long CPU work in slices. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Calls `yieldToEventLoop` every `every` steps of a loop (`i` counts from 0). */
export async function breathe(i: number, every = 200): Promise<void> {
  if (i % every === every - 1) await yieldToEventLoop();
}
