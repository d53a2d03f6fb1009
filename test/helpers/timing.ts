/** Measuring how long the server takes, for tests that compare timings (account enumeration). */
import express, { type Express } from 'express';

/**
 * `app` behind a stopwatch: how long the server took from the request's arrival to handing the last byte of the
 * answer to the network (the client shares this process, so its own clock would also count server work done
 * after the answer left, which a remote attacker never sees).
 */
export function timed(app: Express) {
  let last = 0;
  const outer = express();
  outer.use((_req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => (last = Number(process.hrtime.bigint() - started) / 1e6));
    next();
  });
  outer.use(app);
  return { app: outer, last: () => last };
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The first and third quartiles. */
export const quartiles = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return [s[Math.floor(s.length / 4)], s[Math.floor((3 * s.length) / 4)]];
};
