/** Long loops give the event loop back every few milliseconds, so no request waits behind them (CSV imports). */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A function to await inside a loop: it yields to the event loop once `sliceMs` have passed since the last yield. */
export function timeSlicer(sliceMs = 8): () => Promise<void> {
  let since = performance.now();
  return async () => {
    if (performance.now() - since < sliceMs) return;
    await breathe();
    since = performance.now();
  };
}
