/**
 * In-memory caches of the raw aggregated numbers of CLOSED rounds, which never change once closed: the full
 * round cube (round pages, CSV), the round's eNPS slice (team and department trends) and its company eNPS
 * totals (the overview). What is cached is the unsuppressed
 * aggregate, never a view: thresholds, publication and the viewer's scope are applied on every request.
 * Only released rounds are cached (their answers written once and for all: rounds/release.service.ts, which waits
 * CLOSED_SETTLE_MS after closing so an answer still in flight is never left out). One cache per database client
 * (a test's fresh database never sees another's).
 * Behind the caches, settled rounds' slices and cubes are also stored in the database (stored-slices.ts,
 * stored-cubes.ts).
 */
import type { AppContext } from '../../context';
import { Lru } from './lru';
import type { RoundCube } from './round-cube';
import type { CompanyTotals, EnpsSlice } from './enps-slice';

/** Round cubes kept (a few hundred KB each at 10,000 people). */
export const CUBE_ENTRIES = 32;
/** eNPS slices kept (a few tens of KB each): five years of weekly rounds. */
export const SLICE_ENTRIES = 260;
export const CLOSED_SETTLE_MS = 60_000;

interface Caches {
  cubes: Lru<RoundCube>;
  slices: Lru<EnpsSlice>;
  totals: Lru<CompanyTotals>;
}

const byDatabase = new WeakMap<object, Caches>();

export function cachesOf(ctx: AppContext): Caches {
  let caches = byDatabase.get(ctx.db);
  if (!caches) {
    caches = { cubes: new Lru<RoundCube>(CUBE_ENTRIES), slices: new Lru<EnpsSlice>(SLICE_ENTRIES), totals: new Lru<CompanyTotals>(SLICE_ENTRIES) };
    byDatabase.set(ctx.db, caches);
  }
  return caches;
}

/** Whether a round's numbers are final: closed and its answers released. */
export function settled(round: { status: string; releasedAt: Date | null }): boolean {
  return round.status === 'closed' && round.releasedAt !== null;
}

/** Drops a round's cached numbers (its responses changed: a late release). */
export function forgetRound(ctx: AppContext, roundId: string): void {
  const c = cachesOf(ctx);
  c.cubes.delete(roundId);
  c.slices.delete(roundId);
  c.totals.delete(roundId);
}

/** Empties the in-process caches of `ctx`'s database (benchmarks measure a cold start with it); stored slices stay. */
export function forgetCachedRounds(ctx: AppContext): void {
  byDatabase.delete(ctx.db);
}
