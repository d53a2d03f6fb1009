/**
 * The load generator, run as its own process by the answer benchmark: autocannon POSTs the answer form to
 * /s/<token> on 127.0.0.1, each request with the next unused token from a file (one per line).
 * Usage: load.ts <json options>. Prints the summary as JSON on the last line. Bounded by count and time.
 */
import fs from 'node:fs';
import autocannon, { type Result } from 'autocannon';

interface LoadOptions {
  url: string;
  tokensFile: string;
  connections: number;
  amount: number;
  body: string;
  maxSeconds: number;
}

async function main(): Promise<void> {
  const o = JSON.parse(process.argv[2]) as LoadOptions;
  const tokens = fs.readFileSync(o.tokensFile, 'utf8').split('\n').filter(Boolean);
  if (tokens.length < o.amount) throw new Error(`need ${o.amount} tokens, have ${tokens.length}`);
  let next = 0;
  const started = performance.now();
  let lastResponse = started;
  let instance: { stop(): void; on(event: 'response', listener: () => void): void } | undefined;
  const finished = new Promise<Result>((resolve, reject) => {
    instance = autocannon({
    url: o.url,
    connections: o.connections,
    amount: o.amount,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: o.body,
        setupRequest: (req) => ({ ...req, path: `/s/${tokens[next++ % tokens.length]}` }),
      },
    ],
  }, (err, res) => (err ? reject(err) : resolve(res)));
    instance.on('response', () => (lastResponse = performance.now()));
  });
  const guard = setTimeout(() => instance?.stop(), o.maxSeconds * 1000);
  const result = await finished;
  clearTimeout(guard);
  // autocannon notices the end of an `amount` run on its once-a-second tick, and its duration is rounded: the
  // run lasts from the start to the last response, measured here to the millisecond.
  const seconds = Math.round(lastResponse - started) / 1000;
  console.log(
    JSON.stringify({
      requests: result.requests.total,
      seconds,
      rps: Math.round(result.requests.total / seconds),
      p50: result.latency.p50,
      p99: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
